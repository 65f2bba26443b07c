package dev.hilfarm.emulator.system;

import dev.hilfarm.board.exec.HostCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the bare-metal system test programs (test resources under bare-metal/) with Debian's
 * arm-none-eabi-gcc and runs them on qemu-system-arm with semihosting, collecting what they print.
 */
final class QemuBareMetal {
    static final String GCC = "arm-none-eabi-gcc";
    static final String GCC_PACKAGE = "gcc-arm-none-eabi";
    static final String QEMU = "qemu-system-arm";
    static final String QEMU_PACKAGE = "qemu-system-arm";
    private static final String RESOURCES = "/dev/hilfarm/emulator/system/bare-metal/";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private QemuBareMetal() {
    }

    /** A QEMU board: machine, CPU and RAM base (the program is linked into its RAM). */
    record Board(String machine, String cpu, int ramBase) {
        static final Board VEXPRESS_A9 = new Board("vexpress-a9", "cortex-a9", 0x60000000);
        static final Board CUBIEBOARD_A8 = new Board("cubieboard", "cortex-a8", 0x40000000);
    }

    /**
     * Compiles {@code program} (a C file among the resources) with start.S for {@code board},
     * plus generated files (name to text) in the build directory, into {@code dir}/program.elf.
     */
    static Path build(Path dir, Board board, String program, Map<String, String> generated) {
        try {
            for (String name : List.of("start.S", "link.ld", program)) {
                try (InputStream in = QemuBareMetal.class.getResourceAsStream(RESOURCES + name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing test resource " + RESOURCES + name);
                    }
                    Files.write(dir.resolve(name), in.readAllBytes());
                }
            }
            for (Map.Entry<String, String> file : generated.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long base = board.ramBase() & 0xffffffffL;
        List<String> argv = new ArrayList<>(List.of(GCC, "-mcpu=cortex-a9", "-marm", "-O1", "-ffreestanding",
                "-nostdlib", "-nostartfiles", "-T", "link.ld", "-I.",
                "-DSTACK_TOP=0x" + Long.toHexString(base + 0x400000),
                "-Wl,--defsym=ORIGIN_ADDR=0x" + Long.toHexString(base + 0x10000),
                "-Wl,--defsym=SLOT_ADDR=0x" + Long.toHexString(base + 0x200000),
                "-Wl,--defsym=DATA_ADDR=0x" + Long.toHexString(base + 0x210000),
                "start.S", program, "-o", "program.elf", "-lgcc"));
        HostCommand.of(argv).in(dir).timeout(TIMEOUT).providedBy(GCC_PACKAGE).runChecked();
        return dir.resolve("program.elf");
    }

    /** Runs {@code elf} on QEMU and returns its semihosting console output. */
    static String run(Path elf, Board board) {
        Path output = elf.resolveSibling("semihosting.txt");
        HostCommand.Result result = HostCommand.of(QEMU, "-M", board.machine(), "-cpu", board.cpu(),
                        "-nographic", "-monitor", "none", "-serial", "none", "-audiodev", "none,id=silent",
                        "-chardev", "file,id=semihosting,path=" + output,
                        "-semihosting-config", "enable=on,target=native,chardev=semihosting",
                        "-kernel", elf.toString())
                .timeout(TIMEOUT).providedBy(QEMU_PACKAGE).run();
        if (result.exitStatus() != 0) {
            throw new IllegalStateException("QEMU exited with status " + result.exitStatus() + ": " + result.lastErrorLine());
        }
        try {
            return Files.readString(output, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = QemuBareMetal.class.getResourceAsStream("/dev/hilfarm/emulator/system/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
