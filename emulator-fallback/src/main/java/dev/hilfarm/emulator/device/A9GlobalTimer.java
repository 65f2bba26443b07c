package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.TimedEvent;

/**
 * The Cortex-A9's global timer (Cortex-A9 MPCore TRM 4.3; offset 0x200 of the private region,
 * interrupt ID 27): a 64-bit up-counter clocked by PERIPHCLK / (prescaler + 1) while enabled,
 * with a comparator that sets the event flag once the counter reaches it (the r2p0 "greater or
 * equal" rule) and optionally advances by the auto-increment value. The counter is computed from
 * virtual time; the only event scheduled is the next comparator match. Linux uses it as a
 * clocksource and sched_clock.
 *
 * <p>The counter can be written only while the timer is disabled, as the TRM asks. PERIPHCLK is
 * 100 MHz as on QEMU.
 */
public final class A9GlobalTimer extends WordRegisters {
    public static final int COUNTER_LOW = 0x00;
    public static final int COUNTER_HIGH = 0x04;
    public static final int CONTROL = 0x08;
    public static final int INTERRUPT_STATUS = 0x0c;
    public static final int COMPARATOR_LOW = 0x10;
    public static final int COMPARATOR_HIGH = 0x14;
    public static final int AUTO_INCREMENT = 0x18;

    public static final int CONTROL_TIMER_ENABLE = 1 << 0;
    public static final int CONTROL_COMP_ENABLE = 1 << 1;
    public static final int CONTROL_IRQ_ENABLE = 1 << 2;
    public static final int CONTROL_AUTO_INCREMENT = 1 << 3;
    private static final int CONTROL_PRESCALER_MASK = 0xff00;
    private static final int CONTROL_MASK = CONTROL_PRESCALER_MASK | CONTROL_AUTO_INCREMENT | CONTROL_IRQ_ENABLE
            | CONTROL_COMP_ENABLE | CONTROL_TIMER_ENABLE;

    private final EventScheduler scheduler;
    private final InterruptLine irq;
    private final TimedEvent match;

    private int control;
    private boolean eventFlag;
    private long comparator;
    private int autoIncrement;
    /** The counter at {@link #baseNanos}; it advances from there while enabled. */
    private long baseCount;
    private long baseNanos;
    private boolean irqLevel;

    public A9GlobalTimer(EventScheduler scheduler, InterruptLine irq) {
        this.scheduler = scheduler;
        this.irq = irq;
        this.match = scheduler.newEvent("a9 global timer comparator", now -> checkComparator(now));
        reset();
    }

    @Override
    public int windowSize() {
        return 0x20;
    }

    @Override
    public void reset() {
        scheduler.cancel(match);
        control = 0;
        eventFlag = false;
        comparator = 0;
        autoIncrement = 0;
        baseCount = 0;
        baseNanos = 0;
        updateInterrupt();
    }

    private boolean enabled() {
        return (control & CONTROL_TIMER_ENABLE) != 0;
    }

    private long nanosPerTick() {
        return A9PrivateTimer.NANOS_PER_PERIPHCLK * (((control & CONTROL_PRESCALER_MASK) >>> 8) + 1);
    }

    /** The 64-bit counter at virtual time {@code now}. */
    public long counter(long now) {
        return enabled() ? baseCount + (now - baseNanos) / nanosPerTick() : baseCount;
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case COUNTER_LOW:
                return (int) counter(scheduler.nowNanos());
            case COUNTER_HIGH:
                return (int) (counter(scheduler.nowNanos()) >>> 32);
            case CONTROL:
                return control;
            case INTERRUPT_STATUS:
                return eventFlag ? 1 : 0;
            case COMPARATOR_LOW:
                return (int) comparator;
            case COMPARATOR_HIGH:
                return (int) (comparator >>> 32);
            case AUTO_INCREMENT:
                return autoIncrement;
            default:
                return 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        long now = scheduler.nowNanos();
        switch (offset) {
            case COUNTER_LOW:
                if (!enabled()) {
                    baseCount = (baseCount & 0xffffffff00000000L) | (value & 0xffffffffL);
                }
                break;
            case COUNTER_HIGH:
                if (!enabled()) {
                    baseCount = (baseCount & 0xffffffffL) | ((long) value << 32);
                }
                break;
            case CONTROL:
                // Re-base the count so a change of enable or prescaler applies from now on.
                baseCount = counter(now);
                baseNanos = now;
                control = value & CONTROL_MASK;
                break;
            case INTERRUPT_STATUS:
                if ((value & 1) != 0) {
                    eventFlag = false;
                }
                break;
            case COMPARATOR_LOW:
                comparator = (comparator & 0xffffffff00000000L) | (value & 0xffffffffL);
                break;
            case COMPARATOR_HIGH:
                comparator = (comparator & 0xffffffffL) | ((long) value << 32);
                break;
            case AUTO_INCREMENT:
                autoIncrement = value;
                return;
            default:
                return;
        }
        checkComparator(now);
    }

    /** Sets the event flag if the counter has reached the comparator, and schedules the next match. */
    private void checkComparator(long now) {
        scheduler.cancel(match);
        if (enabled() && (control & CONTROL_COMP_ENABLE) != 0) {
            long count = counter(now);
            if (Long.compareUnsigned(count, comparator) >= 0) {
                eventFlag = true;
                long increment = autoIncrement & 0xffffffffL;
                if ((control & CONTROL_AUTO_INCREMENT) != 0 && increment != 0) {
                    // Advance past the counter (missed matches collapse into the flag already set).
                    long steps = (count - comparator) / increment + 1;
                    comparator += steps * increment;
                }
            }
            if (Long.compareUnsigned(count, comparator) < 0) {
                long ticksAway = comparator - count;
                long nanosAway = ticksAway > Long.MAX_VALUE / nanosPerTick() ? Long.MAX_VALUE / 2 : ticksAway * nanosPerTick();
                long tickPhase = (now - baseNanos) % nanosPerTick();
                scheduler.scheduleAtNanos(match, now - tickPhase + nanosAway);
            }
        }
        updateInterrupt();
    }

    private void updateInterrupt() {
        boolean level = eventFlag && (control & CONTROL_IRQ_ENABLE) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
