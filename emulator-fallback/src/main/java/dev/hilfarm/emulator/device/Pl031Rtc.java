package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.TimedEvent;
import dev.hilfarm.emulator.machine.VirtualClock;

/**
 * ARM PrimeCell real-time clock PL031 (ARM DDI 0224): a seconds counter and a match (alarm)
 * interrupt. Deterministic: the counter starts at a configured epoch when virtual time is zero and
 * advances with virtual time, never with the host's clock. As on QEMU, the clock always runs
 * (RTCCR reads 1) and keeps its time over a machine reset.
 */
public final class Pl031Rtc extends WordRegisters {
    public static final int RTCDR = 0x00;
    public static final int RTCMR = 0x04;
    public static final int RTCLR = 0x08;
    public static final int RTCCR = 0x0c;
    public static final int RTCIMSC = 0x10;
    public static final int RTCRIS = 0x14;
    public static final int RTCMIS = 0x18;
    public static final int RTCICR = 0x1c;

    /** 2025-01-01T00:00:00Z, the default epoch of the emulated clock. */
    public static final long DEFAULT_EPOCH_SECONDS = 1_735_689_600L;

    private static final PrimeCellId ID = new PrimeCellId(0x31, 0x10, 0x14, 0x00);

    private final EventScheduler scheduler;
    private final InterruptLine irq;
    private final TimedEvent alarm;
    /** RTCDR = offset + whole virtual seconds. */
    private long offsetSeconds;
    private int match;
    private int lastLoad;
    private boolean interruptMask;
    private boolean rawInterrupt;
    private boolean irqLevel;

    public Pl031Rtc(EventScheduler scheduler, long epochSeconds, InterruptLine irq) {
        this.scheduler = scheduler;
        this.irq = irq;
        this.offsetSeconds = epochSeconds;
        this.alarm = scheduler.newEvent("pl031 match", now -> onMatch());
        reset();
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    @Override
    public void reset() {
        scheduler.cancel(alarm);
        match = 0;
        lastLoad = 0;
        interruptMask = false;
        rawInterrupt = false;
        updateInterrupt();
    }

    private int count(long nowNanos) {
        return (int) (offsetSeconds + nowNanos / VirtualClock.NANOS_PER_SECOND);
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case RTCDR:
                return count(scheduler.nowNanos());
            case RTCMR:
                return match;
            case RTCLR:
                return lastLoad;
            case RTCCR:
                return 1;
            case RTCIMSC:
                return interruptMask ? 1 : 0;
            case RTCRIS:
                return rawInterrupt ? 1 : 0;
            case RTCMIS:
                return rawInterrupt && interruptMask ? 1 : 0;
            default:
                return PrimeCellId.covers(offset) ? ID.read(offset) : 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case RTCMR:
                match = value;
                scheduleAlarm();
                break;
            case RTCLR:
                lastLoad = value;
                offsetSeconds += value - count(scheduler.nowNanos());
                scheduleAlarm();
                break;
            case RTCIMSC:
                interruptMask = (value & 1) != 0;
                updateInterrupt();
                break;
            case RTCICR:
                if ((value & 1) != 0) {
                    rawInterrupt = false;
                    updateInterrupt();
                }
                break;
            default:
                break; // RTCCR: the clock cannot be stopped; RTCDR, RIS and MIS are read-only
        }
    }

    /** Schedules the match for the moment the counter next steps to RTCMR (now, if it already holds it). */
    private void scheduleAlarm() {
        long now = scheduler.nowNanos();
        long secondsAway = (match - count(now)) & 0xffffffffL;
        if (secondsAway == 0) {
            scheduler.cancel(alarm);
            onMatch();
            return;
        }
        long wholeSecond = now / VirtualClock.NANOS_PER_SECOND;
        scheduler.scheduleAtNanos(alarm, (wholeSecond + secondsAway) * VirtualClock.NANOS_PER_SECOND);
    }

    private void onMatch() {
        rawInterrupt = true;
        updateInterrupt();
    }

    private void updateInterrupt() {
        boolean level = rawInterrupt && interruptMask;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
