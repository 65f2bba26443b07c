package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.TimedEvent;
import dev.hilfarm.emulator.machine.VirtualClock;

/**
 * One of the two down-counters of an SP804 dual timer (ARM DDI 0271). The count is computed from
 * virtual time when read; the only scheduled event is the next time it reaches zero.
 *
 * <p>Counting follows QEMU's model, which Linux's sp804 driver and bare-metal code written against
 * QEMU rely on: the counter reloads from its "limit" (TimerXLoad in periodic and one-shot mode, the
 * maximum 0xFFFF or 0xFFFFFFFF in free-running mode) whenever TimerXLoad is written and whenever
 * TimerXControl is written with the enable bit set; TimerXBGLoad changes the limit for the next
 * period only. On reaching zero the counter raises its interrupt and, except in one-shot mode,
 * starts again from the limit, so a period lasts {@code limit} ticks. In 16-bit mode the count is
 * 16 bits wide, as the TRM says.
 */
final class Sp804Counter {
    static final int LOAD = 0x00;
    static final int VALUE = 0x04;
    static final int CONTROL = 0x08;
    static final int INTCLR = 0x0c;
    static final int RIS = 0x10;
    static final int MIS = 0x14;
    static final int BGLOAD = 0x18;

    static final int CTRL_ONESHOT = 1 << 0;
    static final int CTRL_32BIT = 1 << 1;
    static final int CTRL_PRESCALE_SHIFT = 2;
    static final int CTRL_INT_ENABLE = 1 << 5;
    static final int CTRL_PERIODIC = 1 << 6;
    static final int CTRL_ENABLE = 1 << 7;
    /** TimerXControl at reset: interrupt enabled, 16-bit, free-running, stopped. */
    static final int CTRL_RESET = CTRL_INT_ENABLE;

    private final EventScheduler scheduler;
    private final long clockHz;
    private final Runnable interruptChanged;
    private final TimedEvent zero;

    private int load;
    private int control;
    private boolean interrupt;
    private boolean running;
    /** While stopped: the count. While running: the count at {@link #startNanos}. */
    private long startValue;
    private long startNanos;

    Sp804Counter(EventScheduler scheduler, long clockHz, String name, Runnable interruptChanged) {
        this.scheduler = scheduler;
        this.clockHz = clockHz;
        this.interruptChanged = interruptChanged;
        this.zero = scheduler.newEvent(name + " reaches zero", now -> onZero(now));
        reset();
    }

    void reset() {
        scheduler.cancel(zero);
        load = 0;
        control = CTRL_RESET;
        interrupt = false;
        running = false;
        startValue = 0;
        startNanos = 0;
    }

    /** The raw interrupt status (TimerXRIS). */
    boolean interrupt() {
        return interrupt;
    }

    /** The masked interrupt status (TimerXMIS). */
    boolean maskedInterrupt() {
        return interrupt && (control & CTRL_INT_ENABLE) != 0;
    }

    int read(int offset) {
        switch (offset) {
            case LOAD:
            case BGLOAD:
                return load;
            case VALUE:
                return (int) value(scheduler.nowNanos());
            case CONTROL:
                return control;
            case RIS:
                return interrupt ? 1 : 0;
            case MIS:
                return maskedInterrupt() ? 1 : 0;
            default:
                return 0;
        }
    }

    void write(int offset, int data) {
        long now = scheduler.nowNanos();
        switch (offset) {
            case LOAD:
                load = data;
                restart(now, limit());
                break;
            case BGLOAD:
                load = data; // takes effect when the counter next reaches zero
                break;
            case CONTROL:
                long current = value(now);
                control = data & 0xff;
                if ((control & CTRL_ENABLE) != 0) {
                    running = true;
                    restart(now, limit());
                } else {
                    running = false;
                    scheduler.cancel(zero);
                    startValue = current & widthMask();
                }
                interruptChanged.run();
                break;
            case INTCLR:
                interrupt = false; // any value clears it
                interruptChanged.run();
                break;
            default:
                break;
        }
    }

    private long widthMask() {
        return (control & CTRL_32BIT) != 0 ? 0xffffffffL : 0xffffL;
    }

    private long limit() {
        boolean freeRunning = (control & (CTRL_PERIODIC | CTRL_ONESHOT)) == 0;
        return freeRunning ? widthMask() : load & widthMask();
    }

    /** The prescaler's divisor: 1, 16 or 256 (3 is undefined; QEMU leaves the clock undivided). */
    private long prescale() {
        switch ((control >>> CTRL_PRESCALE_SHIFT) & 3) {
            case 1: return 16;
            case 2: return 256;
            default: return 1;
        }
    }

    private long ticksIn(long nanos) {
        return VirtualClock.ticks(nanos, clockHz) / prescale();
    }

    private long nanosFor(long ticks) {
        return VirtualClock.nanosForTicks(ticks * prescale(), clockHz);
    }

    /** Sets the count to {@code value} at {@code now} and, if running, schedules its reaching zero. */
    private void restart(long now, long value) {
        startValue = value;
        startNanos = now;
        if (running) {
            scheduleZero();
        }
    }

    private void scheduleZero() {
        scheduler.scheduleAtNanos(zero, startNanos + nanosFor(startValue));
    }

    private long value(long now) {
        if (!running) {
            return startValue;
        }
        long elapsed = ticksIn(now - startNanos);
        if (elapsed < startValue) {
            return startValue - elapsed;
        }
        // Past zero: the event that reloads the counter has not run yet (it runs at the next
        // instruction boundary); answer what the counter holds by now.
        long limit = limit();
        if ((control & CTRL_ONESHOT) != 0 || limit == 0) {
            return 0;
        }
        return limit - (elapsed - startValue) % limit;
    }

    private void onZero(long now) {
        interrupt = true;
        long zeroAt = startNanos + nanosFor(startValue);
        long limit = limit();
        if ((control & CTRL_ONESHOT) != 0 || limit == 0) {
            // One-shot (or nothing to reload): the counter stops at zero, the enable bit stays set.
            running = false;
            startValue = 0;
        } else {
            // Start the next period where this one ended, skipping periods the event was late for.
            long periodNanos = nanosFor(limit);
            long missed = (now - zeroAt) / periodNanos;
            startNanos = zeroAt + missed * periodNanos;
            startValue = limit;
            scheduleZero();
        }
        interruptChanged.run();
    }
}
