package dev.hilfarm.harness.cli;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.emulator.flash.FastbootDevice;
import dev.hilfarm.emulator.flash.FastbootTcpServer;
import dev.hilfarm.harness.flash.FastbootClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code hil bench fastboot}: download throughput over TCP loopback into the emulated fastboot
 * device, hilfarm's client against Debian's {@code fastboot stage} on the same image and the same
 * device model, in one run. Only the download is timed on both sides (stage = download alone).
 */
final class FastbootThroughput {
    private FastbootThroughput() {
    }

    static void run(int megabytes, int runs, PrintStream out) throws IOException {
        byte[] image = new byte[megabytes << 20];
        new Random(1).nextBytes(image);
        Path file = Files.createTempFile("hil-bench-fastboot-", ".img");
        try {
            Files.write(file, image);
            FastbootDevice device = new FastbootDevice("vexpress-a9", "BENCH", image.length, List.of(), new FastbootDevice.Listener() { });
            try (FastbootTcpServer server = FastbootTcpServer.start(device, 0, m -> { })) {
                List<Double> debian = new ArrayList<>();
                List<Double> ours = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    HostCommand.of("fastboot", "-s", "tcp:127.0.0.1:" + server.port(), "stage", file.toString())
                            .providedBy("fastboot").timeout(Duration.ofMinutes(5)).runChecked();
                    debian.add((System.nanoTime() - t0) / 1e9);
                    long t1 = System.nanoTime();
                    try (FastbootClient client = FastbootClient.connectTcp("127.0.0.1", server.port(), Duration.ofSeconds(60))) {
                        client.download(image, n -> { });
                    }
                    ours.add((System.nanoTime() - t1) / 1e9);
                }
                double d = median(debian);
                double o = median(ours);
                out.printf(Locale.ROOT, "fastboot download of %d MiB over TCP loopback (median of %d): Debian's fastboot %.3f s"
                        + " (%.0f MiB/s), hilfarm %.3f s (%.0f MiB/s); hilfarm / Debian time = %.2f%n",
                        megabytes, runs, d, megabytes / d, o, megabytes / o, o / d);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
