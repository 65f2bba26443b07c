package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.memory.MmioDevice;

/**
 * The GIC distributor's registers (ICD*, offset 0x1000 of the Cortex-A9 private region). Most
 * registers are byte-accessible arrays (one bit, two bits or a byte per interrupt), so accesses
 * are handled a byte at a time, as the GIC specification allows; ICDSGIR takes only word writes.
 */
public final class GicDistributor implements MmioDevice {
    public static final int ICDDCR = 0x000;
    public static final int ICDICTR = 0x004;
    public static final int ICDIIDR = 0x008;
    public static final int ICDISR = 0x080;
    public static final int ICDISER = 0x100;
    public static final int ICDICER = 0x180;
    public static final int ICDISPR = 0x200;
    public static final int ICDICPR = 0x280;
    public static final int ICDABR = 0x300;
    public static final int ICDIPR = 0x400;
    public static final int ICDIPTR = 0x800;
    public static final int ICDICFR = 0xc00;
    public static final int ICDSGIR = 0xf00;
    public static final int ICDCPENDSGIR = 0xf10;
    public static final int ICDSPENDSGIR = 0xf20;

    /** ICDIIDR as QEMU reports it: ARM (0x43b), revision 0. */
    public static final int IIDR = 0x0000043b;
    /** Security Extensions implemented (ICDICTR bit 10). */
    private static final int ICTR_SECURITY_EXTENSIONS = 1 << 10;
    /** PeriphID4 at 0xFD0, PeriphID0-3 at 0xFE0, ComponentID at 0xFF0, as QEMU's GICv1. */
    private static final int[] ID_REGISTERS = {0x04, 0, 0, 0, 0x90, 0xb3, 0x1b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

    private final Gic gic;

    public GicDistributor(Gic gic) {
        this.gic = gic;
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    /** The distributor and CPU interface share one state: resetting either resets the GIC. */
    @Override
    public void reset() {
        gic.reset();
    }

    @Override
    public int read(int offset, int size) {
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= readByte(offset + i) << (8 * i);
        }
        return value;
    }

    @Override
    public void write(int offset, int size, int value) {
        if (offset == ICDSGIR) {
            if (size == 4) {
                gic.softwareInterrupt(value);
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            writeByte(offset + i, (value >>> (8 * i)) & 0xff);
        }
        gic.update();
    }

    private int ictr() {
        return (gic.irqCount / 32 - 1) | ICTR_SECURITY_EXTENSIONS; // CPUNumber 0: one CPU
    }

    private int readByte(int offset) {
        if (offset < ICDISR) {
            if (offset < 4) {
                return byteOf(gic.distributorControl, offset);
            }
            if (offset < 8) {
                return byteOf(ictr(), offset - 4);
            }
            if (offset < 12) {
                return byteOf(IIDR, offset - 8);
            }
            return 0;
        }
        if (offset < ICDISER) {
            return bits(gic.group1, (offset - ICDISR) * 8);
        }
        if (offset < ICDISPR) {
            return bits(gic.enabled, (offset & 0x7f) * 8);
        }
        if (offset < ICDABR) {
            int first = (offset & 0x7f) * 8;
            int result = 0;
            for (int i = 0; i < 8 && first + i < gic.irqCount; i++) {
                if (gic.pending(first + i)) {
                    result |= 1 << i;
                }
            }
            return result;
        }
        if (offset < ICDABR + 0x80) {
            return bits(gic.active, (offset - ICDABR) * 8);
        }
        if (offset >= ICDIPR && offset < ICDIPTR) {
            int id = offset - ICDIPR;
            return id < gic.irqCount ? gic.priority[id] : 0;
        }
        if (offset >= ICDICFR && offset < ICDICFR + 0x100) {
            int first = (offset - ICDICFR) * 4;
            int result = 0;
            for (int i = 0; i < 4 && first + i < gic.irqCount; i++) {
                if (gic.edgeTriggered[first + i]) {
                    result |= 2 << (2 * i);
                }
            }
            return result;
        }
        if (offset >= ICDCPENDSGIR && offset < ICDSPENDSGIR + 0x10) {
            return gic.sgiSources[offset & 0xf];
        }
        if (offset >= 0xfd0 && (offset & 3) == 0) {
            return ID_REGISTERS[(offset - 0xfd0) >>> 2];
        }
        // ICDIPTR reads as zero on a uniprocessor GIC (as QEMU); the A9's PPI/SPI status
        // registers at 0xD00 and everything reserved read as zero too.
        return 0;
    }

    private void writeByte(int offset, int value) {
        if (offset < ICDISR) {
            if (offset == ICDDCR) {
                gic.distributorControl = value & (Gic.CTLR_ENABLE_GRP0 | Gic.CTLR_ENABLE_GRP1);
            }
            return;
        }
        if (offset < ICDISER) {
            int first = (offset - ICDISR) * 8;
            for (int i = 0; i < 8 && first + i < gic.irqCount; i++) {
                gic.group1[first + i] = (value & (1 << i)) != 0;
            }
            return;
        }
        if (offset < ICDABR) {
            int first = (offset & 0x7f) * 8;
            for (int i = 0; i < 8 && first + i < gic.irqCount; i++) {
                int id = first + i;
                if ((value & (1 << i)) == 0 || id < Gic.SGI_COUNT) {
                    continue; // SGIs are always enabled and pended only through ICDSGIR
                }
                if (offset < ICDICER) {
                    gic.enabled[id] = true;
                } else if (offset < ICDISPR) {
                    gic.enabled[id] = false;
                } else if (offset < ICDICPR) {
                    gic.latched[id] = true;
                } else {
                    gic.latched[id] = false;
                }
            }
            return;
        }
        if (offset >= ICDIPR && offset < ICDIPTR) {
            int id = offset - ICDIPR;
            if (id < gic.irqCount) {
                gic.priority[id] = value & Gic.PRIORITY_MASK;
            }
            return;
        }
        if (offset >= ICDICFR && offset < ICDICFR + 0x100) {
            int first = (offset - ICDICFR) * 4;
            if (first < Gic.SGI_COUNT) {
                return; // SGIs are always edge-triggered
            }
            for (int i = 0; i < 4 && first + i < gic.irqCount; i++) {
                gic.edgeTriggered[first + i] = (value & (2 << (2 * i))) != 0;
            }
            return;
        }
        if (offset >= ICDCPENDSGIR && offset < ICDSPENDSGIR + 0x10) {
            int sgi = offset & 0xf;
            if (offset < ICDSPENDSGIR) {
                gic.sgiSources[sgi] &= ~value;
            } else {
                gic.sgiSources[sgi] |= value;
            }
            gic.latched[sgi] = gic.sgiSources[sgi] != 0;
        }
        // ICDABR is read-only on GICv1, ICDIPTR is RAZ/WI on a uniprocessor GIC.
    }

    private int bits(boolean[] flags, int first) {
        int result = 0;
        for (int i = 0; i < 8 && first + i < gic.irqCount; i++) {
            if (flags[first + i]) {
                result |= 1 << i;
            }
        }
        return result;
    }

    private static int byteOf(int word, int index) {
        return (word >>> (8 * index)) & 0xff;
    }
}
