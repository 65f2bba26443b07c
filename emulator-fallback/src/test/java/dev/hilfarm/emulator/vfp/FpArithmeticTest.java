package dev.hilfarm.emulator.vfp;

import static dev.hilfarm.emulator.vfp.Fpscr.DZC;
import static dev.hilfarm.emulator.vfp.Fpscr.IDC;
import static dev.hilfarm.emulator.vfp.Fpscr.IOC;
import static dev.hilfarm.emulator.vfp.Fpscr.IXC;
import static dev.hilfarm.emulator.vfp.Fpscr.OFC;
import static dev.hilfarm.emulator.vfp.Fpscr.ROUND_MINUS_INFINITY;
import static dev.hilfarm.emulator.vfp.Fpscr.ROUND_NEAREST;
import static dev.hilfarm.emulator.vfp.Fpscr.ROUND_PLUS_INFINITY;
import static dev.hilfarm.emulator.vfp.Fpscr.ROUND_ZERO;
import static dev.hilfarm.emulator.vfp.Fpscr.UFC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** Hand-picked edge cases of the single- and double-precision arithmetic, with their FPSCR flags. */
class FpArithmeticTest {
    private static final int ONE = 0x3f800000;
    private static final int TWO = 0x40000000;
    private static final int MAX = 0x7f7fffff;
    private static final int MIN_NORMAL = 0x00800000;
    private static final int INF = 0x7f800000;
    private static final int QNAN = 0x7fc00000;
    private static final long D_ONE = 0x3ff0000000000000L;
    private static final long D_TWO = 0x4000000000000000L;
    private static final long D_MAX = 0x7fefffffffffffffL;
    private static final long D_MIN_NORMAL = 0x0010000000000000L;
    private static final long D_QNAN = 0x7ff8000000000000L;

    static Fpscr fpscr(int rmode, int controlBits) {
        Fpscr f = new Fpscr();
        f.setValue((rmode << Fpscr.RMODE_SHIFT) | controlBits);
        return f;
    }

    private static void single(int expected, int expectedFlags, int rmode, int control, ToIntFunction<Fpscr> op) {
        Fpscr f = fpscr(rmode, control);
        int result = op.applyAsInt(f);
        assertEquals(Integer.toHexString(expected), Integer.toHexString(result), "result");
        assertEquals(Integer.toHexString(expectedFlags), Integer.toHexString(f.value() & 0x9f), "flags");
    }

    private static void dbl(long expected, int expectedFlags, int rmode, int control, ToLongFunction<Fpscr> op) {
        Fpscr f = fpscr(rmode, control);
        long result = op.applyAsLong(f);
        assertEquals(Long.toHexString(expected), Long.toHexString(result), "result");
        assertEquals(Integer.toHexString(expectedFlags), Integer.toHexString(f.value() & 0x9f), "flags");
    }

    @Test
    void signallingNaNsWinOverQuietOnesAndAreQuietedWithInvalidOperation() {
        single(0x7fc00002, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, 0x7fc00001, 0x7f800002));
        single(0xffc00003, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.multiply(f, 0xff800003, 0x7f800004));
        single(0xffc00005, 0, ROUND_NEAREST, 0, f -> SinglePrecision.divide(f, 0xffc00005, 0x7fc00006));
        single(0x7fc00006, 0, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, ONE, 0x7fc00006));
        // VSUB does not flip the sign of a NaN second operand.
        single(0x7fc00007, 0, ROUND_NEAREST, 0, f -> SinglePrecision.subtract(f, ONE, 0x7fc00007));
        dbl(0x7ff8000000000002L, IOC, ROUND_NEAREST, 0,
                f -> DoublePrecision.add(f, 0x7ff8000000000001L, 0x7ff0000000000002L));
        dbl(0xfff8000000000001L, 0, ROUND_NEAREST, 0, f -> DoublePrecision.squareRoot(f, 0xfff8000000000001L));
    }

    @Test
    void defaultNaNModeReplacesEveryNaNResultButStillSignals() {
        single(QNAN, 0, ROUND_NEAREST, Fpscr.DN, f -> SinglePrecision.add(f, 0xffc12345, ONE));
        single(QNAN, IOC, ROUND_NEAREST, Fpscr.DN, f -> SinglePrecision.add(f, 0xff812345, ONE));
        dbl(D_QNAN, IOC, ROUND_NEAREST, Fpscr.DN, f -> DoublePrecision.multiply(f, D_ONE, 0xfff0000000000001L));
    }

    @Test
    void invalidOperationsGiveTheDefaultNaN() {
        single(QNAN, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, INF, INF | 0x80000000));
        single(QNAN, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.subtract(f, INF, INF));
        single(QNAN, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.multiply(f, 0x80000000, INF));
        single(QNAN, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.divide(f, 0, 0x80000000));
        single(QNAN, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.divide(f, INF, INF));
        single(QNAN, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.squareRoot(f, 0xbf800000));
        single(QNAN, IOC, ROUND_NEAREST, 0, f -> SinglePrecision.squareRoot(f, 0xff800000));
        dbl(D_QNAN, IOC, ROUND_NEAREST, 0, f -> DoublePrecision.divide(f, 0, 0));
    }

    @Test
    void divisionByZeroIsASignedInfinity() {
        single(INF, DZC, ROUND_NEAREST, 0, f -> SinglePrecision.divide(f, ONE, 0));
        single(0xff800000, DZC, ROUND_NEAREST, 0, f -> SinglePrecision.divide(f, ONE, 0x80000000));
        dbl(0xfff0000000000000L, DZC, ROUND_ZERO, 0, f -> DoublePrecision.divide(f, D_ONE | Long.MIN_VALUE, 0));
        single(0x80000000, 0, ROUND_NEAREST, 0, f -> SinglePrecision.divide(f, ONE, 0xff800000));
    }

    @Test
    void zeroResultsTakeTheirSignFromTheRoundingMode() {
        single(0, 0, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, 0, 0x80000000));
        single(0x80000000, 0, ROUND_MINUS_INFINITY, 0, f -> SinglePrecision.add(f, 0, 0x80000000));
        single(0x80000000, 0, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, 0x80000000, 0x80000000));
        single(0, 0, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.subtract(f, 0x40490fdb, 0x40490fdb));
        single(0x80000000, 0, ROUND_MINUS_INFINITY, 0, f -> SinglePrecision.subtract(f, 0x40490fdb, 0x40490fdb));
        dbl(Long.MIN_VALUE, 0, ROUND_MINUS_INFINITY, 0, f -> DoublePrecision.add(f, D_ONE, D_ONE | Long.MIN_VALUE));
        single(0x80000000, 0, ROUND_NEAREST, 0, f -> SinglePrecision.squareRoot(f, 0x80000000));
    }

    @Test
    void aTieRoundsToEvenInRoundToNearestAndDirectedModesGoTheirWay() {
        int halfUlp = 0x33800000; // 2^-24: half an ulp of 1.0
        single(ONE, IXC, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, ONE, halfUlp));
        single(0x3f800001, IXC, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.add(f, ONE, halfUlp));
        single(ONE, IXC, ROUND_MINUS_INFINITY, 0, f -> SinglePrecision.add(f, ONE, halfUlp));
        single(ONE, IXC, ROUND_ZERO, 0, f -> SinglePrecision.add(f, ONE, halfUlp));
        single(0xbf800001, IXC, ROUND_MINUS_INFINITY, 0, f -> SinglePrecision.add(f, 0xbf800000, halfUlp | 0x80000000));
        single(0xbf800000, IXC, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.add(f, 0xbf800000, halfUlp | 0x80000000));
        // 1 + 1.5 ulp/2 is above the tie: up to the next value; 1.0000001 + half ulp ties up to even.
        single(0x3f800001, IXC, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, ONE, 0x33c00000));
        single(0x3f800002, IXC, ROUND_NEAREST, 0, f -> SinglePrecision.add(f, 0x3f800001, halfUlp));
        dbl(D_ONE, IXC, ROUND_NEAREST, 0, f -> DoublePrecision.add(f, D_ONE, 0x3ca0000000000000L));
        dbl(D_ONE + 1, IXC, ROUND_PLUS_INFINITY, 0, f -> DoublePrecision.add(f, D_ONE, 0x3ca0000000000000L));
        // A far smaller addend still makes the result inexact and moves it in a directed mode.
        dbl(D_ONE + 1, IXC, ROUND_PLUS_INFINITY, 0, f -> DoublePrecision.add(f, D_ONE, 1L));
        dbl(D_ONE - 1, IXC, ROUND_ZERO, 0, f -> DoublePrecision.subtract(f, D_ONE, 1L));
    }

    @Test
    void divisionAndSquareRootAreCorrectlyRoundedInEveryMode() {
        int third = 0x40400000; // 3.0f
        single(0x3eaaaaab, IXC, ROUND_NEAREST, 0, f -> SinglePrecision.divide(f, ONE, third));
        single(0x3eaaaaaa, IXC, ROUND_ZERO, 0, f -> SinglePrecision.divide(f, ONE, third));
        single(0x3eaaaaab, IXC, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.divide(f, ONE, third));
        dbl(0x3fd5555555555555L, IXC, ROUND_NEAREST, 0, f -> DoublePrecision.divide(f, D_ONE, 0x4008000000000000L));
        dbl(0x3fd5555555555556L, IXC, ROUND_PLUS_INFINITY, 0,
                f -> DoublePrecision.divide(f, D_ONE, 0x4008000000000000L));
        single(0x3fb504f3, IXC, ROUND_NEAREST, 0, f -> SinglePrecision.squareRoot(f, TWO));
        single(0x3fb504f4, IXC, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.squareRoot(f, TWO));
        dbl(0x3ff6a09e667f3bcdL, IXC, ROUND_NEAREST, 0, f -> DoublePrecision.squareRoot(f, D_TWO));
        dbl(0x3ff6a09e667f3bccL, IXC, ROUND_ZERO, 0, f -> DoublePrecision.squareRoot(f, D_TWO));
        single(0x40400000, 0, ROUND_ZERO, 0, f -> SinglePrecision.squareRoot(f, 0x41100000)); // sqrt(9) = 3 exactly
        dbl(0x1ff0000000000000L, 0, ROUND_NEAREST, 0, f -> DoublePrecision.squareRoot(f, 0x0000000000000001L << 50));
    }

    @Test
    void overflowGivesInfinityOrTheLargestNormalDependingOnTheMode() {
        single(INF, OFC | IXC, ROUND_NEAREST, 0, f -> SinglePrecision.multiply(f, MAX, TWO));
        single(MAX, OFC | IXC, ROUND_ZERO, 0, f -> SinglePrecision.multiply(f, MAX, TWO));
        single(INF, OFC | IXC, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.multiply(f, MAX, TWO));
        single(MAX, OFC | IXC, ROUND_MINUS_INFINITY, 0, f -> SinglePrecision.multiply(f, MAX, TWO));
        single(0xff7fffff, OFC | IXC, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.multiply(f, MAX, 0xc0000000));
        single(0xff800000, OFC | IXC, ROUND_MINUS_INFINITY, 0, f -> SinglePrecision.multiply(f, MAX, 0xc0000000));
        dbl(0x7ff0000000000000L, OFC | IXC, ROUND_NEAREST, 0, f -> DoublePrecision.add(f, D_MAX, D_MAX));
        dbl(D_MAX, OFC | IXC, ROUND_ZERO, 0, f -> DoublePrecision.divide(f, D_MAX, 0x3fe0000000000000L));
    }

    @Test
    void underflowIsDetectedBeforeRoundingAndOnlyWhenInexact() {
        int justBelowOne = 0x3f7fffff; // 1 - 2^-24
        // The exact product is below the smallest normal; it rounds up to it, and is still an underflow.
        single(MIN_NORMAL, UFC | IXC, ROUND_NEAREST, 0, f -> SinglePrecision.multiply(f, MIN_NORMAL, justBelowOne));
        single(0x007fffff, UFC | IXC, ROUND_ZERO, 0, f -> SinglePrecision.multiply(f, MIN_NORMAL, justBelowOne));
        // An exact subnormal result is no underflow.
        single(0x00400000, 0, ROUND_NEAREST, 0, f -> SinglePrecision.multiply(f, MIN_NORMAL, 0x3f000000));
        single(0x00000001, UFC | IXC, ROUND_PLUS_INFINITY, 0, f -> SinglePrecision.multiply(f, 0x00000001, 0x3f000000));
        single(0, UFC | IXC, ROUND_NEAREST, 0, f -> SinglePrecision.multiply(f, 0x00000001, 0x3f000000));
        dbl(D_MIN_NORMAL, UFC | IXC, ROUND_NEAREST, 0,
                f -> DoublePrecision.multiply(f, D_MIN_NORMAL, 0x3fefffffffffffffL));
        dbl(0x0008000000000000L, 0, ROUND_NEAREST, 0, f -> DoublePrecision.divide(f, D_MIN_NORMAL, D_TWO));
    }

    @Test
    void flushToZeroFlushesDenormalInputsAndTinyResults() {
        single(0, IDC, ROUND_NEAREST, Fpscr.FZ, f -> SinglePrecision.add(f, 0x00000001, 0));
        single(0x80000000, IDC, ROUND_NEAREST, Fpscr.FZ, f -> SinglePrecision.multiply(f, 0x807fffff, ONE));
        // A result below the normal range becomes zero with Underflow and without Inexact.
        single(0, UFC, ROUND_NEAREST, Fpscr.FZ, f -> SinglePrecision.multiply(f, MIN_NORMAL, 0x3f000000));
        single(0x80000000, UFC, ROUND_PLUS_INFINITY, Fpscr.FZ,
                f -> SinglePrecision.multiply(f, MIN_NORMAL | 0x80000000, 0x3f7fffff));
        // Every input is unpacked before NaN selection: the denormal still signals IDC.
        single(QNAN, IDC, ROUND_NEAREST, Fpscr.FZ, f -> SinglePrecision.add(f, QNAN, 0x00000005));
        // A flushed divisor is a zero divisor.
        single(INF, IDC | DZC, ROUND_NEAREST, Fpscr.FZ, f -> SinglePrecision.divide(f, ONE, 0x00000010));
        single(0x80000000, IDC, ROUND_NEAREST, Fpscr.FZ, f -> SinglePrecision.squareRoot(f, 0x80000010));
        dbl(0, UFC, ROUND_NEAREST, Fpscr.FZ, f -> DoublePrecision.multiply(f, D_MIN_NORMAL, 0x3fe0000000000000L));
        dbl(D_ONE, IDC, ROUND_NEAREST, Fpscr.FZ, f -> DoublePrecision.add(f, D_ONE, 1L));
    }

    @Test
    void comparisonsSetNzcvAndSignalOnlyWhenTheyShould() {
        Fpscr f = fpscr(ROUND_NEAREST, 0);
        assertEquals(0b0110, SinglePrecision.compare(f, 0, 0x80000000, false));
        assertEquals(0b1000, SinglePrecision.compare(f, ONE, TWO, false));
        assertEquals(0b0010, SinglePrecision.compare(f, TWO, ONE, false));
        assertEquals(0b0011, SinglePrecision.compare(f, QNAN, ONE, false));
        assertEquals(0, f.value() & 0x9f);
        assertEquals(0b0011, SinglePrecision.compare(f, QNAN, ONE, true));
        assertEquals(IOC, f.value() & 0x9f);
        Fpscr g = fpscr(ROUND_NEAREST, 0);
        assertEquals(0b0011, DoublePrecision.compare(g, D_ONE, 0x7ff0000000000001L, false));
        assertEquals(IOC, g.value() & 0x9f);
        Fpscr z = fpscr(ROUND_NEAREST, Fpscr.FZ);
        assertEquals(0b0110, SinglePrecision.compare(z, 0x00000001, 0, false));
        assertEquals(IDC, z.value() & 0x9f);
    }
}
