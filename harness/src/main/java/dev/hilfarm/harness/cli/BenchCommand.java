package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.host.HostPackages;
import dev.hilfarm.harness.session.TargetSession;
import dev.hilfarm.harness.strategy.BootState;
import dev.hilfarm.harness.target.QemuProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hil bench boot}: power-on to a verified shell prompt, repeated, on each target given
 * (QEMU and the emulator by default, same kernel, dtb and initramfs, in one run); and the latency
 * of a command round trip at that prompt. Prints each run, the medians and the emulator/QEMU ratio.
 */
@Command(name = "bench", description = "Benchmarks: 'hil bench boot' times power-on to shell prompt;"
        + " 'hil bench expect' times console expect latency on a pseudo-terminal;"
        + " 'hil bench cpu' runs one CPU-bound program on QEMU and on the emulator;"
        + " 'hil bench fastboot' times fastboot downloads, hilfarm's client against Debian's;"
        + " 'hil bench image' times sparse conversion against img2simg and FIT packaging against mkimage")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHAT", description = "boot, expect, cpu, fastboot or image")
    String what;

    @Option(names = "--board", defaultValue = "vexpress-a9")
    String board;

    @Option(names = "--target", defaultValue = "qemu,emulator",
            description = "comma-separated targets to boot in turn (default: ${DEFAULT-VALUE}; with both, the ratio)")
    String target;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Option(names = "--image-mib", defaultValue = "256", description = "size of the raw image 'bench image' converts (default: ${DEFAULT-VALUE})")
    int imageMib;

    @Option(names = "--cpus", defaultValue = "1")
    int cpus;

    @Option(names = "--power-var", paramLabel = "NAME=VALUE")
    Map<String, String> powerVariables = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (what.equals("cpu")) {
            BoardProfile profile = BoardProfiles.standard().get(board);
            new HostPackages(System.out).require("arm-none-eabi-gcc", "gcc-arm-none-eabi", "building the benchmark");
            new HostPackages(System.out).require(QemuProcess.BINARY, QemuProcess.DEBIAN_PACKAGE, "the QEMU side of the benchmark");
            Path work = Files.createTempDirectory("hil-bench-cpu-");
            int exit = 0;
            for (boolean thumb : new boolean[] {false, true}) {
                CpuBenchmark result = CpuBenchmark.run(profile, CpuBenchmark.build(work, thumb, 2000));
                result.print("sha256 x2000 (" + (thumb ? "Thumb-2" : "ARM") + ")", System.out);
                if (!result.sameOutput()) {
                    exit = 1;
                }
            }
            return exit;
        }
        if (what.equals("fastboot")) {
            new HostPackages(System.out).require("fastboot", "fastboot", "the Debian side of the benchmark");
            FastbootThroughput.run(64, runs, System.out);
            return 0;
        }
        if (what.equals("image")) {
            HostPackages packages = new HostPackages(System.out);
            packages.require("img2simg", "android-sdk-libsparse-utils", "the img2simg side of the benchmark");
            packages.require("mkimage", "u-boot-tools", "the mkimage side of the benchmark");
            Path work = Files.createTempDirectory("hil-bench-image-");
            try {
                return ImageBenchmark.run(work, imageMib, runs, System.out);
            } finally {
                try (java.util.stream.Stream<Path> files = Files.walk(work)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        if (what.equals("expect")) {
            ExpectLatency.measure(5_000).print(System.out);
            return 0;
        }
        if (!what.equals("boot")) {
            throw new IllegalArgumentException("unknown benchmark '" + what + "' (known: boot, expect, cpu, fastboot, image)");
        }
        BoardProfiles.standard().get(board);
        List<String> targets = List.of(target.split(","));
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String t : targets) {
            medians.put(t, bootRuns(t.strip()));
        }
        if (medians.containsKey("qemu") && medians.containsKey("emulator")) {
            System.out.printf("emulator / qemu power-on to shell: %.2f s / %.2f s = %.1fx%n",
                    medians.get("emulator"), medians.get("qemu"), medians.get("emulator") / medians.get("qemu"));
        }
        return 0;
    }

    /** Boots {@code runs} times on one target, printing each run; answers the median boot time. */
    private double bootRuns(String target) throws Exception {
        if (target.equals("qemu")) {
            new HostPackages(System.out).require(QemuProcess.BINARY, QemuProcess.DEBIAN_PACKAGE, "the QEMU target");
        }
        ImagesCommand.ensure();
        Path work = Files.createTempDirectory("hil-bench-");
        List<Double> boots = new ArrayList<>();
        List<Double> roundTrips = new ArrayList<>();
        try (TargetSession session = TargetSession.open(board, target, work, powerVariables, cpus, System.out)) {
            for (int i = 1; i <= runs; i++) {
                session.strategy().transition(BootState.OFF);
                long t0 = System.nanoTime();
                session.strategy().transition(BootState.SHELL);
                double boot = (System.nanoTime() - t0) / 1e9;
                boots.add(boot);
                long t1 = System.nanoTime();
                int n = 20;
                for (int k = 0; k < n; k++) {
                    session.target().console().run("true", Duration.ofSeconds(10));
                }
                double rt = (System.nanoTime() - t1) / 1e6 / n;
                roundTrips.add(rt);
                System.out.printf("%s run %d: power-on to shell %.2f s; command round trip %.1f ms%n", target, i, boot, rt);
            }
        }
        System.out.printf("%s on %s: median power-on to shell %.2f s, median command round trip %.1f ms (%d runs)%n",
                board, target, median(boots), median(roundTrips), runs);
        return median(boots);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
