package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveProgressPrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // No autoflush: the printer must flush by itself.
    private final LiveProgressPrinter printer = new LiveProgressPrinter(new PrintStream(bytes, false, StandardCharsets.UTF_8));

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void passLineHasNameAndDuration() {
        printer.accept(new TestOutcome("smoke › kernel is armv7l", Outcome.PASSED, Duration.ofMillis(420), null));

        assertEquals("  PASS   smoke › kernel is armv7l  (0.42 s)\n", printed());
    }

    @Test
    void failureDetailIsIndentedUnderTheName() {
        printer.accept(new TestOutcome("smoke › rootfs", Outcome.FAILED, Duration.ofMillis(1100), "expected: <ro> but was: <rw>"));
        printer.accept(new TestOutcome("smoke › boots", Outcome.BROKEN, null, "InfrastructureException: serial lost"));
        printer.accept(new TestOutcome("smoke › gpu", Outcome.SKIPPED, null, null));

        assertEquals("  FAIL   smoke › rootfs  (1.10 s)\n"
                + "         expected: <ro> but was: <rw>\n"
                + "  BROKEN smoke › boots\n"
                + "         InfrastructureException: serial lost\n"
                + "  SKIP   smoke › gpu\n", printed());
    }
}
