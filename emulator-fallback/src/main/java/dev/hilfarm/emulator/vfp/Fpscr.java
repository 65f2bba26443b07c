package dev.hilfarm.emulator.vfp;

/**
 * The Floating-Point Status and Control Register: comparison flags, the control fields that steer
 * every operation (rounding mode, flush-to-zero, default NaN, alternative half precision, short
 * vector length and stride) and the cumulative exception flags the arithmetic sets.
 *
 * <p>Trapped exception handling is not implemented (as on QEMU and the Cortex-A9), so the trap
 * enable bits IDE, IXE, UFE, OFE, DZE and IOE read as zero and ignore writes; FZ16 is RES0 because
 * the core has no half-precision arithmetic. Everything else software writes reads back.
 */
public final class Fpscr {
    public static final int N = 1 << 31;
    public static final int Z = 1 << 30;
    public static final int C = 1 << 29;
    public static final int V = 1 << 28;
    public static final int NZCV = N | Z | C | V;
    /** Cumulative saturation (Advanced SIMD); kept read/write as on QEMU's cortex-a9. */
    public static final int QC = 1 << 27;
    public static final int AHP = 1 << 26;
    public static final int DN = 1 << 25;
    public static final int FZ = 1 << 24;
    public static final int RMODE_SHIFT = 22;
    public static final int STRIDE_SHIFT = 20;
    public static final int LEN_SHIFT = 16;

    /** Cumulative exception flags. */
    public static final int IDC = 1 << 7;
    public static final int IXC = 1 << 4;
    public static final int UFC = 1 << 3;
    public static final int OFC = 1 << 2;
    public static final int DZC = 1 << 1;
    public static final int IOC = 1;

    /** RMode encodings. */
    public static final int ROUND_NEAREST = 0;
    public static final int ROUND_PLUS_INFINITY = 1;
    public static final int ROUND_MINUS_INFINITY = 2;
    public static final int ROUND_ZERO = 3;

    /** N Z C V, QC, AHP, DN, FZ, RMode, Stride, Len and the six cumulative flags. */
    public static final int WRITABLE = 0xfff7009f;

    private int value;

    public int value() {
        return value;
    }

    public void setValue(int newValue) {
        value = newValue & WRITABLE;
    }

    /** Sets N, Z, C, V (VCMP) from bits 3-0 of {@code nzcv}. */
    void setComparison(int nzcv) {
        value = (value & ~NZCV) | (nzcv << 28);
    }

    void raise(int flags) {
        value |= flags;
    }

    int roundingMode() {
        return (value >>> RMODE_SHIFT) & 3;
    }

    boolean flushToZero() {
        return (value & FZ) != 0;
    }

    boolean defaultNan() {
        return (value & DN) != 0;
    }

    boolean alternativeHalf() {
        return (value & AHP) != 0;
    }

    /** FPSCR.LEN: the short vector length minus one. */
    int vectorLength() {
        return (value >>> LEN_SHIFT) & 7;
    }

    /** FPSCR.STRIDE, raw: 0b00 means stride 1, 0b11 stride 2. */
    int vectorStride() {
        return (value >>> STRIDE_SHIFT) & 3;
    }
}
