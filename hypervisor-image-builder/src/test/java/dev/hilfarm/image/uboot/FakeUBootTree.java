package dev.hilfarm.image.uboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * A stand-in for U-Boot's source tree and cross compiler, for testing the cache and builder with
 * the real make in milliseconds: a Makefile with U-Boot's targets (NAME_defconfig, olddefconfig,
 * all) that honours O= and CROSS_COMPILE, and a gcc script that only reports a version.
 *
 * <p>Like Kconfig, NAME_defconfig writes a value for every symbol (here only "# CONFIG_RSA is not
 * set") and olddefconfig lets FIT_SIGNATURE imply RSA only where RSA has no value yet; it drops
 * CONFIG_NEEDS_MISSING_DEP, as Kconfig drops a symbol whose dependencies are not met; {@code all} fails with a compiler-style error when .config has CONFIG_BREAK_BUILD=y,
 * and counts its runs in make-all.count in the tree.
 */
final class FakeUBootTree {

    private static final String MAKEFILE = """
            O ?= .
            %_defconfig:
            \ttest -f configs/$@
            \tcp configs/$@ $(O)/.config
            \techo '# CONFIG_RSA is not set' >> $(O)/.config
            olddefconfig:
            \tgrep -v CONFIG_NEEDS_MISSING_DEP $(O)/.config > $(O)/.config.new || true
            \tif grep -q '^CONFIG_FIT_SIGNATURE=y' $(O)/.config.new && ! grep -q 'CONFIG_RSA[= ]' $(O)/.config.new; then echo CONFIG_RSA=y >> $(O)/.config.new; fi
            \tmv $(O)/.config.new $(O)/.config
            all:
            \t$(CROSS_COMPILE)gcc -dumpfullversion
            \techo run >> make-all.count
            \tif grep -q CONFIG_BREAK_BUILD=y $(O)/.config; then echo 'board/fake.c:12:5: error: deliberately broken' >&2; exit 2; fi
            \tprintf 'ELF %s' "$$SOURCE_DATE_EPOCH" > $(O)/u-boot
            \tprintf 'BIN' > $(O)/u-boot.bin
            \tmkdir -p $(O)/dts && printf 'DTB' > $(O)/dts/dt.dtb
            """;

    private FakeUBootTree() {
    }

    static UBootSource create(Path directory, String version) throws IOException {
        Path tree = Files.createDirectories(directory.resolve("u-boot-" + version));
        Files.writeString(tree.resolve("Makefile"), MAKEFILE);
        Path configs = Files.createDirectories(tree.resolve("configs"));
        Files.writeString(configs.resolve("vexpress_ca9x4_defconfig"), "CONFIG_ARM=y\nCONFIG_BOOTDELAY=2\n");
        Files.writeString(configs.resolve("omap4_panda_defconfig"), "CONFIG_ARM=y\nCONFIG_OMAP44XX=y\n");
        return new UBootSource("u-boot", version, tree, Instant.parse("2024-11-02T09:00:00Z"));
    }

    /** A gcc that answers -dumpfullversion, under {@code bin/} of {@code directory}. */
    static CrossCompiler compiler(Path directory) throws IOException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path gcc = bin.resolve("arm-linux-gnueabihf-gcc");
        Files.writeString(gcc, "#!/bin/sh\necho 12.2.0\n");
        Files.setPosixFilePermissions(gcc, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new CrossCompiler(bin + "/arm-linux-gnueabihf-");
    }

    static int makeAllRuns(UBootSource source) throws IOException {
        Path count = source.tree().resolve("make-all.count");
        return Files.exists(count) ? (int) Files.readAllLines(count).stream().filter(l -> !l.isBlank()).count() : 0;
    }
}
