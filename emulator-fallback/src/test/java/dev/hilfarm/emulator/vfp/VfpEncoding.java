package dev.hilfarm.emulator.vfp;

/**
 * A32 encodings of the VFP instructions, condition AL, for driving {@link VfpUnit} in tests.
 * Register numbers are in the instruction's own precision (S or D numbers).
 */
final class VfpEncoding {
    static final int AL = 0xe0000000;

    // opc1 (bits 23, 21, 20) and bit 6 of the three-operand operations.
    static final int VMLA = 0;
    static final int VMLS = 1;
    static final int VNMLS = 2;
    static final int VNMLA = 3;
    static final int VMUL = 4;
    static final int VNMUL = 5;
    static final int VADD = 6;
    static final int VSUB = 7;
    static final int VDIV = 8;
    static final String[] THREE_OPERAND_NAMES = {"vmla", "vmls", "vnmls", "vnmla", "vmul", "vnmul", "vadd", "vsub",
        "vdiv"};

    private VfpEncoding() {
    }

    static int vd(int reg, boolean dp) {
        return dp ? ((reg & 0xf) << 12) | ((reg >> 4) << 22) : ((reg >> 1) << 12) | ((reg & 1) << 22);
    }

    static int vn(int reg, boolean dp) {
        return dp ? ((reg & 0xf) << 16) | ((reg >> 4) << 7) : ((reg >> 1) << 16) | ((reg & 1) << 7);
    }

    static int vm(int reg, boolean dp) {
        return dp ? (reg & 0xf) | ((reg >> 4) << 5) : (reg >> 1) | ((reg & 1) << 5);
    }

    private static int base(boolean dp) {
        return AL | 0x0e000a00 | (dp ? 0x100 : 0);
    }

    private static int opc1(int value) {
        return ((value & 4) << 21) | ((value & 3) << 20);
    }

    /** VMLA ... VDIV: op is one of the constants above. */
    static int threeOperand(int op, boolean dp, int d, int n, int m) {
        int opc1 = op == VDIV ? 4 : op >> 1;
        int bit6 = op == VDIV ? 0 : op & 1;
        return base(dp) | opc1(opc1) | (bit6 << 6) | vd(d, dp) | vn(n, dp) | vm(m, dp);
    }

    /** The opc1 = 0b1x11, bit 6 = 1 group: opc2 in bits 19-16, bit 7 as given. */
    static int other(int opc2, int bit7, boolean dpSize, int dField, int mField) {
        return base(dpSize) | opc1(7) | (opc2 << 16) | (bit7 << 7) | (1 << 6) | dField | mField;
    }

    static int vmovImmediate(boolean dp, int d, int imm8) {
        return base(dp) | opc1(7) | ((imm8 >> 4) << 16) | (imm8 & 0xf) | vd(d, dp);
    }

    static int vmovRegister(boolean dp, int d, int m) {
        return other(0, 0, dp, vd(d, dp), vm(m, dp));
    }

    static int vabs(boolean dp, int d, int m) {
        return other(0, 1, dp, vd(d, dp), vm(m, dp));
    }

    static int vneg(boolean dp, int d, int m) {
        return other(1, 0, dp, vd(d, dp), vm(m, dp));
    }

    static int vsqrt(boolean dp, int d, int m) {
        return other(1, 1, dp, vd(d, dp), vm(m, dp));
    }

    static int vcmp(boolean dp, boolean e, int d, int m) {
        return other(4, e ? 1 : 0, dp, vd(d, dp), vm(m, dp));
    }

    static int vcmpZero(boolean dp, boolean e, int d) {
        return other(5, e ? 1 : 0, dp, vd(d, dp), 0);
    }

    /** VCVT.F64.F32 Dd, Sm (fromDouble false) or VCVT.F32.F64 Sd, Dm. */
    static int vcvtPrecision(boolean fromDouble, int d, int m) {
        return other(7, 1, fromDouble, vd(d, !fromDouble), vm(m, fromDouble));
    }

    /** VCVT.F32/F64.S32/U32 Sd/Dd, Sm. */
    static int vcvtFromInteger(boolean toDouble, boolean signed, int d, int m) {
        return other(8, signed ? 1 : 0, toDouble, vd(d, toDouble), vm(m, false));
    }

    /** VCVT(R).S32/U32.F32/F64 Sd, Sm/Dm; towardsZero selects VCVT, otherwise VCVTR. */
    static int vcvtToInteger(boolean fromDouble, boolean signed, boolean towardsZero, int d, int m) {
        return other(signed ? 13 : 12, towardsZero ? 1 : 0, fromDouble, vd(d, false), vm(m, fromDouble));
    }

    /** VCVT between floating and fixed point, in place; imm5 = size - fraction bits. */
    static int vcvtFixed(boolean dp, boolean toFixed, boolean unsigned, boolean size32, int d, int imm5) {
        int opc2 = 0b1010 | (toFixed ? 4 : 0) | (unsigned ? 1 : 0);
        return other(opc2, size32 ? 1 : 0, dp, vd(d, dp), (imm5 >> 1) | ((imm5 & 1) << 5));
    }

    /** VCVTB/VCVTT: toHalf selects F16.F32, top selects VCVTT. */
    static int vcvtHalf(boolean toHalf, boolean top, int d, int m) {
        return other(toHalf ? 3 : 2, top ? 1 : 0, false, vd(d, false), vm(m, false));
    }

    static int vmrs(int reg, int rt) {
        return AL | 0x0ef00a10 | (reg << 16) | (rt << 12);
    }

    static int vmsr(int reg, int rt) {
        return AL | 0x0ee00a10 | (reg << 16) | (rt << 12);
    }

    /** VMOV Sn, Rt (toCore false) or VMOV Rt, Sn. */
    static int vmovCoreSingle(boolean toCore, int sn, int rt) {
        return AL | 0x0e000a10 | (toCore ? 1 << 20 : 0) | vn(sn, false) | (rt << 12);
    }

    /** VMOV Dn[x], Rt (toCore false) or VMOV Rt, Dn[x]. */
    static int vmovCoreScalar(boolean toCore, int dn, int x, int rt) {
        return AL | 0x0e000b10 | (toCore ? 1 << 20 : 0) | (x << 21) | vn(dn, true) | (rt << 12);
    }

    /** VMOV Dm, Rt, Rt2 / VMOV Rt, Rt2, Dm (dp) or the Sm, Sm+1 forms. */
    static int vmovTwo(boolean dp, boolean toCore, int m, int rt, int rt2) {
        return AL | 0x0c400a10 | (dp ? 0x100 : 0) | (toCore ? 1 << 20 : 0) | (rt2 << 16) | (rt << 12) | vm(m, dp);
    }

    /** VLDR/VSTR Sd/Dd, [Rn, #+/-imm8*4]. */
    static int vldr(boolean load, boolean dp, int d, int rn, int offset) {
        int u = offset >= 0 ? 1 << 23 : 0;
        int imm8 = Math.abs(offset) >> 2;
        return AL | 0x0d000a00 | u | (load ? 1 << 20 : 0) | (dp ? 0x100 : 0) | vd(d, dp) | (rn << 16) | imm8;
    }

    /** VLDM/VSTM: increment-after (optional writeback) or decrement-before (writeback). */
    static int vldm(boolean load, boolean dp, boolean increment, boolean writeback, int rn, int first, int imm8) {
        int pu = increment ? 1 << 23 : 1 << 24;
        return AL | 0x0c000a00 | pu | (writeback ? 1 << 21 : 0) | (load ? 1 << 20 : 0) | (dp ? 0x100 : 0)
                | vd(first, dp) | (rn << 16) | imm8;
    }
}
