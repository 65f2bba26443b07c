package dev.hilfarm.suites.console;

import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Match;
import dev.hilfarm.harness.console.SerialConsole;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.serial.JSerialCommLink;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How long from the board writing a line on the pty master until {@code expect} returns it: the
 * kernel's pty hand-over, jSerialComm's read wake-up, decoding and normalisation, the transcript,
 * death-pattern scan and the waiter's wake-up together.
 *
 * <p>Run: {@code java -cp "$(cat test-suites/target/hil.classpath):test-suites/target/classes"
 * dev.hilfarm.suites.console.ExpectLatencyBench [roundTrips]}
 */
public final class ExpectLatencyBench {
    private static final int WARM_UP = 1_000;
    private static final Pattern REPLY = Pattern.compile("pong (\\d+)\n");

    private ExpectLatencyBench() {}

    public static void main(String[] args) {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        try (FakeBoard board = FakeBoard.scripted();
             Transcript transcript = Transcript.inMemory();
             SerialConsole console = SerialConsole.attach(JSerialCommLink.open(board.devicePath(), 115_200),
                     ConsoleSettings.defaults(), transcript)) {
            measure(board, console, WARM_UP);
            long[] nanos = measure(board, console, roundTrips);
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "expect latency over %d round trips (pty master write -> expect returns):%n", roundTrips);
            System.out.printf(Locale.ROOT, "  min %s  median %s  p90 %s  p99 %s  max %s%n",
                    micros(nanos[0]), micros(percentile(nanos, 50)), micros(percentile(nanos, 90)),
                    micros(percentile(nanos, 99)), micros(nanos[nanos.length - 1]));
        }
    }

    private static long[] measure(FakeBoard board, SerialConsole console, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            String text = "pong " + i + "\r\n";
            long start = System.nanoTime();
            board.print(text);
            Match m = console.expect(REPLY, Duration.ofSeconds(10));
            nanos[i] = System.nanoTime() - start;
            if (Integer.parseInt(m.group(1)) != i) {
                throw new IllegalStateException("round trip " + i + " got reply " + m.group(1));
            }
        }
        return nanos;
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.0fµs", nanos / 1_000.0);
    }
}
