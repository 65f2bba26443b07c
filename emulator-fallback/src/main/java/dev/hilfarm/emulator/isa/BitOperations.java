package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.CpuState;

/**
 * Extend, pack, reverse, bit-field and saturation operations shared by both instruction sets
 * (SXTAB ... UXTH, PKHBT/PKHTB, REV/REV16/REVSH/RBIT, BFI/BFC/UBFX/SBFX, SSAT/USAT and their
 * 16-bit forms, QADD/QSUB/QDADD/QDSUB).
 */
final class BitOperations {
    /** Extend operations: A32 bits 22-20 of the extend-and-add instructions. */
    static final int SXTB16 = 0;
    static final int SXTB = 2;
    static final int SXTH = 3;
    static final int UXTB16 = 4;
    static final int UXTB = 6;
    static final int UXTH = 7;

    private BitOperations() {
    }

    /**
     * The extend-and-add family: {@code value} rotated right by {@code rotation} bits, extended,
     * and added to {@code addend} (0 for the plain extends). The 16 forms add per halfword.
     */
    static int extend(int op, int value, int rotation, int addend) {
        int v = Integer.rotateRight(value, rotation);
        switch (op) {
            case SXTB16:
                return ((addend + (byte) v) & 0xffff) | (((addend >>> 16) + (byte) (v >>> 16)) << 16);
            case SXTB:
                return addend + (byte) v;
            case SXTH:
                return addend + (short) v;
            case UXTB16:
                return ((addend + (v & 0xff)) & 0xffff) | (((addend >>> 16) + ((v >>> 16) & 0xff)) << 16);
            case UXTB:
                return addend + (v & 0xff);
            default: // UXTH
                return addend + (v & 0xffff);
        }
    }

    /** Whether {@code op} names an extend operation (1 and 5 do not). */
    static boolean isExtend(int op) {
        return op != 1 && op != 5;
    }

    /** PKHBT (bottom from Rn, top from Rm LSL) or PKHTB (top from Rn, bottom from Rm ASR; ASR #0 means #32). */
    static int pack(int n, int m, boolean topBottom, int imm5) {
        if (topBottom) {
            int shifted = imm5 == 0 ? m >> 31 : m >> imm5;
            return (n & 0xffff0000) | (shifted & 0xffff);
        }
        return ((m << imm5) & 0xffff0000) | (n & 0xffff);
    }

    static int reverseHalfwords(int value) {
        return ((value & 0x00ff00ff) << 8) | ((value >>> 8) & 0x00ff00ff);
    }

    /** REVSH: the bottom halfword byte-reversed and sign-extended. */
    static int reverseSignedHalfword(int value) {
        return (short) (((value & 0xff) << 8) | ((value >>> 8) & 0xff));
    }

    /** BFI (or BFC with {@code source} 0): bits lsb..msb of {@code dest} replaced. UNDEFINED when msb &lt; lsb is checked by callers. */
    static int bitFieldInsert(int dest, int source, int lsb, int msb) {
        int width = msb - lsb + 1;
        int mask = (width == 32 ? -1 : (1 << width) - 1) << lsb;
        return (dest & ~mask) | ((source << lsb) & mask);
    }

    static int unsignedBitFieldExtract(int value, int lsb, int width) {
        int shifted = value >>> lsb;
        return width == 32 ? shifted : shifted & ((1 << width) - 1);
    }

    static int signedBitFieldExtract(int value, int lsb, int width) {
        return (value << (32 - lsb - width)) >> (32 - width);
    }

    /** SSAT: the (optionally shifted) operand saturated to {@code bits} signed bits, setting Q when it clips. */
    static int signedSaturate(CpuState s, int value, int bits, boolean arithmeticShift, int imm5) {
        int operand = arithmeticShift ? (imm5 == 0 ? value >> 31 : value >> imm5) : value << imm5;
        return Alu.signedSaturateQ(s, operand, bits);
    }

    static int unsignedSaturate(CpuState s, int value, int bits, boolean arithmeticShift, int imm5) {
        int operand = arithmeticShift ? (imm5 == 0 ? value >> 31 : value >> imm5) : value << imm5;
        return Alu.unsignedSaturateQ(s, operand, bits);
    }

    /** SSAT16: each signed halfword saturated to {@code bits} (1-16) bits. */
    static int signedSaturate16(CpuState s, int value, int bits) {
        int lo = Alu.signedSaturateQ(s, (short) value, bits);
        int hi = Alu.signedSaturateQ(s, value >> 16, bits);
        return (lo & 0xffff) | (hi << 16);
    }

    /** USAT16: each signed halfword saturated to {@code bits} (0-15) unsigned bits. */
    static int unsignedSaturate16(CpuState s, int value, int bits) {
        int lo = Alu.unsignedSaturateQ(s, (short) value, bits);
        int hi = Alu.unsignedSaturateQ(s, value >> 16, bits);
        return (lo & 0xffff) | (hi << 16);
    }

    /** QADD, QSUB, QDADD, QDSUB (op 0-3): Rm plus or minus Rn (doubled with saturation first for the D forms). */
    static int saturatingArithmetic(CpuState s, int op, int m, int n) {
        long operand = n;
        if ((op & 2) != 0) {
            operand = Alu.signedSaturateQ(s, 2L * n, 32);
        }
        long exact = (op & 1) == 0 ? (long) m + operand : (long) m - operand;
        return Alu.signedSaturateQ(s, exact, 32);
    }
}
