package dev.hilfarm.emulator.vfp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random cases for the differential test: every VFP data-processing operation and conversion, in
 * single and double precision, with operands drawn to hit the hard parts (signalling and quiet
 * NaNs with payloads, infinities, signed zeros, denormals, the overflow and underflow boundaries,
 * cancellation, ties, integer-conversion limits) under random FPSCR settings: all four rounding
 * modes, FZ, DN, AHP, pre-set cumulative flags. Registers stay within s0-s15 / d0-d7 (the runner's
 * window; QEMU's cortex-a9 has D32, this unit D16). Some cases run in short-vector mode, some are
 * encodings that must be UNDEFINED.
 */
final class VfpCaseGenerator {
    /** One case: a label for reports and the record {instruction, FPSCR, s0..s15, r0..r3, window}. */
    record Case(String label, int[] in) {
    }

    private static final int[] SPECIAL_SINGLES = {
        0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xffbfffff,
        0x7fa00000, 0x7fc00001, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000,
        0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xbfc00000,
        0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff, 0x47000000, 0x46fffe00,
        0xc7000000, 0x477fff00, 0x47800000, 0x00400000, 0x00000002, 0x3effffff, 0x3f7fffff, 0x33800000,
        0x38800000, 0x387fe000, 0x477fe000, 0x477ff000, 0x0000fffe, 0x4b000000, 0x4b7fffff, 0xcb000001,
    };

    private static final long[] SPECIAL_DOUBLES = {
        0L, 0x8000000000000000L, 0x7ff0000000000000L, 0xfff0000000000000L, 0x7ff8000000000000L,
        0xfff8000000000000L, 0x7ff0000000000001L, 0xfff7ffffffffffffL, 0x7ff8000000000001L, 0x7ff4000000000000L,
        0x0000000000000001L, 0x8000000000000001L, 0x000fffffffffffffL, 0x800fffffffffffffL, 0x0010000000000000L,
        0x8010000000000000L, 0x7fefffffffffffffL, 0xffefffffffffffffL, 0x3ff0000000000000L, 0xbff0000000000000L,
        0x3fe0000000000000L, 0x3ff8000000000000L, 0x4004000000000000L, 0x41e0000000000000L, 0x41dfffffffffffffL,
        0xc1e0000000000000L, 0xc1e0000000200000L, 0x41efffffffe00000L, 0x41f0000000000000L, 0x41efffffffffffffL,
        0x41dfffffffc00000L, 0xc1e00000001fffffL, 0x40dfffc000000000L, 0x40e0000000000000L, 0x36a0000000000000L,
        0x3810000000000000L, 0x380fffffffffffffL, 0x47efffffe0000000L, 0x47efffffffffffffL, 0x3690000000000000L,
        0x0008000000000000L, 0x4330000000000000L,
    };

    private static final int[] SPECIAL_HALVES = {
        0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01, 0xfdff, 0x7d00, 0x0001, 0x8001, 0x03ff, 0x0400,
        0x7bff, 0xfbff, 0x3c00, 0xbc00, 0x7fff, 0xffff, 0x3555,
    };

    private final Random random;
    private final List<Case> cases = new ArrayList<>();

    VfpCaseGenerator(long seed) {
        random = new Random(seed);
    }

    /** {@code perOperation} cases for each operation and precision, plus vector and UNDEFINED cases. */
    List<Case> generate(int perOperation) {
        for (int i = 0; i < perOperation; i++) {
            for (boolean dp : new boolean[] {false, true}) {
                for (int op = VfpEncoding.VMLA; op <= VfpEncoding.VDIV; op++) {
                    threeOperand(op, dp, false);
                }
                int d = reg(dp);
                int m = reg(dp);
                add(name("vsqrt", dp), VfpEncoding.vsqrt(dp, d, m), fpscr(), floats(dp));
                add(name("vabs", dp), VfpEncoding.vabs(dp, d, m), fpscr(), floats(dp));
                add(name("vneg", dp), VfpEncoding.vneg(dp, d, m), fpscr(), floats(dp));
                add(name("vmov", dp), VfpEncoding.vmovRegister(dp, d, m), fpscr(), floats(dp));
                add(name("vmov.imm", dp), VfpEncoding.vmovImmediate(dp, d, random.nextInt(256)), fpscr(), floats(dp));
                boolean e = random.nextBoolean();
                add(name(e ? "vcmpe" : "vcmp", dp), VfpEncoding.vcmp(dp, e, d, m), fpscr(), pairs(dp, d, m));
                add(name(e ? "vcmpe#0" : "vcmp#0", dp), VfpEncoding.vcmpZero(dp, e, d), fpscr(), floats(dp));
                conversions(dp);
            }
            halfConversions();
            add("vmrs APSR_nzcv", VfpEncoding.vmrs(1, 15), fpscr(), floats(false));
            vectorCase();
            transfers();
            memory();
        }
        undefinedCases();
        return cases;
    }

    private static String name(String op, boolean dp) {
        return op + (dp ? ".f64" : ".f32");
    }

    private void add(String label, int insn, int fpscr, int[] registers) {
        add(label, insn, fpscr, registers, new int[4]);
    }

    private void add(String label, int insn, int fpscr, int[] registers, int[] core) {
        int[] in = new int[VfpCaseRunner.RECORD_IN];
        in[0] = insn;
        in[1] = fpscr;
        System.arraycopy(registers, 0, in, 2, 16);
        System.arraycopy(core, 0, in, 18, 4);
        for (int i = 22; i < in.length; i++) {
            in[i] = random.nextInt();
        }
        cases.add(new Case(label, in));
    }

    private int reg(boolean dp) {
        return random.nextInt(dp ? 8 : 16);
    }

    /** Random rounding mode, FZ, DN, AHP, comparison flags, QC and sometimes pre-set cumulative flags. */
    private int fpscr() {
        int value = random.nextInt(4) << Fpscr.RMODE_SHIFT;
        if (random.nextBoolean()) {
            value |= Fpscr.FZ;
        }
        if (random.nextBoolean()) {
            value |= Fpscr.DN;
        }
        if (random.nextInt(4) == 0) {
            value |= Fpscr.AHP;
        }
        if (random.nextInt(8) == 0) {
            value |= Fpscr.QC;
        }
        if (random.nextInt(4) == 0) {
            value |= random.nextInt() & 0x9f;
        }
        return value | (random.nextInt() & Fpscr.NZCV);
    }

    private void threeOperand(int op, boolean dp, boolean vector) {
        int d = reg(dp);
        int n = reg(dp);
        int m = reg(dp);
        int[] regs = pairs(dp, n, m);
        int fpscr = fpscr();
        String label = name(VfpEncoding.THREE_OPERAND_NAMES[op], dp);
        if (vector) {
            fpscr |= vectorControl(dp);
            label = "vector " + label;
        }
        add(label, VfpEncoding.threeOperand(op, dp, d, n, m), fpscr, regs);
    }

    /**
     * LEN 1-7 with stride 1, or stride 2 (0b11) in double precision only: QEMU 7.2 steps single-
     * precision vectors with STRIDE 0b11 by four registers where the architecture says two.
     */
    private int vectorControl(boolean dp) {
        int stride = dp && random.nextBoolean() ? 3 : 0;
        return (stride << Fpscr.STRIDE_SHIFT) | ((1 + random.nextInt(7)) << Fpscr.LEN_SHIFT);
    }

    /**
     * A short-vector operation. Double-precision two-operand operations only in their mixed form
     * (scalar source in d0-d3): QEMU 7.2's loop for the vector form advances the wrong register.
     * The unit tests cover both forms against the architecture.
     */
    private void vectorCase() {
        boolean dp = random.nextBoolean();
        int kind = random.nextInt(4);
        if (kind < 2) {
            threeOperand(random.nextInt(9), dp, true);
            return;
        }
        int fpscr = fpscr() | vectorControl(dp);
        int d = reg(dp);
        int m = dp ? random.nextInt(4) : reg(dp);
        int insn = kind == 2
                ? (random.nextBoolean() ? VfpEncoding.vsqrt(dp, d, m) : VfpEncoding.vneg(dp, d, m))
                : VfpEncoding.vmovImmediate(dp, d, random.nextInt(256));
        add(name("vector 2-op/imm", dp), insn, fpscr, floats(dp));
    }

    private void conversions(boolean dp) {
        int d = random.nextInt(dp ? 8 : 16);
        int s = random.nextInt(16);
        add(dp ? "vcvt.f32.f64" : "vcvt.f64.f32",
                VfpEncoding.vcvtPrecision(dp, dp ? s : random.nextInt(8), dp ? d : s), fpscr(), floats(dp));
        boolean signed = random.nextBoolean();
        add(name(signed ? "vcvt.from.s32" : "vcvt.from.u32", dp),
                VfpEncoding.vcvtFromInteger(dp, signed, d, s), fpscr(), integers());
        boolean towardsZero = random.nextBoolean();
        add(name((towardsZero ? "vcvt.to." : "vcvtr.to.") + (signed ? "s32" : "u32"), dp),
                VfpEncoding.vcvtToInteger(dp, signed, towardsZero, s, d), fpscr(), floats(dp));
        boolean toFixed = random.nextBoolean();
        boolean unsigned = random.nextBoolean();
        boolean size32 = random.nextBoolean();
        int imm5 = random.nextInt(4) == 0 ? random.nextInt(32) : size32 ? random.nextInt(32) : random.nextInt(17);
        String label = "vcvt.fixed." + (toFixed ? "to." : "from.") + (unsigned ? "u" : "s") + (size32 ? "32" : "16");
        add(name(label, dp), VfpEncoding.vcvtFixed(dp, toFixed, unsigned, size32, d, imm5), fpscr(),
                toFixed ? floats(dp) : integers());
    }

    private void halfConversions() {
        int d = reg(false);
        int m = reg(false);
        boolean top = random.nextBoolean();
        add(top ? "vcvtt.f32.f16" : "vcvtb.f32.f16", VfpEncoding.vcvtHalf(false, top, d, m), fpscr(), halves());
        add(top ? "vcvtt.f16.f32" : "vcvtb.f16.f32", VfpEncoding.vcvtHalf(true, top, d, m), fpscr(), floats(false));
    }

    /**
     * Encodings this core must refuse: VFPv4 fused operations, ARMv8 forms, reserved patterns. (The
     * Advanced SIMD transfers, VDUP and 8/16-bit scalar moves, are UNDEFINED here but not on QEMU's
     * cortex-a9, which has NEON: the unit tests cover them.)
     */
    private void undefinedCases() {
        int[] encodings = {
            0xeea00a81, 0xeea00ac1, 0xee900a81, 0xee900ac1, 0xeea00b02, // VFMA, VFMS, VFNMA, VFNMS
            0xee800ac1, // VDIV with bit 6 set
            0xeeb60a40, 0xeeb60ac0, 0xeeb70a40, // VRINTR, VRINTZ, VRINTX
            0xeeb90bc0, // VJCVT
            0xeeb20b40, 0xeeb30b40, // VCVTB between half and double
            0xeeb00a80, 0xeeb00a20, // VMOV immediate with bit 7 or bit 5 set
            0xeeb50a41, 0xeeb50a60, // VCMP #0 with non-zero Vm or M
            0xee000a30, 0xee000a50, 0xee000a11, // VMOV core/single with reserved bits
            0xeee90a10, 0xeef90a10, 0xeee50a10, // VMSR/VMRS FPINST, FPINST2, MVFR2
            0xec400a50, 0xec400b90, // 64-bit transfers with reserved bits
            0xec900a00, 0xec900b00, 0xedb00a01, 0xec300a01, 0xecbf0a01, // bad VLDM forms
            0xee000b11, // VMOV to a scalar with reserved bits
        };
        for (int insn : encodings) {
            add(String.format("undefined %08x", insn), insn, fpscr(), floats(false));
        }
    }

    private int[] randomCore() {
        return new int[] {random.nextInt(), random.nextInt(), random.nextInt(), random.nextInt()};
    }

    /** VMOV between core and extension registers, VMRS/VMSR of FPSCR, FPSID and FPEXC. */
    private void transfers() {
        int rt = random.nextInt(4);
        int rt2 = random.nextInt(4);
        boolean toCore = random.nextBoolean();
        int flagsTarget = toCore && random.nextInt(8) == 0 ? 15 : rt;
        add("vmov s<->r", VfpEncoding.vmovCoreSingle(toCore, random.nextInt(16), flagsTarget), fpscr(), floats(false),
                randomCore());
        add("vmov d[x]<->r", VfpEncoding.vmovCoreScalar(random.nextBoolean(), random.nextInt(8), random.nextInt(2), rt),
                fpscr(), floats(true), randomCore());
        boolean dp = random.nextBoolean();
        add(name("vmov two", dp), VfpEncoding.vmovTwo(dp, random.nextBoolean(), random.nextInt(dp ? 8 : 15), rt, rt2),
                fpscr(), floats(dp), randomCore());
        int reg = new int[] {0, 1, 1, 8}[random.nextInt(4)];
        boolean read = random.nextBoolean();
        int[] core = randomCore();
        if (!read && reg == 8 && random.nextBoolean()) {
            core[rt] |= VfpUnit.FPEXC_EN;
        }
        add((read ? "vmrs " : "vmsr ") + reg, read ? VfpEncoding.vmrs(reg, rt) : VfpEncoding.vmsr(reg, rt), fpscr(),
                floats(false), core);
    }

    /** VLDR/VSTR and VLDM/VSTM (FLDMX/FSTMX included) inside the runner's 64-byte window. */
    private void memory() {
        boolean dp = random.nextBoolean();
        boolean load = random.nextBoolean();
        int rn = random.nextInt(4);
        int[] core = randomCore();
        if (random.nextInt(3) == 0) {
            int address = 4 * random.nextInt(dp ? 15 : 16);
            int offset = 4 * (random.nextInt(33) - 16);
            core[rn] = VfpCaseRunner.WINDOW + address - offset;
            add(name(load ? "vldr" : "vstr", dp), VfpEncoding.vldr(load, dp, reg(dp), rn, offset), fpscr(), floats(dp),
                    core);
            return;
        }
        boolean increment = random.nextBoolean();
        boolean writeback = !increment || random.nextBoolean();
        int first = reg(dp);
        int count = 1 + random.nextInt((dp ? 8 : 16) - first);
        int imm8 = dp ? 2 * count + (count < 8 && random.nextInt(4) == 0 ? 1 : 0) : count;
        int span = 4 * imm8;
        int start = 4 * random.nextInt((64 - span) / 4 + 1);
        core[rn] = VfpCaseRunner.WINDOW + (increment ? start : start + span);
        String label = (load ? "vldm" : "vstm") + (increment ? "ia" : "db") + (writeback ? "!" : "");
        add(name(label, dp), VfpEncoding.vldm(load, dp, increment, writeback, rn, first, imm8), fpscr(), floats(dp),
                core);
    }

    private int[] floats(boolean dp) {
        int[] regs = new int[16];
        for (int i = 0; i < 16; i += dp ? 2 : 1) {
            if (dp) {
                long value = randomDouble();
                regs[i] = (int) value;
                regs[i + 1] = (int) (value >>> 32);
            } else {
                regs[i] = randomSingle();
            }
        }
        return regs;
    }

    /** Register contents with operand m often related to n: equal, negated or nearly so (cancellation, ties). */
    private int[] pairs(boolean dp, int n, int m) {
        int[] regs = floats(dp);
        if (n == m || random.nextInt(3) != 0) {
            return regs;
        }
        if (dp) {
            long a = (regs[2 * n] & 0xffffffffL) | ((long) regs[2 * n + 1] << 32);
            long b = relatedDouble(a);
            regs[2 * m] = (int) b;
            regs[2 * m + 1] = (int) (b >>> 32);
        } else {
            regs[m] = relatedSingle(regs[n]);
        }
        return regs;
    }

    private int relatedSingle(int a) {
        switch (random.nextInt(5)) {
            case 0:
                return a ^ 0x80000000;
            case 1:
                return a + random.nextInt(7) - 3;
            case 2:
                return (a ^ 0x80000000) + random.nextInt(7) - 3;
            case 3:
                return (random.nextInt(2) << 31) | (boundaryExponent((a >>> 23) & 0xff, 127, 254) & 0xff) << 23
                        | (random.nextInt() & 0x7fffff);
            default:
                return (a & 0xff800000) ^ (random.nextInt() & 0x807fffff);
        }
    }

    private long relatedDouble(long a) {
        switch (random.nextInt(5)) {
            case 0:
                return a ^ Long.MIN_VALUE;
            case 1:
                return a + random.nextInt(7) - 3;
            case 2:
                return (a ^ Long.MIN_VALUE) + random.nextInt(7) - 3;
            case 3:
                long exponent = boundaryExponent((int) (a >>> 52) & 0x7ff, 1023, 2046) & 0x7ff;
                return ((long) random.nextInt(2) << 63) | (exponent << 52) | (random.nextLong() & 0xfffffffffffffL);
            default:
                return (a & 0xfff0000000000000L) ^ (random.nextLong() & 0x800fffffffffffffL);
        }
    }

    /**
     * A biased exponent for b that puts a*b or a/b next to the bottom of the normal range, or a*b
     * next to overflow (bias and the largest normal biased exponent given).
     */
    private int boundaryExponent(int biasedA, int bias, int largest) {
        int delta = random.nextInt(4) - 1;
        switch (random.nextInt(3)) {
            case 0:
                return bias - biasedA + delta;
            case 1:
                return largest + bias - biasedA + delta;
            default:
                return biasedA + bias - 1 + delta;
        }
    }

    private int randomSingle() {
        int sign = random.nextInt(2) << 31;
        switch (random.nextInt(12)) {
            case 0:
            case 1:
                return SPECIAL_SINGLES[random.nextInt(SPECIAL_SINGLES.length)];
            case 2:
                return random.nextInt();
            case 3:
                return sign | (random.nextInt() & 0x7fffff); // denormal
            case 4:
                return sign | ((120 + random.nextInt(15)) << 23) | (random.nextInt() & 0x7fffff);
            case 5:
                return sign | ((230 + random.nextInt(25)) << 23) | (random.nextInt() & 0x7fffff);
            case 6:
                return sign | (random.nextInt(26) << 23) | (random.nextInt() & 0x7fffff);
            case 7:
                // Integers and half-integers around the conversion limits.
                double magnitude = Math.scalb((double) (random.nextInt(1 << 20) | 1), random.nextInt(14) + 10);
                return Float.floatToRawIntBits((float) (random.nextBoolean() ? magnitude : magnitude / 2048));
            case 8:
                return sign | 0x7f800000 | (random.nextBoolean() ? 0x400000 : 0) | (random.nextInt(0x3fffff) + 1);
            case 9:
                // Few significant bits: exact results, exact halves and ties.
                return sign | ((110 + random.nextInt(40)) << 23) | (random.nextInt(16) << 19);
            default:
                return sign | ((100 + random.nextInt(55)) << 23) | (random.nextInt() & 0x7fffff);
        }
    }

    private long randomDouble() {
        long sign = (long) random.nextInt(2) << 63;
        long fraction = random.nextLong() & 0xfffffffffffffL;
        switch (random.nextInt(12)) {
            case 0:
            case 1:
                return SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)];
            case 2:
                return random.nextLong();
            case 3:
                return sign | fraction;
            case 4:
                return sign | ((long) (1016 + random.nextInt(15)) << 52) | fraction;
            case 5:
                return sign | ((long) (2020 + random.nextInt(27)) << 52) | fraction;
            case 6:
                return sign | ((long) random.nextInt(60) << 52) | fraction;
            case 7:
                double magnitude = Math.scalb((double) (random.nextLong() >>> 12 | 1), random.nextInt(40) - 60);
                return Double.doubleToRawLongBits(random.nextBoolean() ? magnitude : -magnitude);
            case 8:
                return sign | 0x7ff0000000000000L | (random.nextBoolean() ? 0x8000000000000L : 0)
                        | ((random.nextLong() & 0x7ffffffffffffL) | 1);
            case 9:
                // Single-precision-sized values: ties and exact cases when narrowed or converted.
                return sign | ((long) (900 + random.nextInt(250)) << 52) | (fraction & 0xfffffe0000000L)
                        | (random.nextInt(4) == 0 ? 0x10000000L : 0);
            default:
                return sign | ((long) (960 + random.nextInt(130)) << 52) | fraction;
        }
    }

    private int[] integers() {
        int[] regs = new int[16];
        for (int i = 0; i < 16; i++) {
            switch (random.nextInt(6)) {
                case 0:
                    int[] special = {0, 1, -1, 0x7fffffff, 0x80000000, 0x7fff, 0x8000, 0xffff, 0x10000, 0x01000001,
                        0x00ffffff, 0x7fffff80, 0xfffffffe};
                    regs[i] = special[random.nextInt(special.length)];
                    break;
                case 1:
                    regs[i] = random.nextInt(1 << 16) | (random.nextInt() & 0xffff0000);
                    break;
                case 2:
                    regs[i] = random.nextInt(1 << 24) << random.nextInt(9);
                    break;
                default:
                    regs[i] = random.nextInt();
                    break;
            }
        }
        return regs;
    }

    private int[] halves() {
        int[] regs = new int[16];
        for (int i = 0; i < 16; i++) {
            regs[i] = randomHalf() | (randomHalf() << 16);
        }
        return regs;
    }

    private int randomHalf() {
        if (random.nextInt(3) == 0) {
            return SPECIAL_HALVES[random.nextInt(SPECIAL_HALVES.length)];
        }
        return random.nextInt(0x10000);
    }
}
