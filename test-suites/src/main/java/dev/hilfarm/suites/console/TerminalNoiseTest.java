package dev.hilfarm.suites.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hilfarm.harness.console.Match;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Patterns are written against plain text, whatever terminal noise the board adds. */
@Tag("console")
@DisplayName("console: terminal noise")
class TerminalNoiseTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final BoardConsole connection = BoardConsole.connect(FakeBoard.scripted());
    private final FakeBoard board = connection.board();

    @AfterEach
    void disconnect() {
        connection.close();
    }

    @Test
    @DisplayName("a coloured prompt arriving one byte per read is matched whole")
    void promptSplitAcrossReads() {
        board.print("Debian GNU/Linux 12 fakeboard ttyS0\r\n\r\n");
        board.trickle(BoardShell.COLOURED_PROMPT, Duration.ofMillis(15));
        Match prompt = connection.console().expect("root@fakeboard:~# $", WAIT);
        assertEquals(BoardShell.PROMPT, prompt.matched());
        assertEquals("Debian GNU/Linux 12 fakeboard ttyS0\n\n", prompt.before());
    }

    @Test
    @DisplayName("ANSI colour in output is invisible to patterns")
    void colourInOutput() {
        board.print("[\u001b[0;32m  OK  \u001b[0m] Started \u001b[0;1;39mjournald.service\u001b[0m - Journal Service.\r\n");
        Match m = connection.console().expect("\\[  OK  \\] Started (\\S+) - Journal Service\\.\n", WAIT);
        assertEquals("journald.service", m.group(1));
    }

    @Test
    @DisplayName("CRLF becomes LF even when CR and LF arrive in different reads")
    void crlfSplitAcrossReads() {
        board.print("line one\r");
        FakeBoard.pause(Duration.ofMillis(300));
        board.print("\nline two\r\n\r\nline four\r\n");
        Match m = connection.console().expect("line four\n", WAIT);
        assertEquals("line one\nline two\n\n", m.before());
    }

    @Test
    @DisplayName("a lone CR (progress output) is a line break")
    void loneCarriageReturn() {
        board.print("Loading 10%\rLoading 60%\rLoading 100%\r\ndone\r\n");
        assertEquals("Loading 10%\nLoading 60%\nLoading 100%\n", connection.console().expect("done\n", WAIT).before());
    }

    @Test
    @DisplayName("output without a trailing newline can be matched at its end")
    void noTrailingNewline() {
        board.print("fakeboard login: ");
        assertEquals("fakeboard ", connection.console().expect("login: $", WAIT).before());
        connection.console().sendLine("root");
        board.print("Password: ");
        connection.console().expect("Password: $", WAIT);
    }

    @Test
    @DisplayName("sendLine types the line with the configured line ending")
    void sendLineReachesTheBoard() {
        connection.console().sendLine("uname -a");
        connection.console().send("\u0003");
        waitFor(() -> board.typed().equals("uname -a\n\u0003"));
        assertFalse(connection.console().isLost());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            FakeBoard.pause(Duration.ofMillis(10));
        }
    }
}
