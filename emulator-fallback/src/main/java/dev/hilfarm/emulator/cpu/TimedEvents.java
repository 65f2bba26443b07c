package dev.hilfarm.emulator.cpu;

/**
 * The machine's timed devices as the CPU's run loop sees them. Time is counted in retired
 * instructions, which makes every run deterministic; devices convert to their own clocks.
 */
public interface TimedEvents {
    /** Runs every event due at or before {@code now}; returns when the next one is due (Long.MAX_VALUE if none). */
    long runDue(long now);

    TimedEvents NONE = now -> Long.MAX_VALUE;
}
