package dev.hilfarm.suites.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.Console;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code run()} against a real shell on an interactive tty: exact output and exit status, whether
 * the terminal echoes or not, and with output arriving in small pieces.
 */
@Tag("console")
@DisplayName("console: run() on a real shell")
class ShellCommandTest {
    private static final Duration COMMAND = Duration.ofSeconds(30);

    static Stream<BoardShell.Options> terminals() {
        return Stream.of(
                new BoardShell.Options(true, false),
                new BoardShell.Options(false, false),
                new BoardShell.Options(true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terminals")
    @DisplayName("exact output and exit status")
    void exactOutputAndStatus(BoardShell.Options terminal) {
        try (BoardConsole connection = connect(terminal)) {
            Console console = connection.console();
            assertEquals(new CommandResult("printf 'alpha\\nbeta\\n'", "alpha\nbeta\n", 0),
                    console.run("printf 'alpha\\nbeta\\n'", COMMAND));
            CommandResult failed = console.run("sh -c 'echo oops >&2; exit 7'", COMMAND);
            assertEquals("oops\n", failed.output());
            assertEquals(7, failed.exitStatus());
            assertFalse(failed.succeeded());
            assertEquals(1, console.run("false", COMMAND).exitStatus());
            assertEquals(127, console.run("no-such-command-on-this-board 2>/dev/null", COMMAND).exitStatus());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terminals")
    @DisplayName("output without trailing newline, empty output and blank lines stay exact")
    void edgesOfOutput(BoardShell.Options terminal) {
        try (BoardConsole connection = connect(terminal)) {
            Console console = connection.console();
            assertEquals("no newline", console.run("printf 'no newline'", COMMAND).output());
            assertEquals("", console.run("true", COMMAND).output());
            assertEquals("\n\nx\n", console.run("printf '\\n\\nx\\n'", COMMAND).output());
            assertEquals("tab\there\n", console.run("printf 'tab\\there\\n'", COMMAND).output());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terminals")
    @DisplayName("ANSI colour and CR in command output are normalised")
    void colourAndCarriageReturns(BoardShell.Options terminal) {
        try (BoardConsole connection = connect(terminal)) {
            assertEquals("red plain\n", connection.console().run("printf '\\033[31mred\\033[0m plain\\n'", COMMAND).output());
            assertEquals("50%\n100%\n", connection.console().run("printf '50%%\\r100%%\\n'", COMMAND).output());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terminals")
    @DisplayName("consecutive commands never see each other's output")
    void consecutiveCommandsDoNotInterleave(BoardShell.Options terminal) {
        try (BoardConsole connection = connect(terminal)) {
            for (int i = 0; i < 15; i++) {
                assertEquals("reply " + i + "\n", connection.console().run("echo reply " + i, COMMAND).output());
            }
            String marker = connection.console().run("echo __HIL_B __HIL_E_0", COMMAND).output();
            assertEquals("__HIL_B __HIL_E_0\n", marker);
            String longLine = "x".repeat(300);
            assertEquals(longLine + "\n", connection.console().run("echo " + longLine, COMMAND).output());
            assertTrue(connection.transcript().since(0).contains("> printf '%s%s\\n' __HIL _B"));
        }
    }

    private static BoardConsole connect(BoardShell.Options terminal) {
        BoardConsole connection = BoardConsole.connect(FakeBoard.withShell(terminal));
        connection.console().expect(BoardShell.PROMPT + "$", COMMAND);
        return connection;
    }
}
