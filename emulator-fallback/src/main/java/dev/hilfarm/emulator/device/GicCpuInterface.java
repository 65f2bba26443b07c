package dev.hilfarm.emulator.device;

/** The GIC CPU interface's registers (ICC*, offset 0x100 of the Cortex-A9 private region). */
public final class GicCpuInterface extends WordRegisters {
    public static final int ICCICR = 0x00;
    public static final int ICCPMR = 0x04;
    public static final int ICCBPR = 0x08;
    public static final int ICCIAR = 0x0c;
    public static final int ICCEOIR = 0x10;
    public static final int ICCRPR = 0x14;
    public static final int ICCHPIR = 0x18;
    public static final int ICCABPR = 0x1c;
    public static final int ICCIIDR = 0xfc;

    /** ICCIIDR as QEMU reports it for its revision 1 GIC. */
    public static final int IIDR = 0x0001043b;
    private static final int CTLR_MASK = Gic.CTLR_ENABLE_GRP0 | Gic.CTLR_ENABLE_GRP1 | Gic.CTLR_ACK_CTL
            | Gic.CTLR_FIQ_EN | Gic.CTLR_SBPR;

    private final Gic gic;

    public GicCpuInterface(Gic gic) {
        this.gic = gic;
    }

    @Override
    public int windowSize() {
        return 0x100;
    }

    @Override
    public void reset() {
        gic.reset();
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case ICCICR:
                return gic.cpuControl;
            case ICCPMR:
                return gic.priorityMask;
            case ICCBPR:
                return gic.binaryPoint;
            case ICCIAR:
                return gic.acknowledge();
            case ICCRPR:
                return gic.runningPriorityRegister();
            case ICCHPIR:
                return gic.highestPending();
            case ICCABPR:
                return gic.aliasedBinaryPoint;
            case ICCIIDR:
                return IIDR;
            default:
                return 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case ICCICR:
                gic.cpuControl = value & CTLR_MASK;
                break;
            case ICCPMR:
                gic.priorityMask = value & Gic.PRIORITY_MASK;
                break;
            case ICCBPR:
                gic.binaryPoint = value & 7;
                break;
            case ICCEOIR:
                gic.endOfInterrupt(value);
                return;
            case ICCABPR:
                gic.aliasedBinaryPoint = Math.max(value & 7, 1); // the aliased binary point is at least 1
                break;
            default:
                return;
        }
        gic.update();
    }
}
