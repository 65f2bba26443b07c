package dev.hilfarm.emulator.vfp;

/**
 * Turns an exactly known real value into half, single or double precision bits the way the ARM
 * pseudocode's FPRound does: flush-to-zero of results below the normal range (UFC, no IXC),
 * underflow detected on the value before rounding (ARM tests tininess before rounding) and only
 * when the result is inexact, the four rounding modes, overflow to infinity or to the largest
 * normal depending on the mode (OFC and IXC), and the alternative half-precision format whose
 * overflow is an Invalid Operation instead.
 *
 * <p>How the arithmetic stays exact: every operation hands over its result as
 * {@code sig × 2^exp} with a positive {@code sig} below 2^63. Either the value is exact, or its
 * lowest bit is a "sticky" bit: the true value lies strictly between {@code sig - 1} and
 * {@code sig + 1} with nothing but that bit to say which way, and at least two bits separate it from
 * the rounding position. That is all rounding needs: which representable neighbour is below, and
 * whether the rest is zero, under a half, exactly a half or over a half.
 */
final class FpRounding {
    static final int HALF_FRACTION = 10;
    static final int SINGLE_FRACTION = 23;
    static final int DOUBLE_FRACTION = 52;

    private static final int EXACT = 0;
    private static final int BELOW_HALF = 1;
    private static final int HALF = 2;
    private static final int ABOVE_HALF = 3;

    private FpRounding() {
    }

    static int toSingle(Fpscr f, int sign, long sig, int exp, int rmode) {
        return (int) round(f, sign, sig, exp, rmode, SINGLE_FRACTION, 8, false);
    }

    static long toDouble(Fpscr f, int sign, long sig, int exp, int rmode) {
        return round(f, sign, sig, exp, rmode, DOUBLE_FRACTION, 11, false);
    }

    /** Half precision: FZ never applies to it; AHP selects the alternative format. */
    static int toHalf(Fpscr f, int sign, long sig, int exp, int rmode) {
        return (int) round(f, sign, sig, exp, rmode, HALF_FRACTION, 5, true);
    }

    private static long round(Fpscr f, int sign, long sig, int exp, int rmode, int fractionBits, int exponentBits,
                              boolean half) {
        int exponent = exp + 63 - Long.numberOfLeadingZeros(sig); // floor(log2(value))
        int minimumExponent = 2 - (1 << (exponentBits - 1));
        long signBit = (long) sign << (exponentBits + fractionBits);
        if (!half && exponent < minimumExponent && f.flushToZero()) {
            f.raise(Fpscr.UFC); // flushing never signals Inexact
            return signBit;
        }
        boolean subnormal = exponent < minimumExponent;
        int biasedExponent = subnormal ? 0 : exponent - minimumExponent + 1;
        // Drop the bits below the result's unit in the last place and classify what was dropped.
        int shift = (subnormal ? minimumExponent : exponent) - fractionBits - exp;
        long mantissa;
        int error;
        if (shift <= 0) {
            mantissa = sig << -shift;
            error = EXACT;
        } else if (shift >= 64) {
            mantissa = 0;
            error = BELOW_HALF; // sig < 2^63 <= half a unit
        } else {
            mantissa = sig >>> shift;
            long rest = sig & ((1L << shift) - 1);
            long halfUnit = 1L << (shift - 1);
            error = rest == 0 ? EXACT : rest < halfUnit ? BELOW_HALF : rest == halfUnit ? HALF : ABOVE_HALF;
        }
        if (subnormal && error != EXACT) {
            f.raise(Fpscr.UFC);
        }
        boolean roundUp;
        boolean overflowToInfinity;
        switch (rmode) {
            case Fpscr.ROUND_NEAREST:
                roundUp = error == ABOVE_HALF || (error == HALF && (mantissa & 1) != 0);
                overflowToInfinity = true;
                break;
            case Fpscr.ROUND_PLUS_INFINITY:
                roundUp = error != EXACT && sign == 0;
                overflowToInfinity = sign == 0;
                break;
            case Fpscr.ROUND_MINUS_INFINITY:
                roundUp = error != EXACT && sign != 0;
                overflowToInfinity = sign != 0;
                break;
            default:
                roundUp = false;
                overflowToInfinity = false;
                break;
        }
        if (roundUp) {
            mantissa++;
            if (biasedExponent == 0) {
                if (mantissa == 1L << fractionBits) {
                    biasedExponent = 1; // rounded up from subnormal to the smallest normal
                }
            } else if (mantissa == 1L << (fractionBits + 1)) {
                biasedExponent++;
                mantissa >>>= 1;
            }
        }
        if (half && f.alternativeHalf()) {
            if (biasedExponent >= 1 << exponentBits) {
                f.raise(Fpscr.IOC); // no infinity to overflow to: Invalid, and not Inexact
                return signBit | 0x7fff;
            }
        } else if (biasedExponent >= (1 << exponentBits) - 1) {
            f.raise(Fpscr.OFC | Fpscr.IXC);
            long infinity = ((1L << exponentBits) - 1) << fractionBits;
            return signBit | (overflowToInfinity ? infinity : infinity - 1);
        }
        if (error != EXACT) {
            f.raise(Fpscr.IXC);
        }
        return signBit | ((long) biasedExponent << fractionBits) | (mantissa & ((1L << fractionBits) - 1));
    }

    /**
     * Rounds the sum of two non-zero finite values {@code (-1)^s × m × 2^x} exactly. Both
     * significands are first normalised to bit 61, leaving nine or more clear low bits; the
     * smaller operand is aligned with a sticky bit, so cancellation of nearby values stays exact
     * and far-apart values keep more than two guard bits. An exact zero result takes the sign the
     * rounding mode gives it (minus only when rounding towards minus infinity).
     */
    static long sum(Fpscr f, int signA, long mantA, int expA, int signB, long mantB, int expB, boolean dbl) {
        int shiftA = Long.numberOfLeadingZeros(mantA) - 2;
        mantA <<= shiftA;
        expA -= shiftA;
        int shiftB = Long.numberOfLeadingZeros(mantB) - 2;
        mantB <<= shiftB;
        expB -= shiftB;
        if (expA < expB || (expA == expB && mantA < mantB)) {
            int t = signA;
            signA = signB;
            signB = t;
            long m = mantA;
            mantA = mantB;
            mantB = m;
            int e = expA;
            expA = expB;
            expB = e;
        }
        int distance = expA - expB;
        long aligned;
        if (distance == 0) {
            aligned = mantB;
        } else if (distance < 63) {
            aligned = (mantB >>> distance) | ((mantB & ((1L << distance) - 1)) != 0 ? 1 : 0);
        } else {
            aligned = 1;
        }
        int rmode = f.roundingMode();
        long sig;
        if (signA == signB) {
            sig = mantA + aligned;
        } else {
            sig = mantA - aligned;
            if (sig == 0) {
                return rmode == Fpscr.ROUND_MINUS_INFINITY ? (dbl ? Long.MIN_VALUE : 0x80000000L) : 0;
            }
        }
        return dbl ? toDouble(f, signA, sig, expA, rmode) : toSingle(f, signA, sig, expA, rmode) & 0xffffffffL;
    }
}
