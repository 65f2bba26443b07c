package dev.hilfarm.emulator.vfp;

/**
 * Double-precision arithmetic on raw bits with ARM's semantics (see {@link SinglePrecision} for the
 * flushing and NaN rules). Exactness:
 * <ul>
 *   <li>addition aligns 53-bit significands in a long with a sticky bit ({@link FpRounding#sum});</li>
 *   <li>multiplication takes the full 106-bit product from {@link Math#multiplyHigh} and the low
 *       word as sticky bit;</li>
 *   <li>division and square root compute the round-to-nearest quotient or root in Java on
 *       significands scaled to [1, 4), where nothing can overflow or underflow, then learn the sign
 *       of the remainder exactly with Dekker's two-product (no fused multiply-add needed): that sign
 *       tells which side of the rounded value the true result lies, which is all the final
 *       rounding into the FPSCR's mode needs.</li>
 * </ul>
 */
final class DoublePrecision {
    static final long SIGN = Long.MIN_VALUE;
    static final long INFINITY = 0x7ff0000000000000L;
    static final long QUIET = 0x0008000000000000L;
    static final long DEFAULT_NAN = 0x7ff8000000000000L;
    private static final long FRACTION = 0x000fffffffffffffL;
    private static final long IMPLICIT = 0x0010000000000000L;
    private static final long ONE = 0x3ff0000000000000L;
    /** 2^27 + 1: Veltkamp's splitter for 53-bit doubles. */
    private static final double SPLITTER = 134217729.0;

    private DoublePrecision() {
    }

    static boolean isNaN(long a) {
        return (a & ~SIGN) > INFINITY;
    }

    static boolean isSignallingNaN(long a) {
        return isNaN(a) && (a & QUIET) == 0;
    }

    static boolean isInfinity(long a) {
        return (a & ~SIGN) == INFINITY;
    }

    static boolean isZero(long a) {
        return (a & ~SIGN) == 0;
    }

    static long flush(Fpscr f, long a) {
        if ((a & INFINITY) == 0 && (a & FRACTION) != 0 && f.flushToZero()) {
            f.raise(Fpscr.IDC);
            return a & SIGN;
        }
        return a;
    }

    static long mantissa(long a) {
        return (a & INFINITY) == 0 ? a & FRACTION : (a & FRACTION) | IMPLICIT;
    }

    static int exponent(long a) {
        int biased = (int) (a >>> 52) & 0x7ff;
        return biased == 0 ? -1074 : biased - 1075;
    }

    static long processNaN(Fpscr f, long a) {
        if ((a & QUIET) == 0) {
            f.raise(Fpscr.IOC);
            a |= QUIET;
        }
        return f.defaultNan() ? DEFAULT_NAN : a;
    }

    static long processNaNs(Fpscr f, long a, long b) {
        if (isSignallingNaN(a)) {
            return processNaN(f, a);
        }
        if (isSignallingNaN(b)) {
            return processNaN(f, b);
        }
        return processNaN(f, isNaN(a) ? a : b);
    }

    static long add(Fpscr f, long a, long b) {
        return addOrSubtract(f, a, b, 0);
    }

    static long subtract(Fpscr f, long a, long b) {
        return addOrSubtract(f, a, b, SIGN);
    }

    private static long addOrSubtract(Fpscr f, long a, long b, long negate) {
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
        return FpRounding.sum(f, (int) (a >>> 63), mantissa(a), exponent(a), (int) (b >>> 63), mantissa(b),
                exponent(b), true);
    }

    static long multiply(Fpscr f, long a, long b) {
        a = flush(f, a);
        b = flush(f, b);
        if (isNaN(a) || isNaN(b)) {
            return processNaNs(f, a, b);
        }
        long sign = (a ^ b) & SIGN;
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
        long mantA = mantissa(a);
        int shiftA = Long.numberOfLeadingZeros(mantA) - 1; // to bit 62
        long mantB = mantissa(b);
        int shiftB = Long.numberOfLeadingZeros(mantB) - 1;
        long x = mantA << shiftA;
        long y = mantB << shiftB;
        long high = Math.multiplyHigh(x, y); // product / 2^64, in [2^60, 2^62)
        long sticky = x * y != 0 ? 1 : 0;
        int exp = exponent(a) - shiftA + exponent(b) - shiftB + 64;
        return FpRounding.toDouble(f, (int) (sign >>> 63), high | sticky, exp, f.roundingMode());
    }

    static long divide(Fpscr f, long a, long b) {
        a = flush(f, a);
        b = flush(f, b);
        if (isNaN(a) || isNaN(b)) {
            return processNaNs(f, a, b);
        }
        long sign = (a ^ b) & SIGN;
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
        int shiftA = Long.numberOfLeadingZeros(mantA) - 11; // to [2^52, 2^53)
        long mantB = mantissa(b);
        int shiftB = Long.numberOfLeadingZeros(mantB) - 11;
        double x = Double.longBitsToDouble(ONE | ((mantA << shiftA) & FRACTION)); // [1, 2)
        double y = Double.longBitsToDouble(ONE | ((mantB << shiftB) & FRACTION));
        double q = x / y;
        // x - q*y exactly: p + e = q*y (Dekker), x - p is exact (Sterbenz), so its sign is compare(x - p, e).
        double p = q * y;
        double e = productError(q, y, p);
        double remainder = x - p;
        int side = remainder > e ? 1 : remainder < e ? -1 : 0;
        int exp = (exponent(a) - shiftA) - (exponent(b) - shiftB);
        return roundNear(f, (int) (sign >>> 63), q, side, exp);
    }

    static long squareRoot(Fpscr f, long a) {
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
        int shift = Long.numberOfLeadingZeros(mant) - 11;
        int exp = exponent(a) - shift + 52; // value = x × 2^exp with x in [1, 2)
        double x = Double.longBitsToDouble(ONE | ((mant << shift) & FRACTION));
        if ((exp & 1) != 0) {
            x *= 2; // [2, 4), even exponent
            exp--;
        }
        double root = Math.sqrt(x);
        double p = root * root;
        double e = productError(root, root, p);
        double remainder = x - p;
        int side = remainder > e ? 1 : remainder < e ? -1 : 0;
        return roundNear(f, 0, root, side, exp >> 1);
    }

    /**
     * Rounds {@code approx × 2^exp} where {@code approx} is the round-to-nearest value of the
     * true result and {@code side} the sign of (true - approx). The nearest value's 53 bits are
     * shifted up by nine and nudged by one unit towards the true value: since the true value is
     * within half an ulp of {@code approx}, that nudged value rounds the same way in every mode.
     */
    private static long roundNear(Fpscr f, int sign, double approx, int side, int exp) {
        long bits = Double.doubleToRawLongBits(approx);
        long sig = ((bits & FRACTION) | IMPLICIT) << 9;
        if (side > 0) {
            sig |= 1;
        } else if (side < 0) {
            sig -= 1;
        }
        int approxExponent = (int) (bits >>> 52) - 1023;
        return FpRounding.toDouble(f, sign, sig, exp + approxExponent - 52 - 9, f.roundingMode());
    }

    /** The exact error of {@code p = a*b}: a*b = p + result (Dekker), for a, b far from overflow and underflow. */
    static double productError(double a, double b, double p) {
        double c = SPLITTER * a;
        double aHigh = c - (c - a);
        double aLow = a - aHigh;
        c = SPLITTER * b;
        double bHigh = c - (c - b);
        double bLow = b - bHigh;
        return ((aHigh * bHigh - p) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
    }

    static int compare(Fpscr f, long a, long b, boolean signalQuiet) {
        a = flush(f, a);
        b = flush(f, b);
        if (isNaN(a) || isNaN(b)) {
            if (signalQuiet || isSignallingNaN(a) || isSignallingNaN(b)) {
                f.raise(Fpscr.IOC);
            }
            return 0b0011;
        }
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        return x == y ? 0b0110 : x < y ? 0b1000 : 0b0010;
    }
}
