package dev.hilfarm.emulator.vfp;

import static dev.hilfarm.emulator.vfp.FpArithmeticTest.fpscr;
import static dev.hilfarm.emulator.vfp.Fpscr.AHP;
import static dev.hilfarm.emulator.vfp.Fpscr.DN;
import static dev.hilfarm.emulator.vfp.Fpscr.FZ;
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

/** Every VCVT form's edge cases: saturation, NaN, rounding, fixed point, half precision. */
class FpConversionsTest {
    private static void check(int expected, int expectedFlags, int rmode, int control, ToIntFunction<Fpscr> op) {
        Fpscr f = fpscr(rmode, control);
        int result = op.applyAsInt(f);
        assertEquals(Integer.toHexString(expected), Integer.toHexString(result), "result");
        assertEquals(Integer.toHexString(expectedFlags), Integer.toHexString(f.value() & 0x9f), "flags");
    }

    private static void checkLong(long expected, int expectedFlags, int rmode, int control, ToLongFunction<Fpscr> op) {
        Fpscr f = fpscr(rmode, control);
        long result = op.applyAsLong(f);
        assertEquals(Long.toHexString(expected), Long.toHexString(result), "result");
        assertEquals(Integer.toHexString(expectedFlags), Integer.toHexString(f.value() & 0x9f), "flags");
    }

    private static long bits(double value) {
        return Double.doubleToRawLongBits(value);
    }

    private static int bits(float value) {
        return Float.floatToRawIntBits(value);
    }

    @Test
    void awkPercentDOfATrillionSaturatesToTheLargestInt() {
        // busybox awk's printf("%d", 2.67e12) is a VCVT.S32.F64: it must give 2147483647.
        check(0x7fffffff, IOC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(2.67e12), 0, 32, false,
                ROUND_ZERO));
        check(0x80000000, IOC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(-2.67e12), 0, 32, false,
                ROUND_ZERO));
        check(0xffffffff, IOC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(2.67e12), 0, 32, true,
                ROUND_ZERO));
        check(0x7fffffff, IOC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, 0x7f800000, 0, 32, false,
                ROUND_ZERO));
    }

    @Test
    void nanConvertsToZeroWithInvalidOperation() {
        check(0, IOC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, 0x7fc00000, 0, 32, false, ROUND_ZERO));
        check(0, IOC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, 0xfff0000000000001L, 0, 32, true,
                ROUND_NEAREST));
    }

    @Test
    void negativeValuesToUnsignedSaturateAtZeroUnlessTheyRoundToZero() {
        check(0, IXC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(-0.5f), 0, 32, true, ROUND_ZERO));
        check(0, IOC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(-1.0f), 0, 32, true, ROUND_ZERO));
        check(0, IOC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(-0.7f), 0, 32, true, ROUND_NEAREST));
        check(0, 0, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, 0x80000000, 0, 32, true, ROUND_ZERO));
    }

    @Test
    void vcvtrRoundsInTheFpscrModeWithTiesToEven() {
        check(2, IXC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(2.5f), 0, 32, false, ROUND_NEAREST));
        check(4, IXC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(3.5f), 0, 32, false, ROUND_NEAREST));
        check(-2, IXC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(-2.5f), 0, 32, false, ROUND_NEAREST));
        check(3, IXC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(2.1), 0, 32, false,
                ROUND_PLUS_INFINITY));
        check(-3, IXC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(-2.1), 0, 32, false,
                ROUND_MINUS_INFINITY));
        check(-2, IXC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(-2.9), 0, 32, false, ROUND_ZERO));
        check(0xffffffff, 0, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(4294967295.0), 0, 32, true,
                ROUND_ZERO));
        check(0xffffffff, IXC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(4294967295.5), 0, 32, true,
                ROUND_ZERO));
        // Rounding up past the range is an overflow: Invalid, not Inexact.
        check(0xffffffff, IOC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(4294967295.5), 0, 32, true,
                ROUND_NEAREST));
        check(0, IDC, ROUND_NEAREST, FZ, f -> FpConversions.singleToFixed(f, 0x00000001, 0, 32, false,
                ROUND_PLUS_INFINITY));
        check(1, IXC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, 0x00000001, 0, 32, false,
                ROUND_PLUS_INFINITY));
    }

    @Test
    void fixedPointConversionsScaleSaturateAndExtend() {
        check(384, 0, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(1.5f), 8, 16, false, ROUND_ZERO));
        check(0x7fff, IOC, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(200f), 8, 16, false,
                ROUND_ZERO));
        check(-256, 0, ROUND_NEAREST, 0, f -> FpConversions.singleToFixed(f, bits(-1.0f), 8, 16, false, ROUND_ZERO));
        check(0xffff, IOC, ROUND_NEAREST, 0, f -> FpConversions.doubleToFixed(f, bits(1e6), 0, 16, true, ROUND_ZERO));
        check(bits(-0.5f), 0, ROUND_NEAREST, 0, f -> FpConversions.fixedToSingle(f, (short) 0x8000, 16, ROUND_NEAREST));
        check(bits(2.0f), 0, ROUND_NEAREST, 0, f -> FpConversions.fixedToSingle(f, 1, -1, ROUND_NEAREST));
        checkLong(bits(0x1p-32), 0, ROUND_NEAREST, 0, f -> FpConversions.fixedToDouble(f, 1, 32, ROUND_NEAREST));
    }

    @Test
    void integerToFloatRoundsOnceInTheGivenMode() {
        check(0x4f000000, IXC, ROUND_NEAREST, 0, f -> FpConversions.fixedToSingle(f, 0x7fffffff, 0, ROUND_NEAREST));
        check(0x4effffff, IXC, ROUND_NEAREST, 0, f -> FpConversions.fixedToSingle(f, 0x7fffffff, 0, ROUND_ZERO));
        check(0x4b800000, IXC, ROUND_NEAREST, 0, f -> FpConversions.fixedToSingle(f, 0x01000001, 0, ROUND_NEAREST));
        check(0xcf000000, 0, ROUND_NEAREST, 0, f -> FpConversions.fixedToSingle(f, Integer.MIN_VALUE, 0,
                ROUND_NEAREST));
        check(0x4f800000, IXC, ROUND_NEAREST, 0, f -> FpConversions.fixedToSingle(f, 0xffffffffL, 0, ROUND_NEAREST));
        check(0, 0, ROUND_MINUS_INFINITY, 0, f -> FpConversions.fixedToSingle(f, 0, 0, ROUND_MINUS_INFINITY));
        checkLong(bits(4294967295.0), 0, ROUND_NEAREST, 0, f -> FpConversions.fixedToDouble(f, 0xffffffffL, 0,
                ROUND_NEAREST));
    }

    @Test
    void singleDoubleConversionsKeepNaNPayloadsAndRound() {
        checkLong(0x7ff8000020000000L, IOC, ROUND_NEAREST, 0, f -> FpConversions.singleToDouble(f, 0x7f800001));
        checkLong(0xfff8000000000000L, 0, ROUND_NEAREST, 0, f -> FpConversions.singleToDouble(f, 0xffc00000));
        checkLong(0x7ff8000000000000L, IOC, ROUND_NEAREST, DN, f -> FpConversions.singleToDouble(f, 0xff800001));
        checkLong(bits((double) Float.MIN_VALUE), 0, ROUND_NEAREST, 0, f -> FpConversions.singleToDouble(f, 1));
        checkLong(0, IDC, ROUND_NEAREST, FZ, f -> FpConversions.singleToDouble(f, 1));
        check(0xffc00001, IOC, ROUND_NEAREST, 0, f -> FpConversions.doubleToSingle(f, 0xfff0000020000000L));
        check(0x3f800000, IXC, ROUND_NEAREST, 0, f -> FpConversions.doubleToSingle(f, 0x3ff0000010000000L));
        check(0x3f800001, IXC, ROUND_PLUS_INFINITY, 0, f -> FpConversions.doubleToSingle(f, 0x3ff0000010000000L));
        check(0, UFC | IXC, ROUND_NEAREST, 0, f -> FpConversions.doubleToSingle(f, bits(1e-300)));
        check(1, UFC | IXC, ROUND_PLUS_INFINITY, 0, f -> FpConversions.doubleToSingle(f, bits(1e-300)));
        check(0, UFC, ROUND_PLUS_INFINITY, FZ, f -> FpConversions.doubleToSingle(f, bits(1e-300)));
        check(0x7f800000, OFC | IXC, ROUND_NEAREST, 0, f -> FpConversions.doubleToSingle(f, bits(1e300)));
        check(0x7f7fffff, OFC | IXC, ROUND_ZERO, 0, f -> FpConversions.doubleToSingle(f, bits(1e300)));
    }

    @Test
    void halfPrecisionConversionsHonourAhpAndIgnoreFlushToZero() {
        check(0x3c00, 0, ROUND_NEAREST, 0, f -> FpConversions.singleToHalf(f, bits(1.0f)));
        check(0x7c00, OFC | IXC, ROUND_NEAREST, 0, f -> FpConversions.singleToHalf(f, bits(65520f)));
        // Towards zero the rounded value stays below the overflow threshold: Inexact only.
        check(0x7bff, IXC, ROUND_ZERO, 0, f -> FpConversions.singleToHalf(f, bits(65520f)));
        check(0x7bff, OFC | IXC, ROUND_ZERO, 0, f -> FpConversions.singleToHalf(f, bits(65536f)));
        check(0x7c00, IXC, ROUND_NEAREST, AHP, f -> FpConversions.singleToHalf(f, bits(65520f)));
        check(0x7fff, IOC, ROUND_NEAREST, AHP, f -> FpConversions.singleToHalf(f, bits(131072f)));
        check(0x7fff, IOC, ROUND_NEAREST, AHP, f -> FpConversions.singleToHalf(f, 0x7f800000));
        check(0x8000, IOC, ROUND_NEAREST, AHP | DN, f -> FpConversions.singleToHalf(f, 0xffc00000));
        check(0xfe00, 0, ROUND_NEAREST, 0, f -> FpConversions.singleToHalf(f, 0xffc00000));
        check(0x7e00, IOC, ROUND_NEAREST, DN, f -> FpConversions.singleToHalf(f, 0xff800001));
        check(0x7f00, IOC, ROUND_NEAREST, 0, f -> FpConversions.singleToHalf(f, 0x7fa00000));
        check(0, UFC | IXC, ROUND_NEAREST, 0, f -> FpConversions.singleToHalf(f, bits(0x1p-25f)));
        check(1, UFC | IXC, ROUND_PLUS_INFINITY, 0, f -> FpConversions.singleToHalf(f, bits(0x1p-25f)));
        // FZ never flushes a half-precision result, but it does flush a denormal single input.
        check(0x0010, 0, ROUND_NEAREST, FZ, f -> FpConversions.singleToHalf(f, bits(0x1p-20f)));
        check(0x8000, IDC, ROUND_NEAREST, FZ, f -> FpConversions.singleToHalf(f, 0x80000001));
        check(bits(0x1p-24f), 0, ROUND_NEAREST, FZ, f -> FpConversions.halfToSingle(f, 0x0001));
        check(bits(-65504f), 0, ROUND_NEAREST, 0, f -> FpConversions.halfToSingle(f, 0xfbff));
        check(0xff800000, 0, ROUND_NEAREST, 0, f -> FpConversions.halfToSingle(f, 0xfc00));
        check(0x7fc02000, IOC, ROUND_NEAREST, 0, f -> FpConversions.halfToSingle(f, 0x7c01));
        check(0x7fc00000, IOC, ROUND_NEAREST, DN, f -> FpConversions.halfToSingle(f, 0xfc01));
        check(0x47802000, 0, ROUND_NEAREST, AHP, f -> FpConversions.halfToSingle(f, 0x7c01));
        check(bits(131008f), 0, ROUND_NEAREST, AHP, f -> FpConversions.halfToSingle(f, 0x7fff));
    }
}
