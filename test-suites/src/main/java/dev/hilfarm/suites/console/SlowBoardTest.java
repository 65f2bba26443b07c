package dev.hilfarm.suites.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.console.ConsoleTimeoutException;
import dev.hilfarm.harness.console.Match;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A wait succeeds however slowly the board talks, and fails with the board's last words when it does not. */
@Tag("console")
@DisplayName("console: slow and silent boards")
class SlowBoardTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BoardConsole connection = BoardConsole.connect(FakeBoard.scripted());
    private final FakeBoard board = connection.board();

    @AfterEach
    void disconnect() {
        connection.close();
    }

    @Test
    @DisplayName("a line trickling in over seconds is matched once complete")
    void slowOutput() {
        Thread trickling = new Thread(() -> board.trickle("Starting kernel ...\r\n", Duration.ofMillis(100)));
        trickling.start();
        Match m = connection.console().expect("Starting kernel \\.\\.\\.\n", WAIT);
        assertEquals("Starting kernel ...\n", m.matched());
        assertEquals("", m.before());
    }

    @Test
    @DisplayName("output after a long silence still satisfies a patient wait")
    void longSilenceThenOutput() {
        board.print("Starting kernel ...\r\n");
        board.printLater(Duration.ofSeconds(3), "\r\nfakeboard login: ");
        Match m = connection.console().expect("login: ", WAIT);
        assertEquals("Starting kernel ...\n\nfakeboard ", m.before());
    }

    @Test
    @DisplayName("an impatient wait fails with the pattern, the timeout and the transcript tail")
    void shortTimeoutListsTheTail() {
        for (int i = 1; i <= 25; i++) {
            board.print(String.format("[    %d.000000] boot line %02d\r\n", i, i));
        }
        board.print("fakeboard login: ");
        board.printLater(Duration.ofSeconds(5), "Password: ");
        ConsoleTimeoutException e = assertThrows(ConsoleTimeoutException.class,
                () -> connection.console().expect("Password: ", Duration.ofMillis(500)));
        String message = e.getMessage();
        assertTrue(message.startsWith("timed out after 500ms waiting for /Password: /"), message);
        assertTrue(message.contains("last 20 lines of the console transcript:"), message);
        assertTrue(message.contains("boot line 25"), message);
        assertTrue(message.contains("boot line 07"), message);
        assertFalse(message.contains("boot line 06"), "only the last 20 lines: " + message);
        assertTrue(message.endsWith("< fakeboard login: "), message);
    }
}
