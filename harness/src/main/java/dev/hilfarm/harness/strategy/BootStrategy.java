package dev.hilfarm.harness.strategy;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleTimeoutException;
import dev.hilfarm.harness.target.Target;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Drives a target between OFF, BOOTLOADER and SHELL, using what its board profile says about the
 * bootloader and the shell. Transitions are idempotent: asking for the state the target is in does
 * nothing. A transition that fails leaves the target BROKEN, so that the tests after it are
 * reported as infrastructure failures rather than as failures of the product.
 */
public final class BootStrategy {
    private static final Duration INTERRUPT_PROBE = Duration.ofMillis(500);

    private final Target target;
    private final BootTimeouts timeouts;
    private BootState state = BootState.UNKNOWN;
    private Throwable brokenBy;
    private String brokenWhile;

    public BootStrategy(Target target, BootTimeouts timeouts) {
        this.target = target;
        this.timeouts = timeouts;
    }

    public synchronized BootState state() {
        return state;
    }

    public Target target() {
        return target;
    }

    /**
     * Brings the target to {@code goal}. Throws {@link BootFailedException} when the transition
     * fails and {@link TargetBrokenException} when an earlier one did.
     */
    public synchronized void transition(BootState goal) {
        if (goal == BootState.UNKNOWN || goal == BootState.BROKEN) {
            throw new IllegalArgumentException("cannot transition to " + goal);
        }
        if (state == BootState.BROKEN) {
            throw new TargetBrokenException(target.id() + " is broken since " + brokenWhile + ": "
                    + brokenBy.getMessage(), brokenBy);
        }
        if (state == goal) {
            return;
        }
        BootState from = state;
        try {
            switch (goal) {
                case OFF -> target.powerOff();
                case BOOTLOADER -> reachBootloader();
                case SHELL -> reachShell();
                default -> throw new IllegalStateException(goal.toString());
            }
            state = goal;
        } catch (RuntimeException | AssertionError e) {
            state = BootState.BROKEN;
            brokenBy = e;
            brokenWhile = from + " -> " + goal;
            throw new BootFailedException(target.id() + ": " + from + " -> " + goal + " failed: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Forgets the current state, e.g. after a test crashed or rebooted the board, so that the next
     * transition starts from power. A broken target stays broken.
     */
    public synchronized void invalidate() {
        if (state != BootState.BROKEN) {
            state = BootState.UNKNOWN;
        }
    }

    /** Clears BROKEN after the lab has been fixed (power-cycled by hand, cable replugged). */
    public synchronized void reset() {
        state = BootState.UNKNOWN;
        brokenBy = null;
        brokenWhile = null;
    }

    private void reachBootloader() {
        if (!target.hasBootloaderStage()) {
            throw new IllegalStateException(target.id() + " boots its kernel directly and has no bootloader stage");
        }
        powerCycle();
        BoardProfile.Bootloader bootloader = target.board().bootloader();
        Console console = target.console();
        console.expect(Pattern.compile(Pattern.quote(bootloader.autobootMessage())), timeouts.bootloaderBanner());
        // Press the interrupt key until the prompt answers, within the autoboot countdown.
        Pattern prompt = Pattern.compile(Pattern.quote(bootloader.prompt()) + "$");
        long deadline = System.nanoTime() + bootloader.autobootTimeout().toNanos();
        while (true) {
            console.send(bootloader.interruptKeys());
            try {
                console.expect(prompt, INTERRUPT_PROBE);
                break;
            } catch (ConsoleTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
        console.discardPending();
        state = BootState.BOOTLOADER;
    }

    private void reachShell() {
        Pattern prompt = Pattern.compile(target.board().linux().shellPrompt());
        Console console;
        if (target.hasBootloaderStage() && (state == BootState.BOOTLOADER || target.powerControllable())) {
            if (state != BootState.BOOTLOADER) {
                reachBootloader();
            }
            console = target.console();
            for (String command : target.board().bootloader().bootCommands()) {
                console.sendLine(command);
            }
        } else if (target.hasBootloaderStage()) {
            // No power control: the board is expected to be running already; wake the prompt.
            target.powerOn();
            console = target.console();
            console.sendLine("");
        } else {
            target.powerOff();
            target.powerOn();
            console = target.console();
        }
        long deadline = System.nanoTime() + timeouts.linuxBoot().toNanos();
        console.expect(prompt, timeouts.linuxBoot());
        while (true) {
            try {
                // Kernel messages printed on the console at any moment (deferred probes, driver timeouts)
                // would land between a command's output and the next prompt; like LAVA's test shell,
                // keep only emergencies (panics, oopses: what the death patterns watch) on the console.
                // The full log stays in the kernel's ring buffer for dmesg.
                console.sendLine("dmesg -n 1");
                // A prompt-shaped string in boot output is not proof (a bootloader's "## Loading" ends
                // in "# "): a command round trip is. Until the boot timeout, a failed one waits for the
                // next prompt and tries again.
                var check = console.run("true", timeouts.shellCheck());
                if (check.exitStatus() != 0) {
                    throw new IllegalStateException("the shell answered 'true' with exit status " + check.exitStatus());
                }
                return;
            } catch (RuntimeException | AssertionError notYet) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || console.isLost()) {
                    throw notYet;
                }
                console.expect(prompt, java.time.Duration.ofNanos(left));
            }
        }
    }

    private void powerCycle() {
        if (target.powerControllable()) {
            target.powerOff();
        }
        target.powerOn();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
