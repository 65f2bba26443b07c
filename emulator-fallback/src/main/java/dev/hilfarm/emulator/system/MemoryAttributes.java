package dev.hilfarm.emulator.system;

/**
 * Memory region attributes of a short-descriptor translation (B3.8 of the ARMv7-A reference
 * manual), from TEX[2:0], C, B and S, either directly or through the TEX remap registers PRRR and
 * NMRR when SCTLR.TRE is set. The emulator has no caches and, like QEMU 7.2 on these cores, does
 * not fault unaligned accesses to Device or Strongly-ordered memory, so attributes change no
 * behaviour; they are decoded so that the walk is complete and can be inspected.
 *
 * <p>Packed form: bits 1-0 memory type ({@link #STRONGLY_ORDERED}, {@link #DEVICE}, {@link #NORMAL}),
 * bit 2 shareable, bits 5-4 inner and bits 7-6 outer cache policy for Normal memory, encoded as
 * the AA/BB fields and NMRR's IRn/ORn are ({@link #NON_CACHEABLE}, {@link #WRITE_BACK_ALLOCATE},
 * {@link #WRITE_THROUGH}, {@link #WRITE_BACK}).
 */
public final class MemoryAttributes {
    public static final int STRONGLY_ORDERED = 0;
    public static final int DEVICE = 1;
    public static final int NORMAL = 2;
    public static final int SHAREABLE = 1 << 2;

    public static final int NON_CACHEABLE = 0;
    public static final int WRITE_BACK_ALLOCATE = 1;
    public static final int WRITE_THROUGH = 2;
    public static final int WRITE_BACK = 3;

    private static final int PRRR_DS0 = 1 << 16;
    private static final int PRRR_DS1 = 1 << 17;
    private static final int PRRR_NS0 = 1 << 18;
    private static final int PRRR_NS1 = 1 << 19;

    private MemoryAttributes() {
    }

    /** Decodes TEX, C, B and S; {@code remap} is SCTLR.TRE. */
    public static int decode(int tex, int c, int b, int s, boolean remap, int prrr, int nmrr) {
        if (remap) {
            int n = ((tex & 1) << 2) | (c << 1) | b;
            switch ((prrr >>> (2 * n)) & 3) {
                case 0:
                    return STRONGLY_ORDERED | SHAREABLE;
                case 1:
                    return DEVICE | ((prrr & (s != 0 ? PRRR_DS1 : PRRR_DS0)) != 0 ? SHAREABLE : 0);
                case 2:
                    return normal((nmrr >>> (2 * n)) & 3, (nmrr >>> (16 + 2 * n)) & 3,
                            (prrr & (s != 0 ? PRRR_NS1 : PRRR_NS0)) != 0);
                default:
                    // TRn = 0b11 is reserved; treat the region as Normal non-cacheable memory.
                    return normal(NON_CACHEABLE, NON_CACHEABLE, s != 0);
            }
        }
        if ((tex & 4) != 0) {
            return normal((c << 1) | b, tex & 3, s != 0);
        }
        switch ((tex << 2) | (c << 1) | b) {
            case 0b00000:
                return STRONGLY_ORDERED | SHAREABLE;
            case 0b00001:
                return DEVICE | SHAREABLE;
            case 0b00010:
                return normal(WRITE_THROUGH, WRITE_THROUGH, s != 0);
            case 0b00011:
                return normal(WRITE_BACK, WRITE_BACK, s != 0);
            case 0b00111:
                return normal(WRITE_BACK_ALLOCATE, WRITE_BACK_ALLOCATE, s != 0);
            case 0b01000:
                return DEVICE;
            default:
                // 0b00100 is Normal non-cacheable; the remaining encodings are reserved and read as such too.
                return normal(NON_CACHEABLE, NON_CACHEABLE, s != 0);
        }
    }

    public static int type(int attributes) {
        return attributes & 3;
    }

    public static boolean shareable(int attributes) {
        return (attributes & SHAREABLE) != 0;
    }

    public static int innerPolicy(int attributes) {
        return (attributes >>> 4) & 3;
    }

    public static int outerPolicy(int attributes) {
        return (attributes >>> 6) & 3;
    }

    private static int normal(int inner, int outer, boolean shareable) {
        return NORMAL | (shareable ? SHAREABLE : 0) | (inner << 4) | (outer << 6);
    }
}
