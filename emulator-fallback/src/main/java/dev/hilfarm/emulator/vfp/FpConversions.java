package dev.hilfarm.emulator.vfp;

/**
 * Conversions between the formats: single and double precision, half precision (IEEE or ARM's
 * alternative format, VCVTB/VCVTT), and integers or fixed-point values of 16 or 32 bits.
 *
 * <p>Float to integer follows FPToFixed: NaN gives 0 and Invalid, out-of-range values saturate with
 * Invalid (and without Inexact), everything else rounds in the given mode with Inexact when a
 * fraction was dropped. Integer to float follows FixedToFP: zero is +0, anything else rounds once.
 */
final class FpConversions {
    private static final int HALF_SIGN = 0x8000;
    private static final int HALF_QUIET = 0x0200;
    private static final int HALF_DEFAULT_NAN = 0x7e00;
    private static final int HALF_INFINITY = 0x7c00;

    private FpConversions() {
    }

    static long singleToDouble(Fpscr f, int a) {
        a = SinglePrecision.flush(f, a);
        if (SinglePrecision.isNaN(a)) {
            if (SinglePrecision.isSignallingNaN(a)) {
                f.raise(Fpscr.IOC);
            }
            if (f.defaultNan()) {
                return DoublePrecision.DEFAULT_NAN;
            }
            return ((long) (a & SinglePrecision.SIGN) << 32) | DoublePrecision.DEFAULT_NAN
                    | ((long) (a & 0x003fffff) << 29);
        }
        // Every single-precision value, denormals included, is exactly a normal double.
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a));
    }

    static int doubleToSingle(Fpscr f, long a) {
        a = DoublePrecision.flush(f, a);
        int sign = (int) (a >>> 32) & SinglePrecision.SIGN;
        if (DoublePrecision.isNaN(a)) {
            if (DoublePrecision.isSignallingNaN(a)) {
                f.raise(Fpscr.IOC);
            }
            if (f.defaultNan()) {
                return SinglePrecision.DEFAULT_NAN;
            }
            return sign | SinglePrecision.DEFAULT_NAN | (int) ((a >>> 29) & 0x003fffff);
        }
        if (DoublePrecision.isInfinity(a)) {
            return sign | SinglePrecision.INFINITY;
        }
        if (DoublePrecision.isZero(a)) {
            return sign;
        }
        return FpRounding.toSingle(f, sign >>> 31, DoublePrecision.mantissa(a), DoublePrecision.exponent(a),
                f.roundingMode());
    }

    /** VCVTB/VCVTT from half: exact (every half value is a normal single); FZ does not apply to halves. */
    static int halfToSingle(Fpscr f, int h) {
        int sign = (h & HALF_SIGN) << 16;
        int biased = (h >>> 10) & 0x1f;
        int fraction = h & 0x3ff;
        if (biased == 0x1f && !f.alternativeHalf()) {
            if (fraction == 0) {
                return sign | SinglePrecision.INFINITY;
            }
            if ((fraction & HALF_QUIET) == 0) {
                f.raise(Fpscr.IOC);
            }
            if (f.defaultNan()) {
                return SinglePrecision.DEFAULT_NAN;
            }
            return sign | SinglePrecision.DEFAULT_NAN | (fraction << 13);
        }
        if (biased == 0) {
            if (fraction == 0) {
                return sign;
            }
            // Denormal half: fraction × 2^-24, normalised into single precision.
            int shift = Integer.numberOfLeadingZeros(fraction) - 21; // moves the leading one to bit 10
            return sign | ((113 - shift) << 23) | (((fraction << shift) & 0x3ff) << 13);
        }
        return sign | ((biased + 112) << 23) | (fraction << 13);
    }

    /** VCVTB/VCVTT to half, in the FPSCR's rounding mode. */
    static int singleToHalf(Fpscr f, int a) {
        a = SinglePrecision.flush(f, a);
        int sign = (a >>> 16) & HALF_SIGN;
        boolean alternative = f.alternativeHalf();
        if (SinglePrecision.isNaN(a)) {
            if (alternative) {
                f.raise(Fpscr.IOC); // no NaNs in the alternative format: a zero of the NaN's sign
                return sign;
            }
            if (SinglePrecision.isSignallingNaN(a)) {
                f.raise(Fpscr.IOC);
            }
            if (f.defaultNan()) {
                return HALF_DEFAULT_NAN;
            }
            return sign | HALF_DEFAULT_NAN | ((a >>> 13) & 0x1ff);
        }
        if (SinglePrecision.isInfinity(a)) {
            if (alternative) {
                f.raise(Fpscr.IOC); // no infinity either: the largest value
                return sign | 0x7fff;
            }
            return sign | HALF_INFINITY;
        }
        if (SinglePrecision.isZero(a)) {
            return sign;
        }
        return FpRounding.toHalf(f, a >>> 31, SinglePrecision.mantissa(a), SinglePrecision.exponent(a),
                f.roundingMode());
    }

    /** FPToFixed from single precision; the result is the low {@code size} bits' value, as an int. */
    static int singleToFixed(Fpscr f, int a, int fractionBits, int size, boolean unsigned, int rmode) {
        a = SinglePrecision.flush(f, a);
        if (SinglePrecision.isNaN(a)) {
            f.raise(Fpscr.IOC);
            return 0;
        }
        if (SinglePrecision.isZero(a)) {
            return 0;
        }
        if (SinglePrecision.isInfinity(a)) {
            return saturate(f, a >>> 31, size, unsigned);
        }
        return toFixed(f, a >>> 31, SinglePrecision.mantissa(a), SinglePrecision.exponent(a) + fractionBits, size,
                unsigned, rmode);
    }

    static int doubleToFixed(Fpscr f, long a, int fractionBits, int size, boolean unsigned, int rmode) {
        a = DoublePrecision.flush(f, a);
        if (DoublePrecision.isNaN(a)) {
            f.raise(Fpscr.IOC);
            return 0;
        }
        if (DoublePrecision.isZero(a)) {
            return 0;
        }
        int sign = (int) (a >>> 63);
        if (DoublePrecision.isInfinity(a)) {
            return saturate(f, sign, size, unsigned);
        }
        return toFixed(f, sign, DoublePrecision.mantissa(a), DoublePrecision.exponent(a) + fractionBits, size,
                unsigned, rmode);
    }

    /** Rounds {@code ±mant × 2^exp} (mant > 0, below 2^53) to an integer and saturates it. */
    private static int toFixed(Fpscr f, int sign, long mant, int exp, int size, boolean unsigned, int rmode) {
        long magnitude;
        boolean inexact;
        boolean roundUp;
        if (exp >= 0) {
            if (exp > 62 - 52) {
                return saturate(f, sign, size, unsigned); // at least 2^63: beyond every range here
            }
            magnitude = mant << exp;
            inexact = false;
            roundUp = false;
        } else {
            int shift = -exp;
            long rest;
            long halfUnit;
            if (shift >= 63) {
                magnitude = 0;
                rest = mant;
                halfUnit = Long.MAX_VALUE; // mant < 2^53: below half
            } else {
                magnitude = mant >>> shift;
                rest = mant & ((1L << shift) - 1);
                halfUnit = 1L << (shift - 1);
            }
            inexact = rest != 0;
            switch (rmode) {
                case Fpscr.ROUND_NEAREST:
                    roundUp = rest > halfUnit || (rest == halfUnit && (magnitude & 1) != 0);
                    break;
                case Fpscr.ROUND_PLUS_INFINITY:
                    roundUp = inexact && sign == 0;
                    break;
                case Fpscr.ROUND_MINUS_INFINITY:
                    roundUp = inexact && sign != 0;
                    break;
                default:
                    roundUp = false;
                    break;
            }
        }
        if (roundUp) {
            magnitude++;
        }
        long value = sign != 0 ? -magnitude : magnitude;
        long min = unsigned ? 0 : -(1L << (size - 1));
        long max = unsigned ? (1L << size) - 1 : (1L << (size - 1)) - 1;
        if (value < min || value > max) {
            f.raise(Fpscr.IOC);
            return (int) (value < min ? min : max);
        }
        if (inexact) {
            f.raise(Fpscr.IXC);
        }
        return (int) value;
    }

    private static int saturate(Fpscr f, int sign, int size, boolean unsigned) {
        f.raise(Fpscr.IOC);
        if (unsigned) {
            return sign != 0 ? 0 : (int) ((1L << size) - 1);
        }
        return sign != 0 ? (int) -(1L << (size - 1)) : (int) ((1L << (size - 1)) - 1);
    }

    /** FixedToFP to single precision: {@code value} / 2^fractionBits, rounded once. */
    static int fixedToSingle(Fpscr f, long value, int fractionBits, int rmode) {
        if (value == 0) {
            return 0;
        }
        int sign = value < 0 ? 1 : 0;
        return FpRounding.toSingle(f, sign, Math.abs(value), -fractionBits, rmode);
    }

    static long fixedToDouble(Fpscr f, long value, int fractionBits, int rmode) {
        if (value == 0) {
            return 0;
        }
        int sign = value < 0 ? 1 : 0;
        return FpRounding.toDouble(f, sign, Math.abs(value), -fractionBits, rmode);
    }
}
