package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;

/**
 * The Cortex-A9's private watchdog (Cortex-A9 MPCore TRM 4.2; offset 0x620 of the private region,
 * interrupt ID 30). In timer mode it is a {@link A9PrivateTimer}. In watchdog mode (control bit
 * 3) the counter reaching zero sets the reset status flag and asks the machine for a reset instead
 * of interrupting; the mode can be left only by writing 0x12345678 and then 0x87654321 to the
 * disable register. The reset status flag survives the reset it causes.
 *
 * <p>QEMU models this block as a second plain timer; watchdog mode is the TRM's behaviour.
 */
public final class A9Watchdog extends A9PrivateTimer {
    public static final int RESET_STATUS = 0x10;
    public static final int DISABLE = 0x14;
    public static final int CONTROL_WATCHDOG_MODE = 1 << 3;
    public static final int DISABLE_KEY_1 = 0x12345678;
    public static final int DISABLE_KEY_2 = 0x87654321;

    private final Runnable resetRequest;
    private boolean resetStatus;
    private boolean firstKeySeen;

    public A9Watchdog(EventScheduler scheduler, InterruptLine irq, Runnable resetRequest) {
        super(scheduler, "a9 watchdog", irq);
        this.resetRequest = resetRequest;
    }

    @Override
    public void reset() {
        super.reset();
        firstKeySeen = false;
    }

    @Override
    protected int controlMask() {
        return super.controlMask() | CONTROL_WATCHDOG_MODE;
    }

    @Override
    protected boolean autoReloads() {
        return (control & CONTROL_WATCHDOG_MODE) == 0 && super.autoReloads();
    }

    @Override
    protected void writeControl(long now, int value) {
        // Software can set watchdog mode but not clear it through the control register.
        super.writeControl(now, value | (control & CONTROL_WATCHDOG_MODE));
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case RESET_STATUS:
                return resetStatus ? 1 : 0;
            case DISABLE:
                return 0;
            default:
                return super.readRegister(offset);
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case RESET_STATUS:
                if ((value & 1) != 0) {
                    resetStatus = false;
                }
                break;
            case DISABLE:
                if (firstKeySeen && value == DISABLE_KEY_2) {
                    control &= ~CONTROL_WATCHDOG_MODE;
                }
                firstKeySeen = value == DISABLE_KEY_1;
                break;
            default:
                super.writeRegister(offset, value);
                break;
        }
    }

    @Override
    protected void counterReachedZero() {
        if ((control & CONTROL_WATCHDOG_MODE) != 0) {
            resetStatus = true;
            resetRequest.run();
        }
    }

    @Override
    protected void updateInterrupt() {
        // In watchdog mode reaching zero resets the machine; it does not interrupt.
        if ((control & CONTROL_WATCHDOG_MODE) == 0) {
            super.updateInterrupt();
        }
    }
}
