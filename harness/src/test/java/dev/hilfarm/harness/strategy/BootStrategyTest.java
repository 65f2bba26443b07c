package dev.hilfarm.harness.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.ConsoleTimeoutException;
import dev.hilfarm.harness.console.DeathPatternException;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.target.TargetPoweredOffException;
import dev.hilfarm.harness.testboard.ScriptedBoardTarget;
import dev.hilfarm.harness.testboard.ScriptedUBootBoard;
import dev.hilfarm.harness.testboard.ScriptedUBootBoard.Behaviour;
import dev.hilfarm.harness.testboard.ScriptedUBootBoard.Stage;
import dev.hilfarm.harness.testboard.TestBoards;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The boot strategy against a scripted U-Boot board on a real pseudo-terminal, its console opened
 * with jSerialComm like a USB adapter. The board answers at once, so the bounds below are generous;
 * only the board that never shows its autoboot message runs into one (1.5 s).
 */
class BootStrategyTest {
    private static final BootTimeouts TIMEOUTS =
            new BootTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
    /** For the board that never shows its autoboot message: the one wait that must run into its bound. */
    private static final BootTimeouts SHORT_BANNER_WAIT =
            new BootTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(10), Duration.ofSeconds(10));
    private static final Duration COMMAND = Duration.ofSeconds(10);

    private ScriptedUBootBoard board;
    private ScriptedBoardTarget target;
    private BootStrategy strategy;

    @BeforeEach
    void board() {
        board = ScriptedUBootBoard.create();
        target = new ScriptedBoardTarget(TestBoards.scriptedUBoot(), board);
        strategy = new BootStrategy(target, TIMEOUTS);
    }

    @AfterEach
    void unplug() {
        target.close();
    }

    @Test
    void offToBootloaderToShellReachesEachState() {
        assertEquals(BootState.UNKNOWN, strategy.state());

        strategy.transition(BootState.OFF);
        assertEquals(BootState.OFF, strategy.state());
        assertEquals(Stage.OFF, board.stage());
        assertThrows(TargetPoweredOffException.class, () -> target.console());

        strategy.transition(BootState.BOOTLOADER);
        assertEquals(BootState.BOOTLOADER, strategy.state());
        assertEquals(Stage.UBOOT_PROMPT, board.stage(), "the board must be held at its U-Boot prompt");
        assertEquals(1, board.powerUps());
        assertTrue(board.typed().contains("\u0003"), "the profile's interrupt key (Ctrl-C) stops autoboot: "
                + board.typed());

        strategy.transition(BootState.SHELL);
        assertEquals(BootState.SHELL, strategy.state());
        assertEquals(Stage.SHELL, board.stage());
        assertEquals(1, board.powerUps(), "from the bootloader prompt the shell is reached without a power cycle");
        assertTrue(board.typed().contains("run bootcmd\n"), "the profile's boot command was typed: " + board.typed());

        CommandResult uname = target.console().run("uname -m", COMMAND);
        assertEquals("armv7l\n", uname.output());
        assertEquals(0, uname.exitStatus());
        assertEquals(1, target.console().run("false", COMMAND).exitStatus());
    }

    @Test
    void offToShellGoesThroughTheBootloader() {
        strategy.transition(BootState.SHELL);
        assertEquals(BootState.SHELL, strategy.state());
        assertEquals(Stage.SHELL, board.stage());
        assertEquals(1, board.powerUps());
        String transcript = target.transcript().since(0);
        int autoboot = transcript.indexOf(ScriptedUBootBoard.AUTOBOOT_MESSAGE);
        int bootcmd = transcript.indexOf("> run bootcmd");
        int kernel = transcript.indexOf("Starting kernel");
        assertTrue(autoboot >= 0 && autoboot < bootcmd && bootcmd < kernel,
                "autoboot message, then the boot command, then the kernel:\n" + transcript);
    }

    @Test
    void transitionToTheCurrentStateDoesNothing() {
        strategy.transition(BootState.SHELL);
        int powerOns = target.powerOnCalls();
        int powerOffs = target.powerOffCalls();
        String typedBefore = board.typed();
        int commandsBefore = board.commandsRun();

        strategy.transition(BootState.SHELL);

        assertEquals(BootState.SHELL, strategy.state());
        assertEquals(1, board.powerUps());
        assertEquals(powerOns, target.powerOnCalls());
        assertEquals(powerOffs, target.powerOffCalls());
        assertEquals(typedBefore, board.typed(), "nothing may be typed to a board already at its shell");
        assertEquals(commandsBefore, board.commandsRun());

        strategy.transition(BootState.BOOTLOADER);
        assertEquals(2, board.powerUps(), "the bootloader is only reachable through a power cycle");
        strategy.transition(BootState.BOOTLOADER);
        assertEquals(2, board.powerUps());
        assertEquals(Stage.UBOOT_PROMPT, board.stage());

        strategy.transition(BootState.OFF);
        int offs = target.powerOffCalls();
        strategy.transition(BootState.OFF);
        assertEquals(offs, target.powerOffCalls());
        assertEquals(Stage.OFF, board.stage());
        assertEquals(2, board.powerUps());
    }

    @Test
    void aBoardThatNeverShowsTheAutobootMessageBreaksTheTargetUntilReset() {
        board.behave(Behaviour.NO_AUTOBOOT_MESSAGE);
        strategy = new BootStrategy(target, SHORT_BANNER_WAIT);

        BootFailedException failed = assertThrows(BootFailedException.class, () -> strategy.transition(BootState.SHELL));
        assertInstanceOf(InfrastructureException.class, failed, "a board that does not boot is a lab failure");
        assertInstanceOf(ConsoleTimeoutException.class, failed.getCause());
        assertTrue(failed.getMessage().contains("UNKNOWN -> SHELL"), failed.getMessage());
        assertTrue(failed.getCause().getMessage().contains(ScriptedUBootBoard.AUTOBOOT_MESSAGE), failed.getCause().getMessage());
        assertEquals(BootState.BROKEN, strategy.state());

        // Even with the board now healthy, a broken target refuses at once: no power, no keys, no wait.
        board.behave(Behaviour.NORMAL);
        int powerUps = board.powerUps();
        int powerOns = target.powerOnCalls();
        int powerOffs = target.powerOffCalls();
        String typed = board.typed();
        for (BootState goal : new BootState[] {BootState.SHELL, BootState.BOOTLOADER, BootState.OFF}) {
            TargetBrokenException broken = assertThrows(TargetBrokenException.class, () -> strategy.transition(goal));
            assertInstanceOf(InfrastructureException.class, broken);
            assertSame(failed.getCause(), broken.getCause(), "the broken target names what broke it");
            assertTrue(broken.getMessage().contains("UNKNOWN -> SHELL"), broken.getMessage());
        }
        strategy.invalidate();
        assertEquals(BootState.BROKEN, strategy.state(), "invalidate() does not mend a broken target");
        assertThrows(TargetBrokenException.class, () -> strategy.transition(BootState.SHELL));
        assertEquals(powerUps, board.powerUps());
        assertEquals(powerOns, target.powerOnCalls());
        assertEquals(powerOffs, target.powerOffCalls());
        assertEquals(typed, board.typed());

        strategy.reset();
        assertEquals(BootState.UNKNOWN, strategy.state());
        strategy.transition(BootState.SHELL);
        assertEquals(BootState.SHELL, strategy.state());
        assertEquals(powerUps + 1, board.powerUps());
        assertEquals("armv7l\n", target.console().run("uname -m", COMMAND).output());
    }

    @Test
    void invalidateAfterACrashMakesTheNextShellTransitionPowerCycle() {
        strategy.transition(BootState.SHELL);
        assertEquals(1, board.powerUps());

        // The test crashes the kernel; the strategy cannot know.
        assertThrows(DeathPatternException.class, () -> target.console().run("echo c > /proc/sysrq-trigger", COMMAND));
        assertEquals(Stage.DEAD, board.stage());
        strategy.transition(BootState.SHELL);
        assertEquals(1, board.powerUps(), "without invalidate() the strategy trusts its state");

        strategy.invalidate();
        assertEquals(BootState.UNKNOWN, strategy.state());
        strategy.transition(BootState.SHELL);

        assertEquals(BootState.SHELL, strategy.state());
        assertEquals(2, board.powerUps());
        assertEquals(Stage.SHELL, board.stage());
        assertEquals("armv7l\n", target.console().run("uname -m", COMMAND).output());
    }

    @Test
    void aKernelPanicDuringBootFailsTheBootAsABrokenTargetCausedByTheDeathPattern() {
        board.behave(Behaviour.KERNEL_PANIC);

        BootFailedException failed = assertThrows(BootFailedException.class, () -> strategy.transition(BootState.SHELL));

        DeathPatternException panic = assertInstanceOf(DeathPatternException.class, failed.getCause());
        assertEquals("Kernel panic - not syncing", panic.pattern());
        assertTrue(panic.getMessage().contains("VFS: Unable to mount root fs"), panic.getMessage());
        assertTrue(failed.getMessage().contains("Kernel panic"), failed.getMessage());
        assertEquals(BootState.BROKEN, strategy.state());
        assertEquals(Stage.DEAD, board.stage());
        assertThrows(TargetBrokenException.class, () -> strategy.transition(BootState.SHELL));
    }

    @Test
    void unknownAndBrokenAreNotGoals() {
        assertThrows(IllegalArgumentException.class, () -> strategy.transition(BootState.UNKNOWN));
        assertThrows(IllegalArgumentException.class, () -> strategy.transition(BootState.BROKEN));
        assertEquals(BootState.UNKNOWN, strategy.state());
        assertEquals(0, board.powerUps());
    }
}
