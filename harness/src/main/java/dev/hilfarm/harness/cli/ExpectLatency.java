package dev.hilfarm.harness.cli;

import dev.hilfarm.emulator.pty.PseudoTerminal;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Match;
import dev.hilfarm.harness.console.SerialConsole;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.serial.JSerialCommLink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Console expect latency: from a line written on a pty master (the board's side) until
 * {@code expect} returns it. Covers the kernel's pty hand-over, jSerialComm's read wake-up,
 * decoding, normalisation, transcript, death-pattern scan and the waiter's wake-up.
 */
record ExpectLatency(int roundTrips, long[] sortedNanos) {
    private static final int WARM_UP = 1_000;
    private static final Pattern REPLY = Pattern.compile("pong (\\d+)\n");

    static ExpectLatency measure(int roundTrips) {
        try (PseudoTerminal pty = PseudoTerminal.open();
             Transcript transcript = Transcript.inMemory();
             SerialConsole console = SerialConsole.attach(JSerialCommLink.open(pty.slavePath(), 115_200),
                     ConsoleSettings.defaults(), transcript)) {
            OutputStream board = pty.masterOutput();
            run(board, console, WARM_UP);
            long[] nanos = run(board, console, roundTrips);
            Arrays.sort(nanos);
            return new ExpectLatency(roundTrips, nanos);
        } catch (IOException e) {
            throw new UncheckedIOException("pseudo-terminal for the benchmark: " + e.getMessage(), e);
        }
    }

    private static long[] run(OutputStream board, SerialConsole console, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            byte[] line = ("pong " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            try {
                board.write(line);
                board.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Match m = console.expect(REPLY, Duration.ofSeconds(10));
            nanos[i] = System.nanoTime() - start;
            if (Integer.parseInt(m.group(1)) != i) {
                throw new IllegalStateException("round trip " + i + " got reply " + m.group(1));
            }
        }
        return nanos;
    }

    long percentile(int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))];
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "expect latency over %d round trips (pty master write -> expect returns):%n", roundTrips);
        out.printf(Locale.ROOT, "  min %.0f us  median %.0f us  p90 %.0f us  p99 %.0f us  max %.0f us%n",
                sortedNanos[0] / 1e3, percentile(50) / 1e3, percentile(90) / 1e3, percentile(99) / 1e3,
                sortedNanos[sortedNanos.length - 1] / 1e3);
    }
}
