package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.TimedEvent;

/**
 * The Allwinner A10 programmable interval timers as QEMU 7.2 models them (allwinner-A10-timer):
 * six 32-bit down-counters with one interrupt output each, plus the watchdog and 64-bit counter
 * registers, which QEMU stores but does not run.
 *
 * <p>Each timer follows QEMU's "legacy" ptimer: TMRn_INTV_VALUE is the limit and, when written,
 * also the next count (restarting a running timer from now); writing TMRn_CTRL recomputes the
 * clock (source 0 the 32768 Hz LOSC, 1 the 24 MHz OSC24M, 2-3 no clock: the previous rate stays;
 * prescaler 1-128), reloads the count from the limit when the RELOAD bit is set (which stays set),
 * and starts or stops the timer (a running timer that is started again keeps counting). A count
 * of zero at start fires at once and reloads from the limit; a limit of zero stops the timer. On
 * reaching zero a timer sets its IRQ_STA bit and, in periodic mode, counts the limit again from
 * that instant (so a period lasts {@code limit} ticks, but never less than 10 us, QEMU's rate
 * limit without icount); in single mode it stops and clears its enable bit. TMRn_CUR_VALUE reads
 * the ticks left (rounded down) and ignores writes; IRQ_STA is write-one-to-clear; an output is
 * high while its status and enable bits are both set. CNT64_CTRL's latch bit copies QEMU's
 * virtual clock in nanoseconds (not OSC24M ticks) into CNT64_LO/HI.
 */
public final class AllwinnerA10Pit extends WordRegisters {
    public static final int IRQ_EN = 0x00;
    public static final int IRQ_STA = 0x04;
    /** Timer n's registers start at TIMER_BASE + n * TIMER_STRIDE. */
    public static final int TIMER_BASE = 0x10;
    public static final int TIMER_STRIDE = 0x10;
    public static final int TIMER_CTRL = 0x0;
    public static final int TIMER_INTV_VALUE = 0x4;
    public static final int TIMER_CUR_VALUE = 0x8;
    public static final int WDOG_CTRL = 0x90;
    public static final int WDOG_MODE = 0x94;
    public static final int CNT64_CTRL = 0xa0;
    public static final int CNT64_LO = 0xa4;
    public static final int CNT64_HI = 0xa8;

    public static final int CTRL_EN = 1 << 0;
    public static final int CTRL_RELOAD = 1 << 1;
    public static final int CTRL_CLK_SRC_SHIFT = 2;
    public static final int CTRL_CLK_PRESCALE_SHIFT = 4;
    public static final int CTRL_SINGLE_MODE = 1 << 7;
    /** TMRn_CTRL at reset: OSC24M, prescaler 1, stopped. */
    public static final int CTRL_RESET = 1 << CTRL_CLK_SRC_SHIFT;

    public static final int CNT64_CLEAR = 1 << 0;
    public static final int CNT64_LATCH = 1 << 1;

    public static final int TIMERS = 6;
    public static final long LOSC_HZ = 32_768;
    public static final long OSC24M_HZ = 24_000_000;
    private static final long[] SOURCE_HZ = {LOSC_HZ, OSC24M_HZ, 0, 0};
    /** QEMU's legacy ptimer never lets a periodic timer fire more often than every 10 us. */
    private static final long MIN_PERIODIC_NANOS = 10_000;

    private final EventScheduler scheduler;
    private final InterruptLine[] outputs;
    private final boolean[] outputLevels = new boolean[TIMERS];
    private final TimedEvent[] expiry = new TimedEvent[TIMERS];

    private int irqEnable;
    private int irqStatus;
    private final int[] control = new int[TIMERS];
    private final int[] interval = new int[TIMERS];
    private final long[] clockHz = new long[TIMERS];
    /** Ticks to count from the last (re)start while running; the count while stopped. */
    private final long[] delta = new long[TIMERS];
    /** 0 stopped, 1 periodic, 2 single (QEMU's ptimer "enabled"). */
    private final int[] running = new int[TIMERS];
    private final long[] nextEventNanos = new long[TIMERS];
    private int watchdogControl;
    private int watchdogMode;
    private int counterLo;
    private int counterHi;
    private int counterControl;

    /** @param outputs the six timers' interrupt wires, timer 0 first */
    public AllwinnerA10Pit(EventScheduler scheduler, InterruptLine[] outputs) {
        if (outputs.length != TIMERS) {
            throw new IllegalArgumentException("the A10 timer block has " + TIMERS + " interrupt outputs");
        }
        this.scheduler = scheduler;
        this.outputs = outputs.clone();
        for (int i = 0; i < TIMERS; i++) {
            int index = i;
            expiry[i] = scheduler.newEvent("A10 timer " + i + " reaches zero", now -> onZero(index, now));
        }
        reset();
    }

    @Override
    public int windowSize() {
        return 0x400;
    }

    @Override
    public void reset() {
        irqEnable = 0;
        irqStatus = 0;
        for (int i = 0; i < TIMERS; i++) {
            scheduler.cancel(expiry[i]);
            control[i] = CTRL_RESET;
            interval[i] = 0;
            delta[i] = 0;
            running[i] = 0;
            nextEventNanos[i] = 0;
            clockHz[i] = OSC24M_HZ;
            outputLevels[i] = false;
            outputs[i].set(false);
        }
        watchdogControl = 0;
        watchdogMode = 0;
        counterLo = 0;
        counterHi = 0;
        counterControl = 0;
    }

    @Override
    protected int readRegister(int offset) {
        if (offset >= TIMER_BASE && offset < TIMER_BASE + TIMERS * TIMER_STRIDE) {
            int index = (offset - TIMER_BASE) / TIMER_STRIDE;
            switch (offset & 0xf) {
                case TIMER_CTRL:
                    return control[index];
                case TIMER_INTV_VALUE:
                    return interval[index];
                case TIMER_CUR_VALUE:
                    return (int) count(index, scheduler.nowNanos());
                default:
                    return 0;
            }
        }
        switch (offset) {
            case IRQ_EN:
                return irqEnable;
            case IRQ_STA:
                return irqStatus;
            case CNT64_CTRL:
                return counterControl;
            case CNT64_LO:
                return counterLo;
            case CNT64_HI:
                return counterHi;
            default:
                return 0; // the watchdog registers too: QEMU stores them but reads them as zero
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if (offset >= TIMER_BASE && offset < TIMER_BASE + TIMERS * TIMER_STRIDE) {
            writeTimer((offset - TIMER_BASE) / TIMER_STRIDE, offset & 0xf, value);
            return;
        }
        switch (offset) {
            case IRQ_EN:
                irqEnable = value;
                updateOutputs();
                break;
            case IRQ_STA:
                irqStatus &= ~value;
                updateOutputs();
                break;
            case WDOG_CTRL:
                watchdogControl = value;
                break;
            case WDOG_MODE:
                watchdogMode = value;
                break;
            case CNT64_CTRL:
                counterControl = value;
                if ((counterControl & CNT64_LATCH) != 0) {
                    long nanos = scheduler.nowNanos();
                    counterLo = (int) nanos;
                    counterHi = (int) (nanos >>> 32);
                    counterControl &= ~CNT64_LATCH;
                }
                if ((counterControl & CNT64_CLEAR) != 0) {
                    counterLo = 0;
                    counterHi = 0;
                    counterControl &= ~CNT64_CLEAR;
                }
                break;
            case CNT64_LO:
                counterLo = value;
                break;
            case CNT64_HI:
                counterHi = value;
                break;
            default:
                break;
        }
    }

    private void writeTimer(int index, int register, int value) {
        long now = scheduler.nowNanos();
        switch (register) {
            case TIMER_CTRL: {
                control[index] = value;
                setClock(index, now);
                if ((value & CTRL_RELOAD) != 0) {
                    delta[index] = interval[index] & 0xffffffffL;
                    if (running[index] != 0) {
                        nextEventNanos[index] = now;
                    }
                }
                if ((value & CTRL_EN) != 0) {
                    boolean wasStopped = running[index] == 0;
                    running[index] = (value & CTRL_SINGLE_MODE) != 0 ? 2 : 1;
                    if (wasStopped) {
                        nextEventNanos[index] = now;
                    }
                } else {
                    stop(index, now);
                }
                if (running[index] != 0) {
                    restart(index, now);
                }
                break;
            }
            case TIMER_INTV_VALUE:
                interval[index] = value;
                delta[index] = value & 0xffffffffL;
                if (running[index] != 0) {
                    nextEventNanos[index] = now;
                    restart(index, now);
                }
                break;
            default:
                break; // TMRn_CUR_VALUE: QEMU keeps the value but the counter never sees it
        }
    }

    /** The clock from CTRL's source and prescaler; an unclocked source keeps the previous rate, as QEMU does. */
    private void setClock(int index, long now) {
        long source = SOURCE_HZ[(control[index] >>> CTRL_CLK_SRC_SHIFT) & 3];
        if (source == 0) {
            return;
        }
        // The count carries over into the new rate, as ptimer_set_freq does.
        delta[index] = count(index, now);
        clockHz[index] = source >> ((control[index] >>> CTRL_CLK_PRESCALE_SHIFT) & 7);
        if (running[index] != 0) {
            nextEventNanos[index] = now;
        }
    }

    private void stop(int index, long now) {
        if (running[index] != 0) {
            delta[index] = count(index, now);
            running[index] = 0;
            scheduler.cancel(expiry[index]);
        }
    }

    /** Ticks left: counted down from virtual time while running, rounded down as ptimer does. */
    private long count(int index, long now) {
        if (running[index] == 0) {
            return delta[index];
        }
        long left = nextEventNanos[index] - now;
        if (left <= 0) {
            return 0;
        }
        return left * clockHz[index] / 1_000_000_000L;
    }

    /**
     * Schedules the next zero from {@code nextEventNanos} (the instant counting starts): a zero
     * count fires at once and reloads the limit; a zero limit stops the timer.
     */
    private void restart(int index, long now) {
        if (delta[index] == 0) {
            fire(index);
            delta[index] = interval[index] & 0xffffffffL;
        }
        if (delta[index] == 0 || running[index] == 0) {
            running[index] = 0;
            scheduler.cancel(expiry[index]);
            return;
        }
        long start = nextEventNanos[index];
        nextEventNanos[index] = start + periodNanos(index, delta[index]);
        scheduler.scheduleAtNanos(expiry[index], nextEventNanos[index]);
    }

    private long periodNanos(int index, long ticks) {
        long nanos = ticks * 1_000_000_000L / clockHz[index];
        return running[index] == 1 ? Math.max(nanos, MIN_PERIODIC_NANOS) : nanos;
    }

    private void onZero(int index, long now) {
        if (running[index] == 2) {
            running[index] = 0;
            delta[index] = 0;
        } else if (running[index] == 1) {
            delta[index] = interval[index] & 0xffffffffL;
            if (delta[index] == 0) {
                running[index] = 0;
            } else {
                // The next period counts from the instant this one ended, so periods do not drift.
                nextEventNanos[index] += periodNanos(index, delta[index]);
                scheduler.scheduleAtNanos(expiry[index], nextEventNanos[index]);
            }
        }
        fire(index);
    }

    /** What QEMU's timer callback does when the count reaches zero. */
    private void fire(int index) {
        if ((control[index] & CTRL_EN) != 0) {
            irqStatus |= 1 << index;
            if ((control[index] & CTRL_SINGLE_MODE) != 0) {
                if (running[index] != 0) {
                    stop(index, scheduler.nowNanos());
                }
                control[index] &= ~CTRL_EN;
            }
            updateOutputs();
        }
    }

    private void updateOutputs() {
        int active = irqStatus & irqEnable;
        for (int i = 0; i < TIMERS; i++) {
            boolean level = (active & (1 << i)) != 0;
            if (level != outputLevels[i]) {
                outputLevels[i] = level;
                outputs[i].set(level);
            }
        }
    }
}
