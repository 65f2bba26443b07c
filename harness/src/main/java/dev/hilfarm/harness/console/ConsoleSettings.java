package dev.hilfarm.harness.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a console talks to one kind of board.
 *
 * @param lineEnding appended by {@link Console#sendLine}; "\n" suits Linux shells and U-Boot, whose
 *     tty turns the CR of an Enter key into LF anyway
 * @param shellPrompt the shell prompt in normalised output (ANSI colour already removed), waited for
 *     after every {@link Console#run} so the next command cannot interleave with the previous one
 * @param deathPatterns checked on every complete line the board prints; a match fails the current or
 *     next wait at once with {@link DeathPatternException}
 * @param failureTailLines how many transcript lines a failure message quotes
 * @param pendingLimitChars how much unconsumed output an expect can still search; older output is
 *     dropped from the search (never from the transcript)
 */
public record ConsoleSettings(String lineEnding, Pattern shellPrompt, List<Pattern> deathPatterns,
                              int failureTailLines, int pendingLimitChars) {

    /**
     * Linux kernel messages that mean the product crashed, as the kernel prints them (checked
     * against kernel/panic.c, arch/arm/mm/fault.c, arch/arm/kernel/traps.c and lib/bug.c):
     * <ul>
     *   <li>{@code Kernel panic - not syncing: VFS: Unable to mount root fs…} — panic()</li>
     *   <li>{@code Unable to handle kernel NULL pointer dereference at virtual address 00000000}
     *       and {@code … paging request at …} — ARM page-fault oops</li>
     *   <li>{@code Internal error: Oops: 805 [#1] SMP ARM} and {@code Internal error: Oops - BUG: 0 [#1]}
     *       — ARM die()</li>
     *   <li>{@code BUG: scheduling while atomic}, {@code BUG: soft lockup - CPU#0 stuck for 22s!},
     *       {@code BUG: sleeping function called from invalid context}, {@code BUG: KASAN: …} — matched
     *       only at the start of the message (after the optional {@code [    1.234567]} timestamp and
     *       {@code [    T1]} caller id) so that user-space text such as "DEBUG: " does not match</li>
     *   <li>{@code ---[ end trace 0000000000000000 ]---} — the end of every oops and also of a WARN()
     *       splat: a kernel warning fails the test too</li>
     * </ul>
     */
    public static final List<Pattern> KERNEL_DEATH_PATTERNS = List.of(
            Pattern.compile("Kernel panic - not syncing"),
            Pattern.compile("Unable to handle kernel"),
            Pattern.compile("Internal error: Oops"),
            Pattern.compile("^(?:\\[[^\\]]*\\]\\s*)*BUG: "),
            Pattern.compile("---\\[ end trace"));

    /** Ends in {@code #} or {@code $}, optionally followed by one space: root and user shells, busybox. */
    public static final Pattern DEFAULT_SHELL_PROMPT = Pattern.compile("[#$] ?$");

    public ConsoleSettings {
        if (lineEnding == null || shellPrompt == null || deathPatterns == null) {
            throw new NullPointerException("lineEnding, shellPrompt and deathPatterns are required");
        }
        deathPatterns = List.copyOf(deathPatterns);
        if (failureTailLines < 1) {
            throw new IllegalArgumentException("failureTailLines must be at least 1: " + failureTailLines);
        }
        if (pendingLimitChars < 1024) {
            throw new IllegalArgumentException("pendingLimitChars must be at least 1024: " + pendingLimitChars);
        }
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings("\n", DEFAULT_SHELL_PROMPT, KERNEL_DEATH_PATTERNS, 20, 256 * 1024);
    }

    public ConsoleSettings withLineEnding(String lineEnding) {
        return new ConsoleSettings(lineEnding, shellPrompt, deathPatterns, failureTailLines, pendingLimitChars);
    }

    public ConsoleSettings withShellPrompt(Pattern shellPrompt) {
        return new ConsoleSettings(lineEnding, shellPrompt, deathPatterns, failureTailLines, pendingLimitChars);
    }

    public ConsoleSettings withDeathPatterns(List<Pattern> deathPatterns) {
        return new ConsoleSettings(lineEnding, shellPrompt, deathPatterns, failureTailLines, pendingLimitChars);
    }

    public ConsoleSettings withAdditionalDeathPattern(Pattern deathPattern) {
        List<Pattern> all = new ArrayList<>(deathPatterns);
        all.add(deathPattern);
        return withDeathPatterns(all);
    }

    public ConsoleSettings withFailureTailLines(int failureTailLines) {
        return new ConsoleSettings(lineEnding, shellPrompt, deathPatterns, failureTailLines, pendingLimitChars);
    }

    public ConsoleSettings withPendingLimitChars(int pendingLimitChars) {
        return new ConsoleSettings(lineEnding, shellPrompt, deathPatterns, failureTailLines, pendingLimitChars);
    }
}
