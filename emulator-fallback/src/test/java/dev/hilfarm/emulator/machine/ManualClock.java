package dev.hilfarm.emulator.machine;

/** A settable instruction counter for device tests: time moves only when the test says so. */
public final class ManualClock {
    private long instructions;
    private final VirtualClock clock = new VirtualClock(() -> instructions);
    private final EventScheduler scheduler = new EventScheduler(clock);

    public EventScheduler scheduler() {
        return scheduler;
    }

    public long now() {
        return instructions;
    }

    /** Advances time by {@code nanos} (1 ns per instruction), firing events in order as the CPU's run loop would. */
    public void advance(long nanos) {
        long target = instructions + nanos;
        while (true) {
            long due = scheduler.nextDue();
            if (due > target) {
                break;
            }
            instructions = Math.max(instructions, due);
            scheduler.runDue(instructions);
        }
        instructions = target;
        scheduler.runDue(instructions);
    }
}
