package dev.hilfarm.emulator.vfp;

import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * The VFP data-processing instructions (A7.5 of the ARMv7-A manual: coprocessor 10/11, bits 27-24 =
 * 0b1110, bit 4 = 0): arithmetic, VMOV immediate and register, VABS, VNEG, VSQRT, VCMP and every
 * VCVT form of VFPv3 with half-precision conversion.
 *
 * <p>Encodings that belong to later architecture versions (fused multiply-add, VRINT, VJCVT,
 * double to half) or that are reserved are UNDEFINED, as are double-precision accesses to D16-D31,
 * which this VFPv3-D16 unit does not have.
 *
 * <p>Short vectors: as QEMU's cortex-a9 does, the arithmetic, VMOV, VABS, VNEG and VSQRT honour
 * FPSCR.LEN and STRIDE. A destination in the first bank (s0-s7, d0-d3) makes the operation scalar;
 * a second operand in the first bank makes it "mixed" (that operand is reused for every element);
 * register numbers wrap within their bank of eight singles or four doubles. VCMP and VCVT are always
 * scalar.
 */
final class VfpDataProcessing {
    // Three-operand operations: opc1 (bits 23, 21, 20) times two plus bit 6.
    private static final int VMLA = 0;
    private static final int VMLS = 1;
    private static final int VNMLS = 2;
    private static final int VNMLA = 3;
    private static final int VMUL = 4;
    private static final int VNMUL = 5;
    private static final int VADD = 6;
    private static final int VSUB = 7;
    private static final int VDIV = 8;

    // Two-operand vector-capable operations.
    private static final int VMOV = 0;
    private static final int VABS = 1;
    private static final int VNEG = 2;
    private static final int VSQRT = 3;

    private final int[] s;
    private final Fpscr fpscr;

    VfpDataProcessing(int[] singles, Fpscr fpscr) {
        this.s = singles;
        this.fpscr = fpscr;
    }

    void execute(int insn) {
        boolean dp = (insn & (1 << 8)) != 0;
        int opc1 = ((insn >>> 21) & 4) | ((insn >>> 20) & 3);
        int op6 = (insn >>> 6) & 1;
        if (opc1 < 4) {
            threeOperand(insn, dp, opc1 * 2 + op6);
        } else if (opc1 == 4) {
            if (op6 != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            threeOperand(insn, dp, VDIV);
        } else if (opc1 != 7) {
            throw UndefinedInstruction.INSTANCE; // VFMA, VFMS, VFNMA, VFNMS: VFPv4
        } else if (op6 == 0) {
            if ((insn & 0xa0) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            moveImmediate(insn, dp);
        } else {
            other(insn, dp);
        }
    }

    private static int singleD(int insn) {
        return ((insn >>> 11) & 0x1e) | ((insn >>> 22) & 1);
    }

    private static int singleN(int insn) {
        return ((insn >>> 15) & 0x1e) | ((insn >>> 7) & 1);
    }

    private static int singleM(int insn) {
        return ((insn << 1) & 0x1e) | ((insn >>> 5) & 1);
    }

    private static int doubleD(int insn) {
        return checkDouble(((insn >>> 18) & 0x10) | ((insn >>> 12) & 0xf));
    }

    private static int doubleN(int insn) {
        return checkDouble(((insn >>> 3) & 0x10) | ((insn >>> 16) & 0xf));
    }

    private static int doubleM(int insn) {
        return checkDouble(((insn >>> 1) & 0x10) | (insn & 0xf));
    }

    /** D16-D31 do not exist on a VFPv3-D16 unit. */
    private static int checkDouble(int d) {
        if (d >= 16) {
            throw UndefinedInstruction.INSTANCE;
        }
        return d;
    }

    private long d(int i) {
        return (s[2 * i] & 0xffffffffL) | ((long) s[2 * i + 1] << 32);
    }

    private void setD(int i, long value) {
        s[2 * i] = (int) value;
        s[2 * i + 1] = (int) (value >>> 32);
    }

    /** Register distance between vector elements, from FPSCR.STRIDE; 0b11 is stride 2. */
    private int vectorDelta(boolean dp) {
        int stride = fpscr.vectorStride();
        if (dp) {
            return (stride >> 1) + 1;
        }
        return stride == 3 ? 2 : stride + 1; // 0b01 and 0b10 are UNPREDICTABLE: QEMU's reading
    }

    private static boolean firstBank(int reg, boolean dp) {
        return (reg & (dp ? 0xc : 0x18)) == 0;
    }

    private static int advance(int reg, int delta, boolean dp) {
        int mask = dp ? 3 : 7;
        return ((reg + delta) & mask) | (reg & ~mask);
    }

    private void threeOperand(int insn, boolean dp, int op) {
        int vd = dp ? doubleD(insn) : singleD(insn);
        int vn = dp ? doubleN(insn) : singleN(insn);
        int vm = dp ? doubleM(insn) : singleM(insn);
        int remaining = fpscr.vectorLength();
        int deltaD = 0;
        int deltaM = 0;
        if (remaining > 0) {
            if (firstBank(vd, dp)) {
                remaining = 0;
            } else {
                deltaD = vectorDelta(dp);
                deltaM = firstBank(vm, dp) ? 0 : deltaD;
            }
        }
        while (true) {
            if (dp) {
                setD(vd, arithmetic64(op, d(vd), d(vn), d(vm)));
            } else {
                s[vd] = arithmetic32(op, s[vd], s[vn], s[vm]);
            }
            if (remaining == 0) {
                return;
            }
            remaining--;
            vd = advance(vd, deltaD, dp);
            vn = advance(vn, deltaD, dp);
            vm = advance(vm, deltaM, dp);
        }
    }

    private int arithmetic32(int op, int d, int n, int m) {
        Fpscr f = fpscr;
        switch (op) {
            case VMLA:
                return SinglePrecision.add(f, d, SinglePrecision.multiply(f, n, m));
            case VMLS:
                return SinglePrecision.add(f, d, SinglePrecision.multiply(f, n, m) ^ SinglePrecision.SIGN);
            case VNMLS:
                return SinglePrecision.add(f, d ^ SinglePrecision.SIGN, SinglePrecision.multiply(f, n, m));
            case VNMLA:
                return SinglePrecision.add(f, d ^ SinglePrecision.SIGN,
                        SinglePrecision.multiply(f, n, m) ^ SinglePrecision.SIGN);
            case VMUL:
                return SinglePrecision.multiply(f, n, m);
            case VNMUL:
                return SinglePrecision.multiply(f, n, m) ^ SinglePrecision.SIGN;
            case VADD:
                return SinglePrecision.add(f, n, m);
            case VSUB:
                return SinglePrecision.subtract(f, n, m);
            default:
                return SinglePrecision.divide(f, n, m);
        }
    }

    private long arithmetic64(int op, long d, long n, long m) {
        Fpscr f = fpscr;
        switch (op) {
            case VMLA:
                return DoublePrecision.add(f, d, DoublePrecision.multiply(f, n, m));
            case VMLS:
                return DoublePrecision.add(f, d, DoublePrecision.multiply(f, n, m) ^ DoublePrecision.SIGN);
            case VNMLS:
                return DoublePrecision.add(f, d ^ DoublePrecision.SIGN, DoublePrecision.multiply(f, n, m));
            case VNMLA:
                return DoublePrecision.add(f, d ^ DoublePrecision.SIGN,
                        DoublePrecision.multiply(f, n, m) ^ DoublePrecision.SIGN);
            case VMUL:
                return DoublePrecision.multiply(f, n, m);
            case VNMUL:
                return DoublePrecision.multiply(f, n, m) ^ DoublePrecision.SIGN;
            case VADD:
                return DoublePrecision.add(f, n, m);
            case VSUB:
                return DoublePrecision.subtract(f, n, m);
            default:
                return DoublePrecision.divide(f, n, m);
        }
    }

    /** VMOV (immediate): VFPExpandImm of imm4H:imm4L, written to every element of a vector. */
    private void moveImmediate(int insn, boolean dp) {
        int imm8 = ((insn >>> 12) & 0xf0) | (insn & 0xf);
        int vd = dp ? doubleD(insn) : singleD(insn);
        int remaining = fpscr.vectorLength();
        int deltaD = 0;
        if (remaining > 0) {
            if (firstBank(vd, dp)) {
                remaining = 0;
            } else {
                deltaD = vectorDelta(dp);
            }
        }
        int sign = imm8 >>> 7;
        int b6 = (imm8 >>> 6) & 1;
        int low6 = imm8 & 0x3f;
        long value;
        if (dp) {
            // sign : NOT(b6) : b6 x 8 : imm8<5:0> : zeros(48)
            long high = ((long) sign << 15) | (b6 != 0 ? 0x3fc0 : 0x4000) | low6;
            value = high << 48;
        } else {
            // sign : NOT(b6) : b6 x 5 : imm8<5:0> : zeros(19)
            int high = (sign << 15) | (b6 != 0 ? 0x3e00 : 0x4000) | (low6 << 3);
            value = (long) high << 16;
        }
        while (true) {
            if (dp) {
                setD(vd, value);
            } else {
                s[vd] = (int) value;
            }
            if (remaining == 0) {
                return;
            }
            remaining--;
            vd = advance(vd, deltaD, dp);
        }
    }

    /** opc1 = 0b1x11 with bit 6 set: the two-register operations, compares and conversions. */
    private void other(int insn, boolean dp) {
        int opc2 = (insn >>> 16) & 0xf;
        boolean bit7 = (insn & (1 << 7)) != 0;
        switch (opc2) {
            case 0:
                twoOperand(insn, dp, bit7 ? VABS : VMOV);
                break;
            case 1:
                twoOperand(insn, dp, bit7 ? VSQRT : VNEG);
                break;
            case 2:
            case 3:
                if (dp) {
                    throw UndefinedInstruction.INSTANCE; // half <-> double needs ARMv8
                }
                convertHalf(insn, opc2 == 3, bit7);
                break;
            case 4:
            case 5:
                compare(insn, dp, opc2 == 5, bit7);
                break;
            case 7:
                if (!bit7) {
                    throw UndefinedInstruction.INSTANCE; // VRINTX
                }
                if (dp) {
                    s[singleD(insn)] = FpConversions.doubleToSingle(fpscr, d(doubleM(insn)));
                } else {
                    int m = singleM(insn);
                    setD(doubleD(insn), FpConversions.singleToDouble(fpscr, s[m]));
                }
                break;
            case 8:
                integerToFloat(insn, dp, bit7);
                break;
            case 10:
            case 11:
            case 14:
            case 15:
                fixedPoint(insn, dp, opc2, bit7);
                break;
            case 12:
            case 13:
                floatToInteger(insn, dp, opc2 == 13, bit7);
                break;
            default:
                throw UndefinedInstruction.INSTANCE; // VRINTR/VRINTZ, VJCVT
        }
    }

    private void twoOperand(int insn, boolean dp, int op) {
        int vd = dp ? doubleD(insn) : singleD(insn);
        int vm = dp ? doubleM(insn) : singleM(insn);
        int remaining = fpscr.vectorLength();
        int deltaD = 0;
        int deltaM = 0;
        if (remaining > 0) {
            if (firstBank(vd, dp)) {
                remaining = 0;
            } else {
                deltaD = vectorDelta(dp);
                deltaM = firstBank(vm, dp) ? 0 : deltaD;
            }
        }
        while (true) {
            if (dp) {
                setD(vd, unary64(op, d(vm)));
            } else {
                s[vd] = unary32(op, s[vm]);
            }
            if (remaining == 0) {
                return;
            }
            remaining--;
            vd = advance(vd, deltaD, dp);
            vm = advance(vm, deltaM, dp);
        }
    }

    private int unary32(int op, int m) {
        switch (op) {
            case VMOV:
                return m;
            case VABS:
                return m & ~SinglePrecision.SIGN;
            case VNEG:
                return m ^ SinglePrecision.SIGN;
            default:
                return SinglePrecision.squareRoot(fpscr, m);
        }
    }

    private long unary64(int op, long m) {
        switch (op) {
            case VMOV:
                return m;
            case VABS:
                return m & ~DoublePrecision.SIGN;
            case VNEG:
                return m ^ DoublePrecision.SIGN;
            default:
                return DoublePrecision.squareRoot(fpscr, m);
        }
    }

    /** VCMP/VCMPE (E = bit 7), against a register or, with opc2 = 0b0101, against +0.0. */
    private void compare(int insn, boolean dp, boolean withZero, boolean signalQuiet) {
        if (withZero && (insn & 0x2f) != 0) {
            throw UndefinedInstruction.INSTANCE; // the Vm and M fields must be zero
        }
        int nzcv;
        if (dp) {
            long a = d(doubleD(insn));
            long b = withZero ? 0 : d(doubleM(insn));
            nzcv = DoublePrecision.compare(fpscr, a, b, signalQuiet);
        } else {
            int a = s[singleD(insn)];
            int b = withZero ? 0 : s[singleM(insn)];
            nzcv = SinglePrecision.compare(fpscr, a, b, signalQuiet);
        }
        fpscr.setComparison(nzcv);
    }

    /** VCVTB (T clear, bits 15-0) and VCVTT (T set, bits 31-16) between half and single precision. */
    private void convertHalf(int insn, boolean toHalf, boolean top) {
        int vd = singleD(insn);
        int vm = singleM(insn);
        if (toHalf) {
            int half = FpConversions.singleToHalf(fpscr, s[vm]);
            s[vd] = top ? (s[vd] & 0xffff) | (half << 16) : (s[vd] & 0xffff0000) | half;
        } else {
            int half = top ? s[vm] >>> 16 : s[vm] & 0xffff;
            s[vd] = FpConversions.halfToSingle(fpscr, half);
        }
    }

    /** VCVT.F32/F64.S32/U32: from a 32-bit integer in Sm, in the FPSCR's rounding mode. */
    private void integerToFloat(int insn, boolean dp, boolean signed) {
        int raw = s[singleM(insn)];
        long value = signed ? raw : raw & 0xffffffffL;
        if (dp) {
            setD(doubleD(insn), FpConversions.fixedToDouble(fpscr, value, 0, fpscr.roundingMode()));
        } else {
            s[singleD(insn)] = FpConversions.fixedToSingle(fpscr, value, 0, fpscr.roundingMode());
        }
    }

    /** VCVT/VCVTR.S32/U32: to Sd, towards zero (bit 7 set) or in the FPSCR's mode (VCVTR). */
    private void floatToInteger(int insn, boolean dp, boolean signed, boolean towardsZero) {
        int rmode = towardsZero ? Fpscr.ROUND_ZERO : fpscr.roundingMode();
        int result;
        if (dp) {
            result = FpConversions.doubleToFixed(fpscr, d(doubleM(insn)), 0, 32, !signed, rmode);
        } else {
            result = FpConversions.singleToFixed(fpscr, s[singleM(insn)], 0, 32, !signed, rmode);
        }
        s[singleD(insn)] = result;
    }

    /**
     * VCVT between floating point and fixed point, in place: bit 18 (op) converts to fixed point
     * (rounding towards zero), otherwise from fixed point (always to nearest, as the AArch32
     * pseudocode says); bit 16 selects unsigned, bit 7 a 32-bit rather than 16-bit fixed-point
     * value, and fraction bits = size - imm5 (imm4:i in the Vm:M position).
     */
    private void fixedPoint(int insn, boolean dp, int opc2, boolean size32) {
        boolean toFixed = (opc2 & 4) != 0;
        boolean unsigned = (opc2 & 1) != 0;
        int size = size32 ? 32 : 16;
        int fractionBits = size - singleM(insn);
        int vd = dp ? doubleD(insn) : singleD(insn);
        if (toFixed) {
            int result = dp
                    ? FpConversions.doubleToFixed(fpscr, d(vd), fractionBits, size, unsigned, Fpscr.ROUND_ZERO)
                    : FpConversions.singleToFixed(fpscr, s[vd], fractionBits, size, unsigned, Fpscr.ROUND_ZERO);
            // The fixed-point value fills the register, sign- or zero-extended.
            if (dp) {
                setD(vd, unsigned ? result & 0xffffffffL : result);
            } else {
                s[vd] = result;
            }
        } else {
            int raw = dp ? (int) d(vd) : s[vd];
            long value;
            if (size32) {
                value = unsigned ? raw & 0xffffffffL : raw;
            } else {
                value = unsigned ? raw & 0xffff : (short) raw;
            }
            if (dp) {
                setD(vd, FpConversions.fixedToDouble(fpscr, value, fractionBits, Fpscr.ROUND_NEAREST));
            } else {
                s[vd] = FpConversions.fixedToSingle(fpscr, value, fractionBits, Fpscr.ROUND_NEAREST);
            }
        }
    }
}
