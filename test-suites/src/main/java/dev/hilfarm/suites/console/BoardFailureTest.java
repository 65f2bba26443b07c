package dev.hilfarm.suites.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.DeathPatternException;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.failure.SerialLinkLostException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A crashed or vanished board ends the wait at once, with the right kind of failure: a crash is a
 * test failure (the product died), a vanished board is an infrastructure failure (the lab broke).
 */
@Tag("console")
@DisplayName("console: board failures")
class BoardFailureTest {
    /** Far longer than the bound below: a wait that runs into its timeout fails the test. */
    private static final Duration LONG_WAIT = Duration.ofMinutes(10);
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @Test
    @DisplayName("a board that vanishes mid-command fails the command promptly as a lost link")
    void vanishesMidCommand() {
        try (BoardConsole connection = BoardConsole.connect(FakeBoard.withShell(new BoardShell.Options(true, false)))) {
            connection.console().expect(BoardShell.PROMPT + "$", Duration.ofSeconds(30));
            Thread unplug = new Thread(() -> {
                FakeBoard.pause(Duration.ofSeconds(1));
                connection.board().vanish();
            });
            unplug.start();
            SerialLinkLostException e = assertTimeoutPreemptively(PROMPTLY,
                    () -> assertThrows(SerialLinkLostException.class, () -> connection.console().run("sleep 600", LONG_WAIT)));
            assertTrue(e instanceof InfrastructureException);
            assertTrue(e.getMessage().contains(connection.board().devicePath()), e.getMessage());
            assertTrue(e.getMessage().contains("`sleep 600`"), e.getMessage());
            assertTrue(connection.console().isLost());
            assertThrows(SerialLinkLostException.class, () -> connection.console().sendLine("echo hello"));
        }
    }

    @Test
    @DisplayName("a kernel panic during a wait fails it at once with the panic line")
    void kernelPanicMidWait() {
        try (BoardConsole connection = BoardConsole.connect(FakeBoard.scripted())) {
            connection.board().print("[    1.830000] Freeing unused kernel memory: 1024K\r\n");
            connection.board().printLater(Duration.ofMillis(500),
                    "[    1.850000] Run /sbin/init as init process\r\n"
                    + "[    1.860000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\r\n"
                    + "[    1.860001] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-armmp #1\r\n");
            DeathPatternException e = assertTimeoutPreemptively(PROMPTLY,
                    () -> assertThrows(DeathPatternException.class, () -> connection.console().expect("login:", LONG_WAIT)));
            assertTrue(e instanceof AssertionError, "a crash is a test failure");
            assertEquals("Kernel panic - not syncing", e.pattern());
            assertTrue(e.getMessage().contains("Attempted to kill init!"), e.getMessage());
            assertTrue(e.getMessage().contains("Freeing unused kernel memory"), "tail in message: " + e.getMessage());
        }
    }

    @Test
    @DisplayName("an oops while nobody waits fails the next wait")
    void oopsBeforeTheWait() {
        try (BoardConsole connection = BoardConsole.connect(FakeBoard.scripted())) {
            connection.board().print("[   12.000002] Unable to handle kernel NULL pointer dereference at virtual address 00000000\r\n");
            FakeBoard.pause(Duration.ofMillis(500));
            DeathPatternException e = assertTimeoutPreemptively(PROMPTLY,
                    () -> assertThrows(DeathPatternException.class, () -> connection.console().expect("never", LONG_WAIT)));
            assertEquals("Unable to handle kernel", e.pattern());
        }
    }

    @Test
    @DisplayName("grepping for a panic does not die of its own echoed command line")
    void commandMentioningAPanicIsNotADeath() {
        try (BoardConsole connection = BoardConsole.connect(FakeBoard.withShell(new BoardShell.Options(true, false)))) {
            connection.console().expect(BoardShell.PROMPT + "$", Duration.ofSeconds(30));
            CommandResult r = connection.console().run("grep -c 'Kernel panic - not syncing' /dev/null", Duration.ofSeconds(30));
            assertEquals(new CommandResult("grep -c 'Kernel panic - not syncing' /dev/null", "0\n", 1), r);
        }
    }
}
