package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.TimedEvent;

/**
 * The Cortex-A9's private timer (Cortex-A9 MPCore TRM 4.1; offset 0x600 of the private region,
 * interrupt ID 29), and the timer mode of the watchdog (offset 0x620, ID 30). A 32-bit
 * down-counter clocked by PERIPHCLK / (prescaler + 1); on reaching zero it sets its event flag and,
 * with auto-reload, continues from the load value on the next tick (a period of load + 1 ticks).
 * The count is computed from virtual time; the only event scheduled is the next zero.
 *
 * <p>PERIPHCLK is 100 MHz, as QEMU clocks it (10 ns per tick at prescaler 0).
 */
public class A9PrivateTimer extends WordRegisters {
    public static final int LOAD = 0x00;
    public static final int COUNTER = 0x04;
    public static final int CONTROL = 0x08;
    public static final int INTERRUPT_STATUS = 0x0c;

    public static final int CONTROL_ENABLE = 1 << 0;
    public static final int CONTROL_AUTO_RELOAD = 1 << 1;
    public static final int CONTROL_IRQ_ENABLE = 1 << 2;
    static final int CONTROL_PRESCALER_MASK = 0xff00;
    /** PERIPHCLK period: 10 ns (100 MHz), as QEMU. */
    public static final long NANOS_PER_PERIPHCLK = 10;

    protected final EventScheduler scheduler;
    private final InterruptLine irq;
    private final TimedEvent zero;

    private int load;
    protected int control;
    private boolean eventFlag;
    private boolean running;
    /** While stopped: the counter. While running: the counter at {@link #startNanos}. */
    private long startValue;
    private long startNanos;
    private boolean irqLevel;

    public A9PrivateTimer(EventScheduler scheduler, String name, InterruptLine irq) {
        this.scheduler = scheduler;
        this.irq = irq;
        this.zero = scheduler.newEvent(name + " reaches zero", now -> onZero(now));
        reset();
    }

    @Override
    public int windowSize() {
        return 0x20;
    }

    @Override
    public void reset() {
        scheduler.cancel(zero);
        load = 0;
        control = 0;
        eventFlag = false;
        running = false;
        startValue = 0;
        startNanos = 0;
        updateInterrupt();
    }

    /** The control bits this block implements (the watchdog adds its mode bit). */
    protected int controlMask() {
        return CONTROL_PRESCALER_MASK | CONTROL_IRQ_ENABLE | CONTROL_AUTO_RELOAD | CONTROL_ENABLE;
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case LOAD:
                return load;
            case COUNTER:
                return (int) counter(scheduler.nowNanos());
            case CONTROL:
                return control;
            case INTERRUPT_STATUS:
                return eventFlag ? 1 : 0;
            default:
                return 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        long now = scheduler.nowNanos();
        switch (offset) {
            case LOAD:
                load = value;
                setCounter(now, value & 0xffffffffL); // writing the load register also writes the counter
                break;
            case COUNTER:
                setCounter(now, value & 0xffffffffL);
                break;
            case CONTROL:
                writeControl(now, value & controlMask());
                break;
            case INTERRUPT_STATUS:
                if ((value & 1) != 0) {
                    eventFlag = false;
                    updateInterrupt();
                }
                break;
            default:
                break;
        }
    }

    protected void writeControl(long now, int value) {
        long current = counter(now);
        control = value;
        startValue = current;
        startNanos = now;
        if ((control & CONTROL_ENABLE) != 0) {
            if (current == 0 && autoReloads()) {
                startValue = load & 0xffffffffL;
            }
            running = startValue != 0;
        } else {
            running = false;
        }
        scheduleZero();
        updateInterrupt();
    }

    private void setCounter(long now, long value) {
        startValue = value;
        startNanos = now;
        running = (control & CONTROL_ENABLE) != 0 && value != 0;
        scheduleZero();
    }

    /** Nanoseconds per tick: PERIPHCLK is 100 MHz, divided by prescaler + 1. */
    private long nanosPerTick() {
        return NANOS_PER_PERIPHCLK * (((control & CONTROL_PRESCALER_MASK) >>> 8) + 1);
    }

    private void scheduleZero() {
        if (running) {
            scheduler.scheduleAtNanos(zero, startNanos + startValue * nanosPerTick());
        } else {
            scheduler.cancel(zero);
        }
    }

    private long counter(long now) {
        if (!running) {
            return startValue;
        }
        long elapsed = (now - startNanos) / nanosPerTick();
        if (elapsed <= startValue) {
            return startValue - elapsed;
        }
        // Past zero before the event ran (it runs at the next instruction boundary).
        long reload = load & 0xffffffffL;
        if (!autoReloads() || reload == 0) {
            return 0;
        }
        return reload - (elapsed - startValue - 1) % (reload + 1);
    }

    private void onZero(long now) {
        eventFlag = true;
        long tick = nanosPerTick();
        long zeroAt = startNanos + startValue * tick;
        long reload = load & 0xffffffffL;
        if (autoReloads() && reload != 0) {
            // The counter takes the load value on the tick after zero: zeros are load + 1 ticks
            // apart. Periods the event was late for are skipped (the flag is set either way).
            long period = (reload + 1) * tick;
            long lastZero = zeroAt + (now - zeroAt) / period * period;
            startNanos = lastZero + tick;
            startValue = reload;
            scheduleZero();
        } else {
            // One-shot, or auto-reload of zero (which would fire on every tick; QEMU stops it too).
            running = false;
            startValue = 0;
            counterReachedZero();
        }
        updateInterrupt();
    }

    /** Whether the counter starts again from the load value after zero. */
    protected boolean autoReloads() {
        return (control & CONTROL_AUTO_RELOAD) != 0;
    }

    /** A one-shot count reached zero; the watchdog resets the machine here in watchdog mode. */
    protected void counterReachedZero() {
    }

    protected void updateInterrupt() {
        boolean level = eventFlag && (control & CONTROL_IRQ_ENABLE) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
