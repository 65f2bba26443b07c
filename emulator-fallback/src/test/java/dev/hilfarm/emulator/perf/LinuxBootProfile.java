package dev.hilfarm.emulator.perf;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.boot.KernelBoot;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.RunResult;
import dev.hilfarm.emulator.machine.VexpressA9Machine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Boots Debian's armmp kernel with the harness's initramfs to the busybox prompt and prints wall
 * time, instructions executed and MIPS. Not a test: a main to run under a profiler, e.g.
 * {@code -XX:StartFlightRecording=filename=/tmp/boot.jfr,settings=profile}. The image directory is
 * {@code $HIL_CACHE/images/debian-armhf} (default {@code ~/.cache/hilfarm}).
 */
public final class LinuxBootProfile {
    private static final String PROMPT = "hilfarm:/# ";
    private static final long SLICE = 5_000_000L;
    private static final long LIMIT = 20_000_000_000L;

    private LinuxBootProfile() {
    }

    public static void main(String[] args) throws IOException {
        String cache = System.getenv("HIL_CACHE");
        Path root = cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "hilfarm");
        Path images = root.resolve("images").resolve("debian-armhf");
        Path kernel = findKernel(images);
        Path dtb = images.resolve("dtbs").resolve("vexpress-v2p-ca9.dtb");
        Path initramfs = images.resolve("initramfs.cpio.gz");
        boolean echo = args.length > 0 && args[0].equals("--echo");
        boolean pcs = args.length > 0 && args[0].equals("--pcs");

        long start = System.nanoTime();
        VexpressA9Machine machine = VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"), MachineOptions.defaults());
        KernelBoot.load(machine, kernel, Optional.of(dtb), Optional.of(initramfs), "console=ttyAMA0,38400 rdinit=/init");
        StringBuilder output = new StringBuilder();
        machine.console().output(value -> {
            output.append((char) value);
            if (echo) {
                System.out.write(value);
                System.out.flush();
            }
        });
        long loaded = System.nanoTime();

        RunResult last = null;
        java.util.Map<Integer, Integer> pcCounts = new java.util.HashMap<>();
        while (output.indexOf(PROMPT) < 0 && machine.cpu().instructionsExecuted() < LIMIT) {
            last = machine.run(pcs ? 9973 : SLICE);
            if (pcs) {
                pcCounts.merge(last.pc() & ~0x3f, 1, Integer::sum);
            }
            if (last.reason() != RunResult.Reason.INSTRUCTION_LIMIT) {
                break;
            }
        }
        long end = System.nanoTime();
        boolean reached = output.indexOf(PROMPT) >= 0;
        long executed = machine.cpu().instructionsExecuted();
        double seconds = (end - loaded) / 1e9;
        System.out.printf("prompt %s; last run: %s%n", reached ? "reached" : "NOT reached", last);
        System.out.printf("setup %.2f s, boot %.2f s wall, %d instructions executed, %.1f MIPS%n",
                (loaded - start) / 1e9, seconds, executed, executed / seconds / 1e6);
        if (pcs) {
            int total = pcCounts.values().stream().mapToInt(Integer::intValue).sum();
            pcCounts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(30)
                    .forEach(e -> System.out.printf("%5.1f%% pc 0x%08x..+0x40%n", 100.0 * e.getValue() / total, e.getKey()));
        }
        if (!reached) {
            System.out.println("--- console output ---");
            System.out.println(output);
            System.exit(1);
        }
    }

    private static Path findKernel(Path images) throws IOException {
        try (DirectoryStream<Path> kernels = Files.newDirectoryStream(images, "vmlinuz-*")) {
            for (Path kernel : kernels) {
                return kernel;
            }
        }
        throw new IOException("no vmlinuz-* in " + images);
    }
}
