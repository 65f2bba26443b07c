package dev.hilfarm.image.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.ToolMissingException;
import dev.hilfarm.image.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache and builder with the real make, over a fake U-Boot tree (see {@link FakeUBootTree}). */
class UBootCacheTest {

    @TempDir
    Path dir;

    private UBootSource source;
    private final AtomicReference<UBootSource> current = new AtomicReference<>();
    private UBootCache cache;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        source = FakeUBootTree.create(dir.resolve("sources"), "2023.01+dfsg-2+deb12u3");
        current.set(source);
        cache = new UBootCache(dir.resolve("cache"), p -> current.get(),
                new UBootBuilder(FakeUBootTree.compiler(dir)));
    }

    @Test
    void buildsOnceAndReusesTheBuildForUnchangedInputs() throws Exception {
        UBootBuild first = cache.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add);

        assertFalse(first.fromCache());
        assertEquals(1, FakeUBootTree.makeAllRuns(source));
        assertEquals(List.of("u-boot", "u-boot.bin", "dt.dtb", "u-boot.config"),
                first.manifest().files().stream().map(UBootArtefact::path).toList());
        assertEquals("ELF 1730538000", Files.readString(first.elf()), "built with the changelog's SOURCE_DATE_EPOCH");
        assertEquals("12.2.0", first.manifest().toolchain().replace("arm-linux-gnueabihf-gcc ", ""));
        assertEquals("2023.01", first.manifest().upstreamVersion());
        for (UBootArtefact file : first.manifest().files()) {
            Path path = first.directory().resolve(file.path());
            assertEquals(Sha256.of(path), file.sha256(), file.path());
            assertEquals(Files.size(path), file.size(), file.path());
        }
        assertEquals(first.manifest(), UBootManifest.parse(Files.readString(first.manifestFile())));

        UBootBuild second = cache.build(UBootRecipe.of("vexpress_ca9x4"), 1, progress::add);

        assertTrue(second.fromCache());
        assertEquals(1, FakeUBootTree.makeAllRuns(source), "make was not run again");
        assertEquals(first.directory(), second.directory());
        assertEquals(first.manifest(), second.manifest());
        assertTrue(progress.stream().anyMatch(line -> line.contains("unchanged")), progress.toString());
        assertScratchSpaceIsEmpty();
    }

    @Test
    void aNewFragmentDefconfigOrSourceVersionIsBuiltAgain() throws Exception {
        UBootBuild plain = cache.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add);
        KconfigFragment fit = KconfigFragment.parse("fit.config", "CONFIG_FIT=y\n# CONFIG_BOOTDELAY is not set\n");
        UBootBuild withFit = cache.build(new UBootRecipe("vexpress_ca9x4", Optional.of(fit)), 2, progress::add);
        UBootBuild panda = cache.build(UBootRecipe.of("omap4_panda"), 2, progress::add);
        // A fragment that differs only in comments and order is the same recipe.
        KconfigFragment same = KconfigFragment.parse("other.config", "# FIT\n# CONFIG_BOOTDELAY is not set\nCONFIG_FIT=y\n");
        assertTrue(cache.build(new UBootRecipe("vexpress_ca9x4", Optional.of(same)), 2, progress::add).fromCache());
        current.set(FakeUBootTree.create(dir.resolve("sources"), "2023.01+dfsg-2+deb12u4"));
        UBootBuild newer = cache.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add);

        assertEquals(4, List.of(plain, withFit, panda, newer).stream().map(UBootBuild::directory).distinct().count());
        assertTrue(Stream.of(plain, withFit, panda, newer).noneMatch(UBootBuild::fromCache));
        String config = Files.readString(withFit.file(UBootArtefact.Role.CONFIG).orElseThrow());
        assertTrue(config.contains("CONFIG_FIT=y\n") && config.contains("# CONFIG_BOOTDELAY is not set\n")
                && !config.contains("CONFIG_BOOTDELAY=2"), config);
        assertEquals(List.of("# CONFIG_BOOTDELAY is not set", "CONFIG_FIT=y"), withFit.manifest().fragment());
        assertEquals(fit.sha256(), withFit.manifest().fragmentSha256());
        assertEquals("", plain.manifest().fragmentSha256());

    }

    @Test
    void theFragmentIsMergedIntoTheDefconfigSoThatWhatItImpliesFollows() throws Exception {
        KconfigFragment signature = KconfigFragment.parse("sig.config", "CONFIG_FIT=y\nCONFIG_FIT_SIGNATURE=y\n");

        UBootBuild build = cache.build(new UBootRecipe("vexpress_ca9x4", Optional.of(signature)), 2, progress::add);

        String config = Files.readString(build.file(UBootArtefact.Role.CONFIG).orElseThrow());
        assertTrue(config.contains("CONFIG_RSA=y\n") && !config.contains("# CONFIG_RSA is not set"), config);
        assertTrue(config.contains("CONFIG_BOOTDELAY=2\n"), "the defconfig's own settings stay: " + config);
    }

    @Test
    void aFitKeyIsCompiledIntoTheControlDtbThroughADtsiAndIsPartOfTheKey() throws Exception {
        String pem = new String(getClass().getResourceAsStream("/uboot/hilfarm-test.pem").readAllBytes());
        FitSigningKey key = FitSigningKey.parse("hilfarm-test.pem", "hilfarm-test", pem, "conf");
        UBootBuild plain = cache.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add);

        UBootBuild signed = cache.build(new UBootRecipe("vexpress_ca9x4", Optional.empty(), Optional.of(key)), 2,
                progress::add);

        assertNotEquals(plain.directory(), signed.directory());
        assertEquals("hilfarm-test sha256,rsa2048 required=conf", signed.manifest().fitKey());
        assertEquals("", plain.manifest().fitKey());
        String config = Files.readString(signed.file(UBootArtefact.Role.CONFIG).orElseThrow());
        assertTrue(config.contains("CONFIG_FIT=y\n") && config.contains("CONFIG_FIT_SIGNATURE=y\n")
                && config.contains("CONFIG_RSA=y\n"), config);
        java.util.regex.Matcher include = java.util.regex.Pattern.compile("CONFIG_DEVICE_TREE_INCLUDES=\"(.*)\"")
                .matcher(config);
        assertTrue(include.find(), config);
        assertTrue(include.group(1).endsWith("/hilfarm/fit-key-hilfarm-test.dtsi"), include.group(1));
        assertTrue(cache.build(new UBootRecipe("vexpress_ca9x4", Optional.empty(), Optional.of(key)), 2,
                progress::add).fromCache());
    }

    @Test
    void aDamagedCachedFileIsRebuilt() throws Exception {
        UBootBuild first = cache.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add);
        Files.writeString(first.directory().resolve("u-boot.bin"), "tampered");

        UBootBuild again = cache.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add);

        assertFalse(again.fromCache());
        assertEquals(2, FakeUBootTree.makeAllRuns(source));
        assertEquals("BIN", Files.readString(again.directory().resolve("u-boot.bin")));
        assertTrue(progress.stream().anyMatch(line -> line.contains("differs from its manifest")), progress.toString());
    }

    @Test
    void aFailedBuildKeepsItsLogAndNamesItInOneLine() throws Exception {
        KconfigFragment broken = KconfigFragment.parse("broken.config", "CONFIG_BREAK_BUILD=y\n");

        UBootBuildException e = assertThrows(UBootBuildException.class,
                () -> cache.build(new UBootRecipe("vexpress_ca9x4", Optional.of(broken)), 2, progress::add));

        Path log = e.log().orElseThrow();
        assertTrue(log.startsWith(dir.resolve("cache/u-boot/logs")), log.toString());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("U-Boot 2023.01 build step 'make -j2 all' failed with exit status 2: "
                + "board/fake.c:12:5: error: deliberately broken; build log: " + log), e.getMessage());
        String text = Files.readString(log);
        assertTrue(text.contains("CROSS_COMPILE=") && text.contains("vexpress_ca9x4_defconfig")
                && text.contains("deliberately broken"), text);
        try (Stream<Path> builds = Files.list(dir.resolve("cache/u-boot/builds"))) {
            assertEquals(0, builds.count(), "nothing half-built in the cache");
        } catch (java.nio.file.NoSuchFileException none) {
            // no builds directory at all is just as good
        }
        assertScratchSpaceIsEmpty();
    }

    @Test
    void aFragmentSettingTheBoardCannotHaveFailsNamingIt() throws Exception {
        KconfigFragment fragment = KconfigFragment.parse("f", "CONFIG_FIT=y\nCONFIG_NEEDS_MISSING_DEP=y\n");

        UBootBuildException e = assertThrows(UBootBuildException.class,
                () -> cache.build(new UBootRecipe("vexpress_ca9x4", Optional.of(fragment)), 2, progress::add));

        assertTrue(e.getMessage().startsWith("the fragment does not apply to vexpress_ca9x4 (a dependency the board "
                + "lacks, or no such option in U-Boot 2023.01): CONFIG_NEEDS_MISSING_DEP=y (now: not set); build log: "),
                e.getMessage());
        assertEquals(0, FakeUBootTree.makeAllRuns(source));
    }

    @Test
    void anUnknownDefconfigIsNamed() {
        UBootBuildException e = assertThrows(UBootBuildException.class,
                () -> cache.build(UBootRecipe.of("vexpress_ca15"), 2, progress::add));
        assertEquals("U-Boot 2023.01+dfsg-2+deb12u3 has no defconfig 'vexpress_ca15' "
                + "(configs/vexpress_ca15_defconfig does not exist)", e.getMessage());
    }

    @Test
    void aMissingCrossCompilerIsOneLineNamingTheDebianPackage() {
        UBootCache without = new UBootCache(dir.resolve("cache"), p -> source,
                new UBootBuilder(new CrossCompiler(dir.resolve("none") + "/arm-linux-gnueabihf-")));

        ToolMissingException e = assertThrows(ToolMissingException.class,
                () -> without.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add));

        assertEquals("gcc-arm-linux-gnueabihf", e.debianPackage());
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().contains("install the Debian package gcc-arm-linux-gnueabihf"), e.getMessage());
        assertEquals("arm-linux-gnueabihf-gcc not found on PATH; install the Debian package gcc-arm-linux-gnueabihf "
                        + "(apt-get install gcc-arm-linux-gnueabihf)",
                assertThrows(ToolMissingException.class, () -> new CrossCompiler("arm-nonexistent-")
                        .requireInstalled()).getMessage().replace("arm-nonexistent-", "arm-linux-gnueabihf-"));
    }

    @Test
    void copyToPutsTheFilesAndManifestWhereAsked() throws Exception {
        UBootBuild build = cache.build(UBootRecipe.of("vexpress_ca9x4"), 2, progress::add);

        UBootBuild copy = build.copyTo(dir.resolve("out"));

        assertEquals(dir.resolve("out"), copy.directory());
        assertEquals(Files.readString(build.manifestFile()), Files.readString(dir.resolve("out/manifest.json")));
        assertEquals(Sha256.of(build.elf()), Sha256.of(dir.resolve("out/u-boot")));
        assertNotEquals(build.directory(), copy.directory());
    }

    private void assertScratchSpaceIsEmpty() throws Exception {
        Path tmp = dir.resolve("cache/u-boot/tmp");
        if (Files.exists(tmp)) {
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }
}
