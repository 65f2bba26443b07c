package dev.hilfarm.image.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.image.Sha256;
import dev.hilfarm.image.TestImageCache;
import dev.hilfarm.image.hypervisor.HypervisorBuilder;
import dev.hilfarm.image.uboot.UBootCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe builds, checked with the real tools: incremental steps, the manifest, partial results,
 * and the bundled vexpress-a9 recipe end to end (its U-Boot comes from the shared U-Boot cache,
 * built from Debian's source the first time).
 */
class RecipeBuilderTest {
    private static final BoardProfiles BOARDS = BoardProfiles.load(Optional.empty());
    private static final BoardProfile VEXPRESS = BOARDS.get("vexpress-a9");

    /* No U-Boot: the steps after it are what these tests are about, and they build in seconds. */
    private static final String SMALL = """
            name: small
            board: vexpress-a9
            signing-key: test-key
            hypervisor:
              guests:
                - {name: work, program: work}
                - {name: personal, program: personal}
                - {name: drm-service, program: drm-service}
              channels:
                - {from: work, to: drm-service}
                - {from: drm-service, to: work}
                - {from: personal, to: drm-service}
                - {from: drm-service, to: personal}
            fit: {file: hv.itb, description: DESCRIPTION, signed: true}
            outputs:
              - {kind: uimage, file: hv.uimg}
              - {kind: sd-card, file: sd.img, size: 8MiB, boot-files: [hv.itb], load-address: 0x62000000}
              - {kind: sparse, file: sd.simg, from: sd.img}
              - {kind: flash, file: nor.img, size: 1MiB, bank: 1, bank-address: 0x44000000, place: [{at: 0x10000, file: hv.itb}]}
            """;

    @TempDir
    static Path keys;

    @TempDir
    Path out;

    private final List<String> progress = new ArrayList<>();

    private RecipeBuilder builder(Path keyDirectory) {
        return new RecipeBuilder(UBootCache.atDefaultLocation(), new HypervisorBuilder(), new SigningKeys(keyDirectory), 2,
                progress::add);
    }

    private static ImageRecipe small(String description) {
        return new RecipeParser(BOARDS).parse("small.yaml", SMALL.replace("DESCRIPTION", description));
    }

    @Test
    void aSecondBuildKeepsEverythingAndAChangeRebuildsWhatDependsOnIt() throws IOException {
        RecipeBuilder.Result first = builder(keys).build(small("one"), VEXPRESS, out);
        assertEquals(List.of("hv.elf", "hv.bin", "hv.itb", "hv.uimg", "sd.img", "sd.simg", "nor.img"), first.built());
        assertTrue(first.manifest().complete());

        RecipeBuilder.Result again = builder(keys).build(small("one"), VEXPRESS, out);
        assertEquals(List.of(), again.built());
        assertEquals(first.manifest(), again.manifest(), "nothing changed, not even the manifest");

        // A new FIT description: the hypervisor is kept, the FIT and everything holding it is made again.
        RecipeBuilder.Result changed = builder(keys).build(small("two"), VEXPRESS, out);
        assertEquals(List.of("hv.elf", "hv.bin", "hv.uimg"), changed.unchanged());
        assertEquals(List.of("hv.itb", "sd.img", "sd.simg", "nor.img"), changed.built());

        // A damaged output is noticed by its checksum and made again; its consumers see the same bytes and stay.
        byte[] sd = Files.readAllBytes(out.resolve("sd.img"));
        Files.write(out.resolve("sd.img"), Arrays.copyOf(sd, 4096));
        RecipeBuilder.Result repaired = builder(keys).build(small("two"), VEXPRESS, out);
        assertEquals(List.of("sd.img"), repaired.built());
        assertArrayEquals(sd, Files.readAllBytes(out.resolve("sd.img")), "the same inputs give the same image");
    }

    @Test
    void theManifestDescribesEveryArtefactAndHowToBootIt() throws IOException {
        RecipeBuilder.Result result = builder(keys).build(small("one"), VEXPRESS, out);
        BuildManifest manifest = BuildManifest.parse(Files.readString(out.resolve(BuildManifest.FILE_NAME)));
        assertEquals(result.manifest(), manifest);
        for (BuildManifest.Artefact a : manifest.artefacts()) {
            assertEquals(Sha256.of(out.resolve(a.file())), a.sha256(), a.file());
            assertEquals(Files.size(out.resolve(a.file())), a.size(), a.file());
        }
        BuildManifest.Artefact hv = manifest.artefact("hv.bin").orElseThrow();
        assertEquals(0x60100000L, hv.loadAddress().orElseThrow(), "the board's RAM base + 1 MiB");
        BuildManifest.Artefact fit = manifest.artefact("hv.itb").orElseThrow();
        assertTrue(fit.inputs().contains("hv.bin@sha256:" + hv.sha256()), fit.inputs().toString());
        assertEquals(List.of(
                new BuildManifest.BootMedium("sd", "sd.img", 0, List.of("fatload mmc 0:1 0x62000000 hv.itb", "bootm 0x62000000")),
                new BuildManifest.BootMedium("flash", "nor.img", 1, List.of("bootm 0x44010000"))), manifest.boot());

        // The files are what the real tools say they are.
        String uimage = ok("mkimage", "-l", out.resolve("hv.uimg").toString());
        assertTrue(uimage.contains("Load Address: 60100000"), uimage);
        String listing = ok("mkimage", "-l", out.resolve("hv.itb").toString());
        assertTrue(listing.contains("Sign algo:    sha256,rsa2048:test-key"), listing);
        String table = ok("sfdisk", "--json", out.resolve("sd.img").toString());
        assertTrue(table.contains("\"label\": \"dos\""), table);
        Path fromSd = out.resolve("from-sd.itb");
        ok("mcopy", "-n", "-i", out.resolve("sd.img") + "@@1M", "::hv.itb", fromSd.toString());
        assertArrayEquals(Files.readAllBytes(out.resolve("hv.itb")), Files.readAllBytes(fromSd), "the FIT on the card's FAT");
        Path expanded = out.resolve("expanded.img");
        ok("simg2img", out.resolve("sd.simg").toString(), expanded.toString());
        assertArrayEquals(Files.readAllBytes(out.resolve("sd.img")), Files.readAllBytes(expanded), "simg2img gives the card back");
        byte[] nor = Files.readAllBytes(out.resolve("nor.img"));
        byte[] itb = Files.readAllBytes(out.resolve("hv.itb"));
        assertEquals(1 << 20, nor.length);
        assertArrayEquals(itb, Arrays.copyOfRange(nor, 0x10000, 0x10000 + itb.length));
        assertEquals((byte) 0xff, nor[0], "erased flash before the FIT");
        assertEquals((byte) 0xff, nor[nor.length - 1], "and after it");
    }

    @Test
    void aFailedStepLeavesTheFinishedOnesDescribed() throws IOException {
        ImageRecipe tooBig = new RecipeParser(BOARDS).parse("big.yaml", SMALL.replace("DESCRIPTION", "x")
                .replace("at: 0x10000", "at: 0xff000"));
        RecipeBuildException e = assertThrows(RecipeBuildException.class, () -> builder(keys).build(tooBig, VEXPRESS, out));
        assertTrue(e.getMessage().contains("hv.itb at 0xff000 does not fit the 1048576-byte bank nor.img"), e.getMessage());
        BuildManifest partial = BuildManifest.parse(Files.readString(out.resolve(BuildManifest.FILE_NAME)));
        assertFalse(partial.complete());
        assertEquals(List.of("hv.elf", "hv.bin", "hv.itb", "hv.uimg", "sd.img", "sd.simg"),
                partial.artefacts().stream().map(BuildManifest.Artefact::file).toList());
        assertFalse(Files.exists(out.resolve("nor.img")));
        try (var left = Files.list(out)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".partial")).toList(),
                    "no half-written file is left");
        }
    }

    @Test
    void aMissingToolchainIsOneLineNamingTheDebianPackage() {
        ImageRecipe recipe = new RecipeParser(BOARDS).parse("tc.yaml", SMALL.replace("DESCRIPTION", "x")
                + "toolchain: {bare-metal: /nonexistent/arm-none-eabi-}\n");
        RuntimeException e = assertThrows(RuntimeException.class, () -> builder(keys).build(recipe, VEXPRESS, out));
        assertTrue(e.getMessage().contains("gcc-arm-none-eabi"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aMissingDevelopmentKeyIsMadeOnceAndABrokenOneIsNamed(@TempDir Path keyDirectory) throws IOException {
        SigningKeys signing = new SigningKeys(keyDirectory);
        List<String> said = new ArrayList<>();
        SigningKeys.KeyPair made = signing.get("dev", said::add);
        assertTrue(said.get(0).startsWith("made development signing key dev in " + keyDirectory), said.toString());
        SigningKeys.KeyPair again = signing.get("dev", said::add);
        assertEquals(1, said.size(), "made once");
        assertEquals(made.publicKey(), again.publicKey());
        Files.writeString(keyDirectory.resolve("broken.key"), "not a key");
        Files.copy(keyDirectory.resolve("dev.crt"), keyDirectory.resolve("broken.crt"));
        RecipeBuildException e = assertThrows(RecipeBuildException.class, () -> signing.get("broken", said::add));
        assertTrue(e.getMessage().contains("broken.key: expected a PKCS#8 PEM private key"), e.getMessage());
    }

    /**
     * The bundled recipe as users build it: U-Boot from Debian's source with the key in its
     * control dtb, and U-Boot's own fit_check_sign (built from the same source) accepting the FIT
     * with that dtb and refusing it after one byte of the hypervisor is flipped.
     */
    @Test
    void theBundledVexpressRecipeBuildsAndUBootsOwnCheckerAcceptsItsFit() throws IOException {
        Path sharedKeys = TestImageCache.atDefaultLocation().root().resolve("keys");
        ImageRecipe recipe = new RecipeParser(BOARDS).load("vexpress-a9-hypervisor");
        RecipeBuilder.Result result = builder(sharedKeys).build(recipe, VEXPRESS, out);
        assertTrue(result.manifest().artefact("u-boot").isPresent());
        assertEquals(0x60800000L, result.manifest().artefact("u-boot.bin").orElseThrow().loadAddress().orElseThrow(),
                "CONFIG_TEXT_BASE of vexpress_ca9x4");
        String checker = UBootCache.atDefaultLocation().hostTools(2, line -> { }).resolve("fit_check_sign").toString();
        Path fit = out.resolve("hypervisor.itb");
        Path dtb = out.resolve("dt.dtb");
        String accepted = ok(checker, "-f", fit.toString(), "-k", dtb.toString());
        assertTrue(accepted.contains("sha256,rsa2048:hilfarm-dev+"), accepted);

        byte[] bytes = Files.readAllBytes(fit);
        byte[] hv = Files.readAllBytes(out.resolve("hv.bin"));
        int at = indexOf(bytes, Arrays.copyOf(hv, 256));
        bytes[at + hv.length / 2] ^= 1;
        Path tampered = out.resolve("tampered.itb");
        Files.write(tampered, bytes);
        HostCommand.Result refused = run(checker, "-f", tampered.toString(), "-k", dtb.toString());
        assertTrue(refused.exitStatus() != 0, "fit_check_sign accepted a tampered FIT:\n" + refused.stdout());
    }

    /**
     * The OMAP boards' recipes: MLO and u-boot.img from their U-Boot builds on a FAT boot
     * partition (MLO first, as the boot ROM looks for it), the hypervisor linked for their memory
     * map, and U-Boot's checker accepting the FIT with the board's own control dtb.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"pandaboard-hypervisor, 0x80100000", "beagleboard-xm-hypervisor, 0x80100000"})
    void theOmapRecipesPutMloFirstOnABootableFatPartition(String name, String hypervisorBase) throws IOException {
        Path sharedKeys = TestImageCache.atDefaultLocation().root().resolve("keys");
        ImageRecipe recipe = new RecipeParser(BOARDS).load(name);
        RecipeBuilder.Result result = builder(sharedKeys).build(recipe, BOARDS.get(recipe.board()), out);
        assertEquals(Long.decode(hypervisorBase), result.manifest().artefact("hv.bin").orElseThrow().loadAddress().orElseThrow());
        String dir = ok("mdir", "-b", "-i", out.resolve("sd.img") + "@@1M", "::");
        assertEquals(List.of("::/MLO", "::/u-boot.img", "::/hypervisor.itb"), dir.lines().map(String::strip).toList());
        String table = ok("sfdisk", "--json", out.resolve("sd.img").toString());
        assertTrue(table.contains("\"bootable\": true"), table);
        String checker = UBootCache.atDefaultLocation().hostTools(2, line -> { }).resolve("fit_check_sign").toString();
        String accepted = ok(checker, "-f", out.resolve("hypervisor.itb").toString(), "-k", out.resolve("u-boot.dtb").toString());
        assertTrue(accepted.contains("sha256,rsa2048:hilfarm-dev+"), accepted);
    }

    /**
     * Boards with U-Boot only (no hypervisor port): the boot ROM's first stage where each looks
     * for it (a FAT file for the AM335x, 1 KiB and 69 KiB into the card for the i.MX6, 8 KiB for
     * the Allwinner A10), and the development key in U-Boot's control dtb.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"beaglebone-black-u-boot, , MLO", "wandboard-u-boot, 0x400, SPL",
            "cubieboard-u-boot, 0x2000, u-boot-sunxi-with-spl.bin"})
    void bootLoaderOnlyRecipesPutTheFirstStageWhereTheBootRomLooks(String name, String offset, String firstStage)
            throws IOException {
        Path sharedKeys = TestImageCache.atDefaultLocation().root().resolve("keys");
        ImageRecipe recipe = new RecipeParser(BOARDS).load(name);
        builder(sharedKeys).build(recipe, BOARDS.get(recipe.board()), out);
        byte[] stage = Files.readAllBytes(out.resolve(firstStage));
        Path card = out.resolve("sd.img");
        if (offset == null) {
            String dir = ok("mdir", "-b", "-i", card + "@@1M", "::");
            assertEquals("::/MLO", dir.lines().findFirst().orElseThrow().strip());
        } else {
            byte[] disk = Files.readAllBytes(card);
            int at = Integer.decode(offset);
            assertArrayEquals(stage, Arrays.copyOfRange(disk, at, at + stage.length), firstStage + " at " + offset);
        }
        String table = ok("sfdisk", "--json", card.toString());
        assertTrue(table.contains("\"start\": 2048"), table);
        String dts = ok("dtc", "-I", "dtb", "-O", "dts", out.resolve("u-boot.dtb").toString());
        assertTrue(dts.contains("key-hilfarm-dev"), "the FIT key in U-Boot's control dtb");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }

    private static HostCommand.Result run(String... argv) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MTOOLS_SKIP_CHECK", "1");
        return HostCommand.of(List.of(argv)).environment(env).timeout(Duration.ofMinutes(2)).run();
    }

    private static String ok(String... argv) {
        HostCommand.Result r = run(argv);
        if (r.exitStatus() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + r.exitStatus() + ":\n" + r.stdout() + r.stderr());
        }
        return r.stdout() + r.stderr();
    }
}
