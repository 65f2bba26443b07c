package dev.hilfarm.emulator.isa;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Debian cross toolchain (package gcc-arm-none-eabi, which brings binutils-arm-none-eabi) as
 * the instruction-set tests use it: assemble and link bare-metal images for a Cortex-A9 whose
 * text starts at the vexpress-a9 RAM base.
 */
final class Toolchain {
    static final String PACKAGE = "gcc-arm-none-eabi";
    static final int TEXT_BASE = 0x60000000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private Toolchain() {
    }

    /** Assembles one source file and links it at {@link #TEXT_BASE}; returns the ELF file's bytes. */
    static byte[] assembleAndLink(String source) {
        Path dir = tempDirectory();
        try {
            Path src = dir.resolve("snippet.s");
            Path obj = dir.resolve("snippet.o");
            Path elf = dir.resolve("snippet.elf");
            Files.writeString(src, source);
            HostCommand.of("arm-none-eabi-as", "-mcpu=cortex-a9", "-o", obj.toString(), src.toString())
                    .timeout(TIMEOUT).providedBy(PACKAGE).runChecked();
            HostCommand.of("arm-none-eabi-ld", "-Ttext=0x" + Integer.toHexString(TEXT_BASE), "-e", "_start",
                            "-o", elf.toString(), obj.toString())
                    .timeout(TIMEOUT).providedBy(PACKAGE).runChecked();
            return Files.readAllBytes(elf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * Compiles and links a bare-metal program from C and assembly sources with a linker script,
     * all given as file name to text; returns the ELF file's bytes.
     */
    static byte[] build(Path dir, List<String> sourceFiles, String linkerScript) {
        List<String> argv = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=cortex-a9", "-marm", "-mfloat-abi=soft",
                "-O2", "-ffreestanding", "-nostdlib", "-nostartfiles", "-T", linkerScript, "-o", "prog.elf"));
        argv.addAll(sourceFiles);
        argv.add("-lgcc");
        HostCommand.of(argv).in(dir).timeout(TIMEOUT).providedBy(PACKAGE).runChecked();
        try {
            return Files.readAllBytes(dir.resolve("prog.elf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDirectory() {
        try {
            return Files.createTempDirectory("isa-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
