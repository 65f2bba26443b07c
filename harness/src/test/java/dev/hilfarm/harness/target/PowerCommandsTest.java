package dev.hilfarm.harness.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.testboard.TestBoards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Power command templates filled per argument and run as real host processes. */
class PowerCommandsTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A template whose command writes its argument count and arguments, one per line, to {@code file}. */
    private static String argumentsWrittenTo(Path file, String... arguments) {
        StringBuilder list = new StringBuilder("[sh, -c, 'printf \"%s\\n\" \"$#\" \"$@\" > " + file + "', power");
        for (String a : arguments) {
            list.append(", \"").append(a).append('"');
        }
        return list.append(']').toString();
    }

    @Test
    void eachPlaceholderIsFilledInsideItsOwnArgumentSoValuesNeverSplitOrReachAShell() throws Exception {
        Path on = dir.resolve("on.txt");
        Path off = dir.resolve("off.txt");
        Path injected = dir.resolve("injected");
        BoardProfile board = TestBoards.withPower("switched",
                argumentsWrittenTo(on, "${outlet}", "port-${port}/${outlet}"),
                argumentsWrittenTo(off, "${outlet}"));
        String outlet = "3 4; touch " + injected + " $(touch " + injected + ")";
        PowerCommands power = new PowerCommands(board, Map.of("outlet", outlet, "port", "a b"), BOUND);

        assertTrue(power.available());
        power.on();
        assertEquals(List.of("2", outlet, "port-a b/" + outlet), Files.readAllLines(on));
        power.off();
        assertEquals(List.of("1", outlet), Files.readAllLines(off));
        assertFalse(Files.exists(injected), "a value must never be interpreted by a shell");
        assertEquals(List.of("sh", "-c", "printf \"%s\\n\" \"$#\" \"$@\" > " + on, "power", outlet, "port-a b/" + outlet),
                power.onCommand());
    }

    @Test
    void theProfilesVariablesAreListedInOrderOfFirstUse() {
        BoardProfile board = TestBoards.withPower("hub", "[uhubctl, -l, \"${hub}\", -p, \"${port}\", -a, on]",
                "[uhubctl, -l, \"${hub}\", -p, \"${port}\", -a, off, -r, \"${repeat}\"]");
        assertEquals(List.of("hub", "port", "repeat"), PowerCommands.variablesOf(board));
    }

    @Test
    void aMissingVariableIsAnInfrastructureFailureNamingIt() {
        Path on = dir.resolve("on.txt");
        BoardProfile board = TestBoards.withPower("switched", argumentsWrittenTo(on, "${outlet}", "${port}"),
                argumentsWrittenTo(dir.resolve("off.txt"), "${outlet}"));
        PowerCommands power = new PowerCommands(board, Map.of("port", "2"), BOUND);

        assertFalse(power.available());
        InfrastructureException e = assertThrows(InfrastructureException.class, power::on);
        assertTrue(e.getMessage().contains("outlet"), e.getMessage());
        assertFalse(e.getMessage().contains("port"), "only the missing variable is named: " + e.getMessage());
        assertTrue(e.getMessage().contains("--power-var"), "says how to give it: " + e.getMessage());
        assertTrue(e.getMessage().contains("switched"), "names the board: " + e.getMessage());
        InfrastructureException offFailure = assertThrows(InfrastructureException.class, power::off);
        assertTrue(offFailure.getMessage().contains("outlet"), offFailure.getMessage());
        assertFalse(Files.exists(on), "nothing ran");
    }

    @Test
    void aFailingPowerCommandIsAnInfrastructureFailure() {
        BoardProfile board = TestBoards.withPower("flaky", "[\"false\"]", "[sh, -c, 'echo relay stuck >&2; exit 4']");
        PowerCommands power = new PowerCommands(board, Map.of(), BOUND);

        InfrastructureException on = assertThrows(InfrastructureException.class, power::on);
        assertTrue(on.getMessage().startsWith("power on of flaky failed: "), on.getMessage());
        assertTrue(on.getMessage().contains("status 1"), on.getMessage());
        InfrastructureException off = assertThrows(InfrastructureException.class, power::off);
        assertTrue(off.getMessage().contains("status 4"), off.getMessage());
        assertTrue(off.getMessage().contains("relay stuck"), "quotes the tool's error: " + off.getMessage());
    }

    @Test
    void aPowerToolThatIsNotInstalledIsAnInfrastructureFailure() {
        BoardProfile board = TestBoards.withPower("strip", "[hilfarm-no-such-sispmctl, -o, \"1\"]",
                "[hilfarm-no-such-sispmctl, -f, \"1\"]");
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> new PowerCommands(board, Map.of(), BOUND).on());
        assertTrue(e.getMessage().contains("hilfarm-no-such-sispmctl"), e.getMessage());
    }

    @Test
    void aBoardWithoutPowerCommandsMustBeSwitchedByHand() {
        PowerCommands power = new PowerCommands(TestBoards.scriptedUBoot(), Map.of("outlet", "1"), BOUND);
        assertFalse(power.available());
        InfrastructureException e = assertThrows(InfrastructureException.class, power::on);
        assertTrue(e.getMessage().contains("not under hilfarm's control"), e.getMessage());
    }
}
