package dev.hilfarm.harness.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Match;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.strategy.BootState;
import dev.hilfarm.harness.strategy.BootStrategy;
import dev.hilfarm.harness.strategy.BootTimeouts;
import dev.hilfarm.harness.testboard.TestBoards;
import dev.hilfarm.image.uboot.FitSigningKey;
import dev.hilfarm.image.uboot.KconfigFragment;
import dev.hilfarm.image.uboot.UBootArtefact;
import dev.hilfarm.image.uboot.UBootBuild;
import dev.hilfarm.image.uboot.UBootCache;
import dev.hilfarm.image.uboot.UBootRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * U-Boot built from Debian's source package for vexpress_ca9x4 with the emulated board's fragment
 * (FIT, FIT signature) and a FIT signature public key in its control device tree, booted on QEMU's
 * vexpress-a9 through the same QemuTarget, pty, jSerialComm console and boot strategy as a Linux
 * boot: autoboot interrupted, {@code => } prompt, version, the key seen by the running U-Boot, and
 * U-Boot itself accepting a FIT signed with that key and refusing one signed with another.
 *
 * <p>One build per cache (the first run fetches the source and builds for about half a minute;
 * afterwards the cached build is reused), so CI pays for it once.
 */
@Tag("uboot")
class UBootOnQemuTest {

    private static final Duration COMMAND = Duration.ofSeconds(20);

    private static BoardProfile vexpress;
    private static UBootRecipe recipe;
    private static UBootBuild build;
    private static Path keys;

    private static final String KEY = "hilfarm-dev";
    /* Where QEMU's loader puts the FIT images: free RAM below the 1 GiB top U-Boot relocates to. */
    private static final long SIGNED_FIT = 0x62000000L;
    private static final long FORGED_FIT = 0x63000000L;
    private static final String FIT_SOURCE = """
            /dts-v1/;
            / {
            	description = "hilfarm signed FIT check";
            	#address-cells = <1>;
            	images {
            		kernel-1 {
            			description = "payload";
            			data = /incbin/("payload.bin");
            			type = "kernel";
            			arch = "arm";
            			os = "linux";
            			compression = "none";
            			load = <0x64000000>;
            			entry = <0x64000000>;
            			hash-1 { algo = "sha256"; };
            		};
            	};
            	configurations {
            		default = "conf-1";
            		conf-1 {
            			kernel = "kernel-1";
            			signature-1 { algo = "sha256,rsa2048"; key-name-hint = "hilfarm-dev"; sign-images = "kernel"; };
            		};
            	};
            };
            """;

    @TempDir
    Path work;

    @BeforeAll
    static void build() throws IOException {
        vexpress = TestBoards.vexpressA9();
        String fragment;
        try (InputStream in = UBootOnQemuTest.class.getResourceAsStream("/uboot/vexpress-fit.config")) {
            fragment = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        UBootCache cache = UBootCache.atDefaultLocation();
        // The development key pair that the bundled recipes sign with ($HIL_CACHE/keys, made once per
        // cache): with the same fragment this is the very U-Boot build the recipes use, built once.
        keys = new dev.hilfarm.image.recipe.SigningKeys(cache.root().resolve("keys")).get(KEY, line -> { })
                .certificate().getParent();
        Path certificate = keys.resolve(KEY + ".crt");
        recipe = new UBootRecipe(vexpress.bootloader().ubootDefconfig().orElseThrow(),
                Optional.of(KconfigFragment.parse("vexpress-fit.config", fragment)),
                Optional.of(FitSigningKey.parse(certificate.toString(), KEY, Files.readString(certificate), "conf")));
        int jobs = Math.min(2, Runtime.getRuntime().availableProcessors());
        build = cache.build(recipe, jobs, line -> System.out.println("u-boot: " + line));
        System.out.println("u-boot: " + (build.fromCache() ? "from the cache" : "fetched and built") + " in "
                + build.took().toMillis() + " ms");
    }

    @Test
    void bootsToThePromptAndReportsTheDebianRelease() {
        Transcript transcript = Transcript.toFile(work.resolve("console.log"));
        try (QemuTarget target = QemuTarget.bootingUBoot(vexpress, build.elf(), work.resolve("qemu"),
                ConsoleSettings.defaults(), transcript, 1)) {
            assertTrue(target.hasBootloaderStage());
            assertTrue(target.arguments(work.resolve("qmp.sock")).containsAll(java.util.List.of("-M", "vexpress-a9",
                    "-m", "1024M", "-kernel", build.elf().toString())));
            BootStrategy strategy = new BootStrategy(target, BootTimeouts.defaults());

            strategy.transition(BootState.BOOTLOADER);

            Console console = target.console();
            console.sendLine("version");
            Match version = console.expect(Pattern.compile("U-Boot (\\S+) \\("), COMMAND);
            assertEquals(build.manifest().upstreamVersion() + "-hilfarm", version.group(1));
            assertEquals("2023.01-hilfarm", version.group(1), "Debian 12's U-Boot, with the fragment's LOCALVERSION");
            console.expect(Pattern.compile("arm-linux-gnueabihf-gcc .*\\n"), COMMAND);
            Pattern prompt = Pattern.compile(Pattern.quote(vexpress.bootloader().prompt()) + "$");
            console.expect(prompt, COMMAND);

            // The key is in the control device tree the running U-Boot checks signatures against.
            console.sendLine("fdt addr $fdtcontroladdr");
            console.expect(prompt, COMMAND);
            console.sendLine("fdt print /signature/key-hilfarm-dev");
            console.expect(Pattern.compile("key-hilfarm-dev \\{"), COMMAND);
            console.expect(Pattern.compile("key-name-hint = \"hilfarm-dev\""), COMMAND);
            console.expect(Pattern.compile("algo = \"sha256,rsa2048\""), COMMAND);
            console.expect(Pattern.compile("required = \"conf\""), COMMAND);
            console.expect(prompt, COMMAND);
        }
        String log = String.join("\n", transcript.tail(200));
        assertTrue(log.contains("Hit any key to stop autoboot"), log);
        // vexpress's bootcmd starts with the SD card: had autoboot run, it would have said so.
        assertFalse(log.contains("MMC Device"), "autoboot was interrupted before it tried to boot:\n" + log);
    }

    @Test
    void verifiesAFitSignedWithItsKeyAndRefusesOneSignedWithAnother() throws IOException {
        Files.write(work.resolve("payload.bin"), "hilfarm payload".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(work.resolve("image.its"), FIT_SOURCE);
        Path signed = work.resolve("signed.fit");
        mkimage(keys, signed);
        // Same key name, different key: what an attacker without the private key can make.
        Path otherKeys = keyPair(Files.createDirectories(work.resolve("other-keys")));
        Path forged = work.resolve("forged.fit");
        mkimage(otherKeys, forged);
        String listing = HostCommand.of("mkimage", "-l", signed.toString()).providedBy("u-boot-tools").runChecked().stdout();
        assertTrue(listing.matches("(?s).*Sign algo: +sha256,rsa2048:" + KEY + "\\b.*"), listing);

        Transcript transcript = Transcript.toFile(work.resolve("console.log"));
        try (QemuTarget target = QemuTarget.bootingUBoot(vexpress, build.elf(), work.resolve("qemu"),
                ConsoleSettings.defaults(), transcript, 1)) {
            target.loadIntoRam(signed, SIGNED_FIT).loadIntoRam(forged, FORGED_FIT);
            new BootStrategy(target, BootTimeouts.defaults()).transition(BootState.BOOTLOADER);
            Console console = target.console();
            Pattern prompt = Pattern.compile(Pattern.quote(vexpress.bootloader().prompt()) + "$");

            console.sendLine("bootm start 0x" + Long.toHexString(SIGNED_FIT));
            console.expect(Pattern.compile("sha256,rsa2048:" + KEY + "\\+ OK"), COMMAND);
            console.expect(prompt, COMMAND);

            console.sendLine("bootm start 0x" + Long.toHexString(FORGED_FIT));
            Match refused = console.expect(Pattern.compile("sha256,rsa2048:" + KEY + "-[\\s\\S]*?"
                    + "Failed to verify required signature 'key-" + KEY + "'"), COMMAND);
            assertFalse(refused.matched().contains("+ OK"), refused.matched());
            console.expect(Pattern.compile("ERROR: can't get kernel image!"), COMMAND);
            console.expect(prompt, COMMAND);
        }
    }

    /**
     * The same build on hilfarm's emulator, with both NOR flash banks backed by files: U-Boot
     * reaches its prompt, erases and programs flash 1 with its own flash commands, and after a
     * power cycle (a new emulated board on the same files) reads back what it wrote.
     */
    @Test
    void runsOnTheEmulatorAndItsFlashWritesSurviveAPowerCycle() throws IOException {
        java.util.List<Path> flash = java.util.List.of(work.resolve("flash0.img"), work.resolve("flash1.img"));
        for (Path f : flash) {
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                file.setLength(64L << 20);
            }
        }
        Pattern prompt = Pattern.compile(Pattern.quote(vexpress.bootloader().prompt()) + "$");
        Transcript transcript = Transcript.toFile(work.resolve("emulator-console.log"));
        try (EmulatorTarget target = EmulatorTarget.bootingUBoot(vexpress, build.elf(), flash, ConsoleSettings.defaults(),
                transcript)) {
            assertTrue(target.hasBootloaderStage());
            new BootStrategy(target, BootTimeouts.defaults()).transition(BootState.BOOTLOADER);
            Console console = target.console();
            console.sendLine("version");
            assertEquals("2023.01-hilfarm", console.expect(Pattern.compile("U-Boot (\\S+) \\("), COMMAND).group(1));
            console.expect(prompt, COMMAND);
            console.sendLine("erase 44000000 +40000");
            console.expect(Pattern.compile("Erased 2 sectors"), COMMAND);
            console.expect(prompt, COMMAND);
            console.sendLine("mw.b 60000000 5a 100; cp.b 60000000 44000000 100");
            console.expect(Pattern.compile("Copy to Flash\\.\\.\\. done"), COMMAND);
            console.expect(prompt, COMMAND);
        }
        String log = String.join("\n", transcript.tail(300));
        assertTrue(log.contains("Flash: 64 MiB"), "the CFI flash is found as on QEMU:\n" + log);
        byte[] written = Files.readAllBytes(flash.get(1));
        for (int i = 0; i < 0x100; i++) {
            assertEquals(0x5a, written[i], "byte " + i + " of flash 1 in its file");
        }
        assertEquals((byte) 0xff, written[0x100], "the rest of the erased sector");
        try (EmulatorTarget target = EmulatorTarget.bootingUBoot(vexpress, build.elf(), flash, ConsoleSettings.defaults(),
                Transcript.toFile(work.resolve("emulator-console-2.log")))) {
            new BootStrategy(target, BootTimeouts.defaults()).transition(BootState.BOOTLOADER);
            Console console = target.console();
            console.sendLine("md.b 44000000 10");
            console.expect(Pattern.compile("44000000: 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a"), COMMAND);
            console.expect(prompt, COMMAND);
        }
    }

    /**
     * U-Boot on the emulator boots Linux it loaded from NOR flash: Debian's zImage, the test
     * initramfs and the board's dtb are written into the flash 1 image file, U-Boot copies them to
     * RAM with its own cp.b and starts them with bootz, and the busybox shell answers.
     */
    @Test
    void onTheEmulatorBootsLinuxItLoadedFromFlash() throws IOException {
        dev.hilfarm.harness.target.LinuxImages linux = dev.hilfarm.harness.session.TargetSession.directBootImages(vexpress);
        byte[] kernel = Files.readAllBytes(linux.kernel());
        byte[] initramfs = Files.readAllBytes(linux.initramfs());
        byte[] dtb = Files.readAllBytes(linux.dtb());
        Path flash0 = work.resolve("boot-flash0.img");
        Path flash1 = work.resolve("boot-flash1.img");
        try (java.io.RandomAccessFile f0 = new java.io.RandomAccessFile(flash0.toFile(), "rw");
             java.io.RandomAccessFile f1 = new java.io.RandomAccessFile(flash1.toFile(), "rw")) {
            f0.setLength(64L << 20);
            f1.setLength(64L << 20);
            f1.seek(0);
            f1.write(kernel);
            f1.seek(0x800000);
            f1.write(initramfs);
            f1.seek(0x3f00000);
            f1.write(dtb);
        }
        Pattern prompt = Pattern.compile(Pattern.quote(vexpress.bootloader().prompt()) + "$");
        Transcript transcript = Transcript.toFile(work.resolve("flash-boot.log"));
        try (EmulatorTarget target = EmulatorTarget.bootingUBoot(vexpress, build.elf(), java.util.List.of(flash0, flash1),
                ConsoleSettings.defaults(), transcript)) {
            new BootStrategy(target, BootTimeouts.defaults()).transition(BootState.BOOTLOADER);
            Console console = target.console();
            for (String command : java.util.List.of(
                    String.format("cp.b 44000000 62000000 %x", kernel.length),
                    String.format("cp.b 44800000 63000000 %x", initramfs.length),
                    String.format("cp.b 47f00000 64000000 %x", dtb.length),
                    "setenv bootargs " + dev.hilfarm.harness.target.LinuxImages.commandLine(vexpress))) {
                console.sendLine(command);
                console.expect(prompt, COMMAND);
            }
            console.sendLine(String.format("bootz 62000000 63000000:%x 64000000", initramfs.length));
            console.expect(Pattern.compile("Starting kernel"), COMMAND);
            console.expect(Pattern.compile("Booting Linux on physical CPU"), Duration.ofSeconds(240));
            console.expect(Pattern.compile("hilfarm:/# "), Duration.ofSeconds(240));
            console.sendLine("uname -m");
            console.expect(Pattern.compile("armv7l"), COMMAND);
        }
    }

    /**
     * U-Boot on the emulator boots Linux from an SD card: an MBR card image (made by hilfarm's
     * image builder) with a FAT boot partition holding Debian's zImage, the test initramfs and
     * the dtb; U-Boot finds the card through the PL181 MMCI, loads the files with fatload and
     * starts them with bootz, and the busybox shell answers.
     */
    @Test
    void onTheEmulatorBootsLinuxFromAnSdCard() throws IOException {
        dev.hilfarm.harness.target.LinuxImages linux = dev.hilfarm.harness.session.TargetSession.directBootImages(vexpress);
        Path sd = work.resolve("sd.img");
        dev.hilfarm.image.format.disk.DiskImage.write(sd, dev.hilfarm.image.format.disk.PartitionTable.MBR, 64L << 20,
                java.util.List.of(new dev.hilfarm.image.format.disk.Partition("boot", 0, true,
                        new dev.hilfarm.image.format.disk.PartitionContent.Fat(Optional.empty(), "BOOT", java.util.List.of(
                                new dev.hilfarm.image.format.disk.FatFile("zImage", Files.readAllBytes(linux.kernel())),
                                new dev.hilfarm.image.format.disk.FatFile("initrd.gz", Files.readAllBytes(linux.initramfs())),
                                new dev.hilfarm.image.format.disk.FatFile("board.dtb", Files.readAllBytes(linux.dtb())))))),
                "hilfarm-sd-test");
        Pattern prompt = Pattern.compile(Pattern.quote(vexpress.bootloader().prompt()) + "$");
        Transcript transcript = Transcript.toFile(work.resolve("sd-boot.log"));
        try (EmulatorTarget target = EmulatorTarget.bootingUBoot(vexpress, build.elf(), java.util.List.of(),
                Optional.of(sd), ConsoleSettings.defaults(), transcript)) {
            new BootStrategy(target, BootTimeouts.defaults()).transition(BootState.BOOTLOADER);
            Console console = target.console();
            console.sendLine("mmc info");
            console.expect(Pattern.compile("Capacity: 64 MiB"), COMMAND);
            console.expect(prompt, COMMAND);
            for (String command : java.util.List.of(
                    "fatload mmc 0:1 63000000 initrd.gz", "setenv initrd_size ${filesize}",
                    "fatload mmc 0:1 62000000 zImage", "fatload mmc 0:1 64000000 board.dtb",
                    "setenv bootargs " + dev.hilfarm.harness.target.LinuxImages.commandLine(vexpress))) {
                console.sendLine(command);
                console.expect(prompt, COMMAND);
            }
            console.sendLine("bootz 62000000 63000000:${initrd_size} 64000000");
            console.expect(Pattern.compile("Starting kernel"), COMMAND);
            console.expect(Pattern.compile("Booting Linux on physical CPU"), Duration.ofSeconds(240));
            console.expect(Pattern.compile("hilfarm:/# "), Duration.ofSeconds(240));
            console.sendLine("uname -m");
            console.expect(Pattern.compile("armv7l"), COMMAND);
        }
        String log = String.join("\n", transcript.tail(400));
        assertTrue(log.matches("(?s).*\\d+ bytes read in \\d+ ms.*"), "fatload read the files:\n" + log);
    }

    private static void mkimage(Path keyDirectory, Path fit) {
        HostCommand.of("mkimage", "-f", fit.resolveSibling("image.its").toString(), "-k", keyDirectory.toString(), "-r",
                fit.toString()).in(fit.getParent()).providedBy("u-boot-tools").runChecked();
    }

    /** NAME.key and NAME.crt in {@code directory}, as mkimage -k expects them. */
    private static Path keyPair(Path directory) {
        Path key = directory.resolve(KEY + ".key");
        HostCommand.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                "-out", key.toString()).providedBy("openssl").runChecked();
        HostCommand.of("openssl", "req", "-batch", "-new", "-x509", "-days", "36500", "-subj", "/CN=hilfarm test key",
                "-key", key.toString(), "-out", directory.resolve(KEY + ".crt").toString()).providedBy("openssl")
                .runChecked();
        return directory;
    }

    private static String fdtget(Path dtb, String type, String property) {
        return HostCommand.of("fdtget", "-t", type, dtb.toString(), "/signature/key-hilfarm-dev", property)
                .providedBy("device-tree-compiler").runChecked().stdout();
    }

    @Test
    void theSameRecipeAgainComesFromTheCacheWithoutMake() {
        UBootBuild again = UBootCache.atDefaultLocation().build(recipe, 1, line -> { });

        assertTrue(again.fromCache());
        assertEquals(build.directory(), again.directory());
        assertEquals(build.manifest(), again.manifest());
        // Fetching (an apt-get update of the source lists) and verifying checksums only.
        assertTrue(again.took().compareTo(Duration.ofSeconds(30)) < 0, "took " + again.took());
    }

    @Test
    void theFragmentReachedTheConfigurationAndTheControlDtbIsWellFormed() throws IOException {
        String config = Files.readString(build.file(UBootArtefact.Role.CONFIG).orElseThrow());
        assertTrue(config.contains("\nCONFIG_FIT=y\n"), "CONFIG_FIT");
        assertTrue(config.contains("\nCONFIG_FIT_SIGNATURE=y\n"), "CONFIG_FIT_SIGNATURE");
        assertTrue(config.contains("\nCONFIG_RSA=y\n"), "FIT_SIGNATURE implies RSA: the fragment was merged into the defconfig, not the full .config");
        assertTrue(config.contains("\nCONFIG_OF_EMBED=y\n"), "vexpress links its control dtb into U-Boot");

        Path dtb = build.directory().resolve("dt.dtb");
        String dts = HostCommand.of("dtc", "-I", "dtb", "-O", "dts", dtb.toString()).providedBy("device-tree-compiler")
                .runChecked().stdout();
        // dtc prints a string list as "a", "b" or, in older versions, as "a\0b".
        assertTrue(dts.contains("compatible = \"arm,vexpress,v2p-ca9"), dts);
        String dump = HostCommand.of("fdtdump", dtb.toString()).providedBy("device-tree-compiler").runChecked().stdout();
        assertTrue(dump.contains("// magic:\t\t0xd00dfeed"), dump);

        // The FIT signature key node, as mkimage -K would have written it.
        assertEquals("hilfarm-dev sha256,rsa2048 required=conf", build.manifest().fitKey());
        assertEquals("sha256,rsa2048\n", fdtget(dtb, "s", "algo"));
        assertEquals("conf\n", fdtget(dtb, "s", "required"));
        assertEquals("2048\n", fdtget(dtb, "i", "rsa,num-bits"));
        assertEquals(64, fdtget(dtb, "x", "rsa,modulus").strip().split("\\s+").length, "2048 bits in 32-bit cells");
    }
}
