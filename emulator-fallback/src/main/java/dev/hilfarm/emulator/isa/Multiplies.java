package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.CpuState;

/**
 * The signed DSP multiplies both instruction sets share (SMLA&lt;x&gt;&lt;y&gt;, SMLAW&lt;y&gt;,
 * SMUAD/SMLAD/SMUSD/SMLSD, SMLALD/SMLSLD, SMMUL/SMMLA/SMMLS). Products are formed at full
 * precision in longs; the 32-bit accumulating forms set Q when the exact sum does not fit, as the
 * reference manual's pseudocode does (the result is not saturated).
 */
public final class Multiplies {
    private Multiplies() {
    }

    /** The signed bottom or top halfword of a register. */
    public static int half(int value, boolean top) {
        return top ? value >> 16 : (short) value;
    }

    /** Returns the low word of {@code exact}, setting Q if the exact value does not fit in 32 bits. */
    public static int narrowSettingQ(CpuState s, long exact) {
        int result = (int) exact;
        if (result != exact) {
            s.q = 1;
        }
        return result;
    }

    /** SMLA&lt;x&gt;&lt;y&gt;: halfword product plus the accumulator. */
    public static int smlaHalfwords(CpuState s, int n, int m, boolean nTop, boolean mTop, int accumulator) {
        long exact = (long) (half(n, nTop) * half(m, mTop)) + accumulator;
        return narrowSettingQ(s, exact);
    }

    /** SMLAW&lt;y&gt;: bits 47:16 of the 48-bit product of a word and a halfword, plus the accumulator. */
    public static int smlaWordHalfword(CpuState s, int n, int m, boolean mTop, int accumulator) {
        long product = (long) n * half(m, mTop);
        long exact = (product >> 16) + accumulator;
        return narrowSettingQ(s, exact);
    }

    /** SMULW&lt;y&gt;: bits 47:16 of the product of a word and a halfword. */
    public static int smulWordHalfword(int n, int m, boolean mTop) {
        return (int) (((long) n * half(m, mTop)) >> 16);
    }

    /**
     * SMUAD/SMLAD/SMUSD/SMLSD: the two halfword products (the second with the operand's halves
     * exchanged when {@code exchange}) added or subtracted, plus the accumulator.
     */
    public static int dual(CpuState s, int n, int m, boolean exchange, boolean subtract, int accumulator) {
        if (exchange) {
            m = Integer.rotateRight(m, 16);
        }
        long p1 = (long) (short) n * (short) m;
        long p2 = (long) (n >> 16) * (m >> 16);
        long exact = (subtract ? p1 - p2 : p1 + p2) + accumulator;
        return narrowSettingQ(s, exact);
    }

    /** SMLALD/SMLSLD: the same two products added to or subtracted within a 64-bit accumulator. */
    public static long dualLong(int n, int m, boolean exchange, boolean subtract, long accumulator) {
        if (exchange) {
            m = Integer.rotateRight(m, 16);
        }
        long p1 = (long) (short) n * (short) m;
        long p2 = (long) (n >> 16) * (m >> 16);
        return (subtract ? p1 - p2 : p1 + p2) + accumulator;
    }

    /** SMMUL/SMMLA/SMMLS: the top word of (accumulator:0 plus or minus the product), optionally rounded. */
    public static int mostSignificantWord(int n, int m, int accumulator, boolean subtract, boolean round) {
        long product = (long) n * m;
        long acc = (long) accumulator << 32;
        long result = subtract ? acc - product : acc + product;
        if (round) {
            result += 0x80000000L;
        }
        return (int) (result >>> 32);
    }

    /** SMLAL&lt;x&gt;&lt;y&gt;: a halfword product added to a 64-bit accumulator. */
    public static long smlalHalfwords(int n, int m, boolean nTop, boolean mTop, long accumulator) {
        return accumulator + (long) (half(n, nTop) * half(m, mTop));
    }

    /** UMAAL: the unsigned product plus two unsigned words; never overflows 64 bits. */
    public static long umaal(int n, int m, int lo, int hi) {
        return (n & 0xffffffffL) * (m & 0xffffffffL) + (lo & 0xffffffffL) + (hi & 0xffffffffL);
    }

    /** Sets N and Z from a 64-bit result (the long multiplies with S). */
    public static void setNz64(CpuState s, long result) {
        s.n = (int) (result >>> 63);
        s.z = result == 0 ? 1 : 0;
    }
}
