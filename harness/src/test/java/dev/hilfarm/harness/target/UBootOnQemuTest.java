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
 * boot: autoboot interrupted, {@code => } prompt, version, the key seen by the running U-Boot.
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

    @TempDir
    Path work;

    @BeforeAll
    static void build() throws IOException {
        vexpress = TestBoards.vexpressA9();
        String fragment;
        try (InputStream in = UBootOnQemuTest.class.getResourceAsStream("/uboot/vexpress-fit.config")) {
            fragment = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String publicKey;
        try (InputStream in = UBootOnQemuTest.class.getResourceAsStream("/uboot/hilfarm-test.pem")) {
            publicKey = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        // A fixed public key (its private half was thrown away), so the build's cache key is stable.
        recipe = new UBootRecipe(vexpress.bootloader().ubootDefconfig().orElseThrow(),
                Optional.of(KconfigFragment.parse("vexpress-fit.config", fragment)),
                Optional.of(FitSigningKey.parse("hilfarm-test.pem", "hilfarm-test", publicKey, "conf")));
        int jobs = Math.min(2, Runtime.getRuntime().availableProcessors());
        build = UBootCache.atDefaultLocation().build(recipe, jobs, line -> System.out.println("u-boot: " + line));
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
            console.sendLine("fdt print /signature/key-hilfarm-test");
            console.expect(Pattern.compile("key-hilfarm-test \\{"), COMMAND);
            console.expect(Pattern.compile("key-name-hint = \"hilfarm-test\""), COMMAND);
            console.expect(Pattern.compile("algo = \"sha256,rsa2048\""), COMMAND);
            console.expect(Pattern.compile("required = \"conf\""), COMMAND);
            console.expect(prompt, COMMAND);
        }
        String log = String.join("\n", transcript.tail(200));
        assertTrue(log.contains("Hit any key to stop autoboot"), log);
        // vexpress's bootcmd starts with the SD card: had autoboot run, it would have said so.
        assertFalse(log.contains("MMC Device"), "autoboot was interrupted before it tried to boot:\n" + log);
    }

    private static String fdtget(Path dtb, String type, String property) {
        return HostCommand.of("fdtget", "-t", type, dtb.toString(), "/signature/key-hilfarm-test", property)
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
        assertEquals("hilfarm-test sha256,rsa2048 required=conf", build.manifest().fitKey());
        assertEquals("sha256,rsa2048\n", fdtget(dtb, "s", "algo"));
        assertEquals("conf\n", fdtget(dtb, "s", "required"));
        assertEquals("2048\n", fdtget(dtb, "i", "rsa,num-bits"));
        assertEquals(64, fdtget(dtb, "x", "rsa,modulus").strip().split("\\s+").length, "2048 bits in 32-bit cells");
    }
}
