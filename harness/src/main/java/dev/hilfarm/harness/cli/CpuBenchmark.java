package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.emulator.machine.EmulatedBoard;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.target.QemuProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The same CPU-bound bare-metal program (a chained SHA-256, shipped as C source and built with
 * Debian's arm-none-eabi-gcc) on QEMU and on hilfarm's emulator, in one run: both wall times,
 * the emulator's MIPS, and the ratio. Both must print the same digest, or the numbers mean nothing.
 */
record CpuBenchmark(String qemuOutput, double qemuSeconds, String emulatorOutput, double emulatorSeconds,
                    long instructions) {
    private static final String RESOURCES = "dev/hilfarm/harness/bench/";

    /** Compiles the benchmark for ARM or Thumb state into {@code work}; returns the ELF. */
    static Path build(Path work, boolean thumb, int rounds) {
        try {
            Files.createDirectories(work);
            for (String name : List.of("start.S", "sha256.c", "bench.ld")) {
                try (InputStream in = CpuBenchmark.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
                    Files.write(work.resolve(name), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path elf = work.resolve(thumb ? "sha256-thumb.elf" : "sha256-arm.elf");
        HostCommand.of("arm-none-eabi-gcc", "-mcpu=cortex-a9", thumb ? "-mthumb" : "-marm", "-O2", "-ffreestanding",
                        "-nostdlib", "-DROUNDS=" + rounds, "-T", work.resolve("bench.ld").toString(),
                        work.resolve("start.S").toString(), work.resolve("sha256.c").toString(), "-o", elf.toString())
                .providedBy("gcc-arm-none-eabi").timeout(Duration.ofMinutes(2)).runChecked();
        return elf;
    }

    static CpuBenchmark run(BoardProfile board, Path elf) {
        long q0 = System.nanoTime();
        HostCommand.Result qemu = HostCommand.of(QemuProcess.BINARY, "-M", board.qemu().orElseThrow().machine(),
                        "-cpu", board.qemu().get().cpu(), "-m", (board.ram().size() >> 20) + "M", "-nographic",
                        "-audiodev", "none,id=hil-audio", "-kernel", elf.toString())
                .providedBy(QemuProcess.DEBIAN_PACKAGE).timeout(Duration.ofMinutes(5)).runChecked();
        double qemuSeconds = (System.nanoTime() - q0) / 1e9;

        ByteArrayOutputStream uart = new ByteArrayOutputStream();
        try (EmulatedBoard emulated = EmulatedBoard.create(board, MachineOptions.defaults(), null)) {
            emulated.machine().console().output(uart::write);
            emulated.machine().loadElf(elf);
            long e0 = System.nanoTime();
            emulated.start();
            EmulatedBoard.Exit exit = emulated.await(Duration.ofMinutes(10));
            double emulatorSeconds = (System.nanoTime() - e0) / 1e9;
            if (exit.kind() != EmulatedBoard.Exit.Kind.POWER_OFF) {
                throw new InfrastructureException("benchmark did not finish on the emulator: " + exit.detail());
            }
            return new CpuBenchmark(qemu.stdout().replace("\r", ""), qemuSeconds,
                    uart.toString(StandardCharsets.US_ASCII).replace("\r", ""), emulatorSeconds, exit.instructions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean sameOutput() {
        return qemuOutput.equals(emulatorOutput);
    }

    void print(String label, PrintStream out) {
        out.printf(Locale.ROOT, "%s: qemu %.2f s, emulator %.2f s (%d instructions, %.1f MIPS), ratio %.1fx%s%n",
                label, qemuSeconds, emulatorSeconds, instructions, instructions / emulatorSeconds / 1e6,
                emulatorSeconds / qemuSeconds, sameOutput() ? "" : "  OUTPUTS DIFFER");
    }
}
