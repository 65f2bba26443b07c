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
 * arm-none-eabi-gcc, and runs them on QEMU's vexpress-a9 or cubieboard with UART0 on stdout. The
 * same sources build for either board: the UART, the RAM addresses, where the vectors live and
 * how the program ends are build-time choices ({@link Board}).
 */
final class BareMetalBuild {
    static final String TOOLCHAIN_PACKAGE = "gcc-arm-none-eabi";
    static final String QEMU_PACKAGE = "qemu-system-arm";
    private static final List<String> SUPPORT_FILES = List.of("startup.S", "vectors.S", "link.ld", "uart.h");

    private BareMetalBuild() {
    }

    /**
     * A board the programs build for: its QEMU machine and CPU, the compiler flags that select its
     * UART, RAM and ending, and the linker symbols that place the program.
     *
     * @param fpu the -mfpu for hard-float builds: the emulator's VFP is VFPv3-D16 without Advanced
     *            SIMD, so D16 for both boards, though QEMU's cortex-a8 also has NEON and D32
     */
    record Board(String qemuMachine, String cpu, List<String> defines, List<String> linkSymbols, String uartData,
                 int workloadAddress, boolean semihostingExit, String fpu) {
        static final Board VEXPRESS_A9 = new Board("vexpress-a9", "cortex-a9", List.of(), List.of(), "0x10009000u",
                0x60000000, false, "vfpv3-d16");
        static final Board CUBIEBOARD = new Board("cubieboard", "cortex-a8",
                List.of("-DUART_NS16550", "-DSET_VBAR", "-DEXIT_SEMIHOSTING", "-DRAM_BASE=0x40000000u"),
                List.of("-Wl,--defsym=VECTORS_ADDR=0x40000000", "-Wl,--defsym=TEXT_ADDR=0x40000100"), "0x01c28000u",
                0x40010000, true, "vfpv3-d16");
    }

    /** Compiles {@code program} for {@code board}, ARM or Thumb; returns the ELF. */
    static byte[] build(Board board, String program, boolean thumb) {
        Path dir = temporaryDirectory();
        try {
            List<String> files = new ArrayList<>(SUPPORT_FILES);
            files.add(program);
            copyResources(dir, files);
            List<String> argv = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=" + board.cpu(), thumb ? "-mthumb" : "-marm",
                    "-mfloat-abi=soft", "-O2", "-ffreestanding", "-nostdlib", "-nostartfiles", "-T", "link.ld", "-I", "."));
            argv.addAll(board.defines());
            argv.addAll(board.linkSymbols());
            argv.addAll(List.of("-o", "program.elf", "startup.S", "vectors.S", program, "-lgcc"));
            HostCommand.of(argv).in(dir).timeout(Duration.ofMinutes(2)).providedBy(TOOLCHAIN_PACKAGE).runChecked();
            return Files.readAllBytes(dir.resolve("program.elf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /**
     * Compiles the debug tests' CPU workload (../debug/workload.c: many instruction classes, newlib,
     * libgcc; with {@code vfp} hard float with VFP arithmetic) for {@code board}; it prints to the
     * board's UART0 and ends through semihosting's SYS_EXIT_EXTENDED with its checksum.
     */
    static byte[] buildWorkload(Board board, boolean thumb, boolean vfp) {
        Path dir = temporaryDirectory();
        try {
            for (String name : List.of("startup.S", "link.ld", "workload.c")) {
                try (InputStream in = BareMetalBuild.class.getResourceAsStream("/dev/hilfarm/emulator/debug/" + name)) {
                    Files.copy(in, dir.resolve(name));
                }
            }
            List<String> argv = new ArrayList<>(List.of("arm-none-eabi-gcc", "-mcpu=" + board.cpu(), thumb ? "-mthumb" : "-marm",
                    "-O2", "-nostartfiles", "-T", "link.ld", "-DSEMIHOSTING", "-DUART0_DATA=" + board.uartData(),
                    "-Wl,--defsym=LOAD_ADDR=0x" + Integer.toHexString(board.workloadAddress())));
            if (vfp) {
                argv.addAll(List.of("-mfloat-abi=hard", "-mfpu=" + board.fpu(), "-DENABLE_VFP"));
            } else {
                argv.add("-mfloat-abi=soft");
            }
            argv.addAll(List.of("startup.S", "workload.c", "-lm", "-o", "program.elf"));
            HostCommand.of(argv).in(dir).timeout(Duration.ofMinutes(2)).providedBy(TOOLCHAIN_PACKAGE).runChecked();
            return Files.readAllBytes(dir.resolve("program.elf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /** What a QEMU run printed on UART0 and its exit status (the semihosting exit status where the program has one). */
    record QemuRun(String uart, int exitStatus) {
    }

    /** Runs an ELF on {@code board}'s QEMU machine until it powers off or exits through semihosting. */
    static QemuRun runOnQemu(Board board, byte[] elf) {
        Path dir = temporaryDirectory();
        try {
            Path file = dir.resolve("program.elf");
            Files.write(file, elf);
            List<String> argv = new ArrayList<>(List.of("qemu-system-arm", "-M", board.qemuMachine(), "-cpu", board.cpu(),
                    "-nographic", "-monitor", "none", "-semihosting", "-kernel", file.toString()));
            HostCommand.Result result = HostCommand.of(argv).timeout(Duration.ofMinutes(2)).providedBy(QEMU_PACKAGE).run();
            return new QemuRun(result.stdout(), result.exitStatus());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static void copyResources(Path dir, List<String> names) throws IOException {
        for (String name : names) {
            try (InputStream in = BareMetalBuild.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + name);
                }
                Files.copy(in, dir.resolve(name));
            }
        }
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
