package dev.hilfarm.emulator.machine;

/**
 * One device timer on the {@link EventScheduler}: created once by the device, then scheduled,
 * rescheduled and cancelled in place, so that timing allocates nothing while the machine runs.
 * While scheduled it sits in the scheduler's heap; {@link #heapIndex} is its slot there.
 */
public final class TimedEvent {
    /** What happens when the event comes due. */
    @FunctionalInterface
    public interface Handler {
        /** Called on the CPU thread once virtual time reaches the event; {@code nowNanos} is the current time. */
        void fire(long nowNanos);
    }

    final String name;
    final Handler handler;
    long dueInstruction;
    long sequence;
    int heapIndex = -1;

    TimedEvent(String name, Handler handler) {
        this.name = name;
        this.handler = handler;
    }

    public boolean isScheduled() {
        return heapIndex >= 0;
    }

    /** The instruction count at which the event fires, while it is scheduled. */
    public long dueInstruction() {
        return dueInstruction;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return isScheduled() ? name + " at instruction " + dueInstruction : name + " (idle)";
    }
}
