package dev.hilfarm.emulator.device;

/**
 * The Cortex-A9 MPCore Snoop Control Unit's registers (Cortex-A9 MPCore TRM, chapter 2), for a
 * one-CPU cluster, as QEMU's {@code a9-scu}: the enable bit, the configuration register reporting
 * one CPU taking part in coherency, the CPU power status bytes, and the invalidate-all register,
 * whose operation (the SCU has no tags to invalidate here) completes at once.
 */
public final class A9Scu extends WordRegisters {
    public static final int SCU_CONTROL = 0x00;
    public static final int SCU_CONFIG = 0x04;
    public static final int SCU_POWER_STATUS = 0x08;
    public static final int SCU_INVALIDATE_ALL = 0x0c;
    public static final int SCU_FILTER_START = 0x40;
    public static final int SCU_FILTER_END = 0x44;
    public static final int SCU_ACCESS_CONTROL = 0x50;
    public static final int SCU_NONSECURE_ACCESS_CONTROL = 0x54;

    public static final int CONTROL_ENABLE = 1 << 0;

    private final int cpus;
    private int control;
    private int powerStatus;

    public A9Scu(int cpus) {
        this.cpus = cpus;
        reset();
    }

    @Override
    public int windowSize() {
        return 0x100;
    }

    @Override
    public void reset() {
        control = 0;
        powerStatus = 0;
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case SCU_CONTROL:
                return control;
            case SCU_CONFIG:
                // CPUs in SMP mode (one bit each) in [7:4], number of CPUs - 1 in [1:0].
                return (((1 << cpus) - 1) << 4) | (cpus - 1);
            case SCU_POWER_STATUS:
                return powerStatus;
            default:
                // Invalidate-all is write-only; address filtering and access control read as zero,
                // as for a cluster with one AXI master (QEMU's model).
                return 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if (offset == SCU_CONTROL) {
            control = value & CONTROL_ENABLE;
        } else if (offset == SCU_POWER_STATUS) {
            powerStatus = value;
        }
    }
}
