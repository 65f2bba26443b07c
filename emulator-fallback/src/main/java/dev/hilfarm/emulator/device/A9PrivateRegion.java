package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.memory.MmioDevice;

/**
 * The Cortex-A9 MPCore private memory region (8 KiB at PERIPHBASE, CBAR): SCU at 0x0000, GIC
 * CPU interface at 0x0100, global timer at 0x0200, private timer at 0x0600, watchdog at 0x0620
 * and GIC distributor at 0x1000. Offsets between the blocks read as zero and ignore writes.
 */
public final class A9PrivateRegion implements MmioDevice {
    public static final int SCU_OFFSET = 0x0000;
    public static final int GIC_CPU_OFFSET = 0x0100;
    public static final int GLOBAL_TIMER_OFFSET = 0x0200;
    public static final int PRIVATE_TIMER_OFFSET = 0x0600;
    public static final int WATCHDOG_OFFSET = 0x0620;
    public static final int GIC_DISTRIBUTOR_OFFSET = 0x1000;
    public static final int SIZE = 0x2000;

    /** The private peripheral interrupts of the A9 (GIC interrupt IDs). */
    public static final int GLOBAL_TIMER_IRQ = 27;
    public static final int PRIVATE_TIMER_IRQ = 29;
    public static final int WATCHDOG_IRQ = 30;

    private final A9Scu scu;
    private final GicCpuInterface gicCpu;
    private final A9GlobalTimer globalTimer;
    private final A9PrivateTimer privateTimer;
    private final A9Watchdog watchdog;
    private final GicDistributor gicDistributor;

    public A9PrivateRegion(A9Scu scu, Gic gic, A9GlobalTimer globalTimer, A9PrivateTimer privateTimer,
                           A9Watchdog watchdog) {
        this.scu = scu;
        this.gicCpu = new GicCpuInterface(gic);
        this.globalTimer = globalTimer;
        this.privateTimer = privateTimer;
        this.watchdog = watchdog;
        this.gicDistributor = new GicDistributor(gic);
    }

    @Override
    public int windowSize() {
        return SIZE;
    }

    @Override
    public void reset() {
        scu.reset();
        gicDistributor.reset();
        globalTimer.reset();
        privateTimer.reset();
        watchdog.reset();
    }

    @Override
    public int read(int offset, int size) {
        MmioDevice block = blockAt(offset);
        return block == null ? 0 : block.read(offset - baseOf(offset), size);
    }

    @Override
    public void write(int offset, int size, int value) {
        MmioDevice block = blockAt(offset);
        if (block != null) {
            block.write(offset - baseOf(offset), size, value);
        }
    }

    private MmioDevice blockAt(int offset) {
        if (offset >= GIC_DISTRIBUTOR_OFFSET) {
            return gicDistributor;
        }
        switch (offset & 0xf00) {
            case SCU_OFFSET:
                return scu;
            case GIC_CPU_OFFSET:
                return gicCpu;
            case GLOBAL_TIMER_OFFSET:
                return offset < GLOBAL_TIMER_OFFSET + globalTimer.windowSize() ? globalTimer : null;
            case PRIVATE_TIMER_OFFSET:
                if (offset < PRIVATE_TIMER_OFFSET + privateTimer.windowSize()) {
                    return privateTimer;
                }
                return offset < WATCHDOG_OFFSET + watchdog.windowSize() ? watchdog : null;
            default:
                return null;
        }
    }

    private static int baseOf(int offset) {
        if (offset >= GIC_DISTRIBUTOR_OFFSET) {
            return GIC_DISTRIBUTOR_OFFSET;
        }
        if ((offset & 0xf00) == PRIVATE_TIMER_OFFSET && offset >= WATCHDOG_OFFSET) {
            return WATCHDOG_OFFSET;
        }
        return offset & 0xf00;
    }
}
