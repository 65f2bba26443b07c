package dev.hilfarm.harness.target;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.DeathPatternException;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.strategy.BootFailedException;
import dev.hilfarm.harness.strategy.BootState;
import dev.hilfarm.harness.strategy.BootStrategy;
import dev.hilfarm.harness.strategy.BootTimeouts;
import dev.hilfarm.harness.testboard.FifoPowerSwitch;
import dev.hilfarm.harness.testboard.ScriptedUBootBoard;
import dev.hilfarm.harness.testboard.TestBoards;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardware path end to end with only the board faked: SerialTarget opens the scripted U-Boot
 * board's pty with jSerialComm like a USB adapter, and switches its power with the profile's power
 * commands run as host processes (they write to a named pipe the fake board's relay listens on).
 * Two tests build their own SerialTarget instead of {@code target}: one for a profile without power
 * commands, one without the lab variable the power commands need.
 */
class SerialTargetTest {
    private static final BootTimeouts TIMEOUTS =
            new BootTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
    private static final Duration COMMAND = Duration.ofSeconds(10);

    @TempDir
    Path lab;

    private ScriptedUBootBoard board;
    private FifoPowerSwitch power;
    private SerialTarget target;
    private BootStrategy strategy;

    @BeforeEach
    void wireTheBoard() {
        board = ScriptedUBootBoard.create();
        power = FifoPowerSwitch.create(lab, board);
        BoardProfile profile = TestBoards.withPower("relay-board", FifoPowerSwitch.ON_TEMPLATE, FifoPowerSwitch.OFF_TEMPLATE);
        target = new SerialTarget(profile, board.devicePath(),
                new PowerCommands(profile, Map.of("switch", power.path().toString()), Duration.ofSeconds(10)),
                ConsoleSettings.defaults().withShellPrompt(Pattern.compile(profile.linux().shellPrompt())),
                Transcript.inMemory());
        strategy = new BootStrategy(target, TIMEOUTS);
    }

    @AfterEach
    void unplug() {
        target.close();
        power.close();
        board.close();
    }

    @Test
    void bootsThroughUBootWithRealPowerCommands() {
        strategy.transition(BootState.SHELL);

        assertEquals(BootState.SHELL, strategy.state());
        assertEquals(ScriptedUBootBoard.Stage.SHELL, board.stage());
        assertEquals(List.of("off", "on"), power.switched(), "a power cycle through the profile's commands");
        CommandResult uname = target.console().run("uname -m", COMMAND);
        assertEquals("armv7l\n", uname.output());
        assertTrue(target.console().transcript().since(0).contains(ScriptedUBootBoard.BANNER),
                "the port is open before power is applied, so the board's first words are recorded");
    }

    @Test
    void anOopsInOneTestDoesNotBreakTheBootAfterIt() {
        strategy.transition(BootState.SHELL);

        // A test oopses the kernel: its command fails with the first death line the kernel prints...
        assertThrows(DeathPatternException.class, () -> target.console().run(ScriptedUBootBoard.PROVOKE_OOPS, COMMAND));
        // ...the extension invalidates the boot state, and the next test needs the shell again.
        strategy.invalidate();
        strategy.transition(BootState.SHELL);

        assertEquals(BootState.SHELL, strategy.state());
        assertEquals(2, board.powerUps());
        assertEquals("armv7l\n", target.console().run("uname -m", COMMAND).output());
    }

    @Test
    void aBoardWithoutPowerCommandsThatIsRunningIsReachedByWakingItsConsole() {
        BoardProfile manual = TestBoards.scriptedUBoot();
        try (ScriptedUBootBoard running = ScriptedUBootBoard.create(Duration.ofMillis(200), Duration.ofMillis(5));
             SerialTarget byHand = new SerialTarget(manual, running.devicePath(),
                     new PowerCommands(manual, Map.of(), Duration.ofSeconds(10)),
                     ConsoleSettings.defaults().withShellPrompt(Pattern.compile(manual.linux().shellPrompt())),
                     Transcript.inMemory())) {
            // Switched on by hand, nobody interrupts U-Boot: it autoboots to the shell.
            running.powerOn();
            await("the board autoboots to its shell").atMost(Duration.ofSeconds(20))
                    .until(() -> running.stage() == ScriptedUBootBoard.Stage.SHELL);
            BootStrategy manualStrategy = new BootStrategy(byHand, TIMEOUTS);

            manualStrategy.transition(BootState.SHELL);

            assertEquals(BootState.SHELL, manualStrategy.state());
            assertEquals(1, running.powerUps(), "nobody can cycle its power");
            assertEquals("armv7l\n", byHand.console().run("uname -m", COMMAND).output());
        }
    }

    @Test
    void missingLabVariablesFailTheBootNamingThem() {
        BoardProfile profile = TestBoards.withPower("relay-board", FifoPowerSwitch.ON_TEMPLATE, FifoPowerSwitch.OFF_TEMPLATE);
        try (SerialTarget unswitched = new SerialTarget(profile, board.devicePath(),
                new PowerCommands(profile, Map.of(), Duration.ofSeconds(10)),
                ConsoleSettings.defaults(), Transcript.inMemory())) {
            BootStrategy unswitchedStrategy = new BootStrategy(unswitched, TIMEOUTS);
            BootFailedException e = assertThrows(BootFailedException.class,
                    () -> unswitchedStrategy.transition(BootState.SHELL));
            assertTrue(e.getMessage().contains("needs the lab variable(s) switch"), e.getMessage());
            assertEquals(BootState.BROKEN, unswitchedStrategy.state());
            assertEquals(0, board.powerUps());
        }
    }
}
