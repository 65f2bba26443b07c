package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the machine tests' bare-metal programs (test resources next to this class) with Debian's
 * arm-none-eabi-gcc, and runs them on QEMU's vexpress-a9 with UART0 on stdout.
 */
final class BareMetalBuild {
    static final String TOOLCHAIN_PACKAGE = "gcc-arm-none-eabi";
    static final String QEMU_PACKAGE = "qemu-system-arm";
    private static final List<String> SUPPORT_FILES = List.of("startup.S", "vectors.S", "link.ld", "uart.h");

    private BareMetalBuild() {
    }

    /** Compiles {@code program} (a C file among the resources) for a Cortex-A9, ARM or Thumb; returns the ELF. */
    static byte[] build(String program, boolean thumb) {
        Path dir = temporaryDirectory();
        try {
            List<String> files = new ArrayList<>(SUPPORT_FILES);
            files.add(program);
            for (String name : files) {
                try (InputStream in = BareMetalBuild.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing test resource " + name);
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
            HostCommand.of("arm-none-eabi-gcc", "-mcpu=cortex-a9", thumb ? "-mthumb" : "-marm", "-mfloat-abi=soft",
                            "-O2", "-ffreestanding", "-nostdlib", "-nostartfiles", "-T", "link.ld", "-I", ".",
                            "-o", "program.elf", "startup.S", "vectors.S", program, "-lgcc")
                    .in(dir).timeout(Duration.ofMinutes(2)).providedBy(TOOLCHAIN_PACKAGE).runChecked();
            return Files.readAllBytes(dir.resolve("program.elf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /** Runs an ELF on qemu-system-arm -M vexpress-a9 until it powers off; returns what UART0 printed. */
    static String runOnQemu(byte[] elf, String... extraArguments) {
        Path dir = temporaryDirectory();
        try {
            Path file = dir.resolve("program.elf");
            Files.write(file, elf);
            List<String> command = new ArrayList<>(List.of("qemu-system-arm", "-M", "vexpress-a9", "-cpu", "cortex-a9",
                    "-m", "1G", "-nographic", "-monitor", "none", "-kernel", file.toString()));
            command.addAll(List.of(extraArguments)); // drives: -drive if=sd/pflash,...
            HostCommand.Result result = HostCommand.of(command)
                    .timeout(Duration.ofMinutes(2)).providedBy(QEMU_PACKAGE).runChecked();
            return result.stdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("vexpress-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
