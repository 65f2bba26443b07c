package dev.hilfarm.emulator.vfp;

/**
 * Single-precision arithmetic on raw bits with ARM's semantics: inputs flushed to zero under FZ
 * (IDC), NaNs chosen by ARM's rules (first signalling NaN, quieted, then first quiet NaN; the
 * default NaN under DN) and results rounded exactly by {@link FpRounding} in the FPSCR's mode.
 *
 * <p>Exactness comes from integers: products of two 24-bit significands fit a long, quotients are
 * long divisions with the remainder as sticky bit, square roots are integer square roots checked
 * by squaring. Java's float arithmetic is never used for a result, because it only knows
 * round-to-nearest and keeps no flags.
 */
final class SinglePrecision {
    static final int SIGN = 0x80000000;
    static final int INFINITY = 0x7f800000;
    static final int QUIET = 0x00400000;
    static final int DEFAULT_NAN = 0x7fc00000;
    private static final int FRACTION = 0x007fffff;
    private static final int IMPLICIT = 0x00800000;

    private SinglePrecision() {
    }

    static boolean isNaN(int a) {
        return (a & ~SIGN) > INFINITY;
    }

    static boolean isSignallingNaN(int a) {
        return isNaN(a) && (a & QUIET) == 0;
    }

    static boolean isInfinity(int a) {
        return (a & ~SIGN) == INFINITY;
    }

    static boolean isZero(int a) {
        return (a & ~SIGN) == 0;
    }

    /** FPUnpack's flush of a denormal input to a zero of the same sign when FZ is set. */
    static int flush(Fpscr f, int a) {
        if ((a & INFINITY) == 0 && (a & FRACTION) != 0 && f.flushToZero()) {
            f.raise(Fpscr.IDC);
            return a & SIGN;
        }
        return a;
    }

    /** The significand of a finite value, hidden bit included. */
    static long mantissa(int a) {
        return (a & INFINITY) == 0 ? a & FRACTION : (a & FRACTION) | IMPLICIT;
    }

    /** The exponent that goes with {@link #mantissa}: value = mantissa × 2^exponent. */
    static int exponent(int a) {
        int biased = (a >>> 23) & 0xff;
        return biased == 0 ? -149 : biased - 150;
    }

    /** FPProcessNaN for a single operand already known to be a NaN. */
    static int processNaN(Fpscr f, int a) {
        if ((a & QUIET) == 0) {
            f.raise(Fpscr.IOC);
            a |= QUIET;
        }
        return f.defaultNan() ? DEFAULT_NAN : a;
    }

    /** FPProcessNaNs: at least one operand is a NaN. */
    static int processNaNs(Fpscr f, int a, int b) {
        if (isSignallingNaN(a)) {
            return processNaN(f, a);
        }
        if (isSignallingNaN(b)) {
            return processNaN(f, b);
        }
        return processNaN(f, isNaN(a) ? a : b);
    }

    static int add(Fpscr f, int a, int b) {
        return addOrSubtract(f, a, b, 0);
    }

    static int subtract(Fpscr f, int a, int b) {
        return addOrSubtract(f, a, b, SIGN);
    }

    /** FPAdd/FPSub: {@code negate} flips b's sign after NaN selection, so a NaN b keeps its own sign. */
    private static int addOrSubtract(Fpscr f, int a, int b, int negate) {
        a = flush(f, a);
        b = flush(f, b);
        if (isNaN(a) || isNaN(b)) {
            return processNaNs(f, a, b);
        }
        b ^= negate;
        if (isInfinity(a) || isInfinity(b)) {
            if (isInfinity(a) && isInfinity(b) && (a ^ b) < 0) {
                f.raise(Fpscr.IOC);
                return DEFAULT_NAN;
            }
            return isInfinity(a) ? a : b;
        }
        if (isZero(a)) {
            if (isZero(b)) {
                return (a ^ b) >= 0 ? a : f.roundingMode() == Fpscr.ROUND_MINUS_INFINITY ? SIGN : 0;
            }
            return b;
        }
        if (isZero(b)) {
            return a;
        }
        return (int) FpRounding.sum(f, a >>> 31, mantissa(a), exponent(a), b >>> 31, mantissa(b), exponent(b), false);
    }

    static int multiply(Fpscr f, int a, int b) {
        a = flush(f, a);
        b = flush(f, b);
        if (isNaN(a) || isNaN(b)) {
            return processNaNs(f, a, b);
        }
        int sign = (a ^ b) & SIGN;
        if (isInfinity(a) || isInfinity(b)) {
            if (isZero(a) || isZero(b)) {
                f.raise(Fpscr.IOC);
                return DEFAULT_NAN;
            }
            return sign | INFINITY;
        }
        if (isZero(a) || isZero(b)) {
            return sign;
        }
        // 24 x 24 bits: the product is exact in a long.
        return FpRounding.toSingle(f, sign >>> 31, mantissa(a) * mantissa(b), exponent(a) + exponent(b),
                f.roundingMode());
    }

    static int divide(Fpscr f, int a, int b) {
        a = flush(f, a);
        b = flush(f, b);
        if (isNaN(a) || isNaN(b)) {
            return processNaNs(f, a, b);
        }
        int sign = (a ^ b) & SIGN;
        if (isInfinity(a)) {
            if (isInfinity(b)) {
                f.raise(Fpscr.IOC);
                return DEFAULT_NAN;
            }
            return sign | INFINITY;
        }
        if (isZero(b)) {
            if (isZero(a)) {
                f.raise(Fpscr.IOC);
                return DEFAULT_NAN;
            }
            f.raise(Fpscr.DZC);
            return sign | INFINITY;
        }
        if (isZero(a) || isInfinity(b)) {
            return sign;
        }
        long mantA = mantissa(a);
        int shiftA = Long.numberOfLeadingZeros(mantA) - 40; // significand to [2^23, 2^24)
        long mantB = mantissa(b);
        int shiftB = Long.numberOfLeadingZeros(mantB) - 40;
        long numerator = (mantA << shiftA) << 39;
        long divisor = mantB << shiftB;
        long quotient = numerator / divisor; // 39 or 40 significant bits
        long sticky = numerator % divisor != 0 ? 1 : 0;
        int exp = (exponent(a) - shiftA) - (exponent(b) - shiftB) - 39;
        return FpRounding.toSingle(f, sign >>> 31, quotient | sticky, exp, f.roundingMode());
    }

    static int squareRoot(Fpscr f, int a) {
        a = flush(f, a);
        if (isNaN(a)) {
            return processNaN(f, a);
        }
        if (isZero(a)) {
            return a;
        }
        if (a < 0) {
            f.raise(Fpscr.IOC);
            return DEFAULT_NAN;
        }
        if (isInfinity(a)) {
            return a;
        }
        long mant = mantissa(a);
        int shift = Long.numberOfLeadingZeros(mant) - 40;
        int exp = exponent(a) - shift;
        // Scale to 2^60..2^61 with an even exponent so the root is an integer square root.
        int scale = (exp & 1) == 0 ? 36 : 37;
        long radicand = (mant << shift) << scale;
        long root = integerSquareRoot(radicand);
        long sticky = root * root != radicand ? 1 : 0;
        return FpRounding.toSingle(f, 0, root | sticky, (exp - scale) >> 1, f.roundingMode());
    }

    /** floor(sqrt(x)) for 0 <= x < 2^62. */
    static long integerSquareRoot(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }

    /** FPCompare: the N Z C V nibble; {@code signalQuiet} is VCMPE's Invalid on quiet NaNs. */
    static int compare(Fpscr f, int a, int b, boolean signalQuiet) {
        a = flush(f, a);
        b = flush(f, b);
        if (isNaN(a) || isNaN(b)) {
            if (signalQuiet || isSignallingNaN(a) || isSignallingNaN(b)) {
                f.raise(Fpscr.IOC);
            }
            return 0b0011;
        }
        float x = Float.intBitsToFloat(a);
        float y = Float.intBitsToFloat(b);
        return x == y ? 0b0110 : x < y ? 0b1000 : 0b0010;
    }
}
