package dev.hilfarm.reports;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * Prints one line per finished test, as it finishes, so a long board run shows progress:
 *
 * <pre>
 *   PASS   smoke › kernel is armv7l  (0.42 s)
 *   FAIL   smoke › rootfs is read-only  (1.10 s)
 *          expected: &lt;ro&gt; but was: &lt;rw&gt;
 *   BROKEN smoke › ethernet link comes up  (30.02 s)
 *          SerialLinkLostException: /dev/ttyUSB0 disappeared
 *   SKIP   smoke › gpu clock
 *          Assumption failed: board has no GPU
 * </pre>
 *
 * <p>Every line is flushed at once: the stream is usually a terminal or a CI log that a person
 * is watching, and a buffered line is a test that looks hung.
 */
public final class LiveProgressPrinter implements Consumer<TestOutcome> {

    private static final String DETAIL_INDENT = "         ";

    private final PrintStream out;

    public LiveProgressPrinter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** A listener that only prints, for runs that want the live lines without a report. */
    public static TestExecutionListener listener(PrintStream out) {
        return new OutcomeListener(List.of(new LiveProgressPrinter(out)));
    }

    @Override
    public void accept(TestOutcome outcome) {
        StringBuilder text = new StringBuilder()
                .append(String.format(Locale.ROOT, "  %-6s %s", outcome.outcome().label(), outcome.name()));
        if (outcome.took() != null) {
            text.append(String.format(Locale.ROOT, "  (%s)", seconds(outcome.took())));
        }
        if (outcome.detail() != null) {
            text.append(System.lineSeparator()).append(DETAIL_INDENT).append(outcome.detail());
        }
        // One println per outcome keeps a test's two lines together when tests run in parallel.
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.2f s", took.toNanos() / 1e9);
    }
}
