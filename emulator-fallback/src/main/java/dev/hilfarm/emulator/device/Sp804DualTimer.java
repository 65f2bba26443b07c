package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;

/**
 * ARM dual-timer module SP804 (ARM DDI 0271): two {@link Sp804Counter}s at offsets 0x00 and
 * 0x20 sharing one combined interrupt output (TIMINTC), as wired on the V2M-P1. The counters tick
 * at 1 MHz, as QEMU clocks them on vexpress.
 */
public final class Sp804DualTimer extends WordRegisters {
    public static final int TIMER1_BASE = 0x00;
    public static final int TIMER2_BASE = 0x20;
    public static final int TIMER_ITCR = 0xf00;
    public static final int TIMER_ITOP = 0xf04;
    public static final long VEXPRESS_TIMCLK_HZ = 1_000_000;

    private static final PrimeCellId ID = new PrimeCellId(0x04, 0x18, 0x14, 0x00);

    private final Sp804Counter timer1;
    private final Sp804Counter timer2;
    private final InterruptLine irq;
    private boolean irqLevel;

    public Sp804DualTimer(EventScheduler scheduler, long clockHz, String name, InterruptLine irq) {
        this.irq = irq;
        this.timer1 = new Sp804Counter(scheduler, clockHz, name + " timer 1", this::updateInterrupt);
        this.timer2 = new Sp804Counter(scheduler, clockHz, name + " timer 2", this::updateInterrupt);
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    @Override
    public void reset() {
        timer1.reset();
        timer2.reset();
        updateInterrupt();
    }

    @Override
    protected int readRegister(int offset) {
        if (offset < TIMER2_BASE) {
            return timer1.read(offset);
        }
        if (offset < 0x40) {
            return timer2.read(offset - TIMER2_BASE);
        }
        // The integration test registers read as zero (test mode is not modelled).
        return PrimeCellId.covers(offset) ? ID.read(offset) : 0;
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if (offset < TIMER2_BASE) {
            timer1.write(offset, value);
        } else if (offset < 0x40) {
            timer2.write(offset - TIMER2_BASE, value);
        }
    }

    private void updateInterrupt() {
        boolean level = timer1.maskedInterrupt() || timer2.maskedInterrupt();
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
