package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.CpuState;

/**
 * The arithmetic both instruction sets share: add-with-carry and its flags, the barrel shifter
 * with its carry-out, immediate expansion, and saturation (A2.2-A2.4 and A5.2.4 of the ARMv7-A
 * reference manual).
 *
 * <p>Results and carries come from separate methods so nothing is allocated and the common case
 * (no flags wanted) computes no carry at all. Flags in {@link CpuState} hold 0 or 1.
 */
public final class Alu {
    public static final int LSL = 0;
    public static final int LSR = 1;
    public static final int ASR = 2;
    public static final int ROR = 3;

    private Alu() {
    }

    /** a + b + carry, setting N, Z, C and V. */
    public static int addWithCarry(CpuState s, int a, int b, int carry) {
        int r = a + b + carry;
        s.n = r >>> 31;
        s.z = r == 0 ? 1 : 0;
        // Unsigned carry out of bit 31, and signed overflow, from the operand and result signs.
        s.c = ((a & b) | ((a | b) & ~r)) >>> 31;
        s.v = ((a ^ r) & (b ^ r)) >>> 31;
        return r;
    }

    /** a + b, setting N, Z, C and V. */
    public static int addFlags(CpuState s, int a, int b) {
        return addWithCarry(s, a, b, 0);
    }

    /** a - b, setting flags as ARM does (C = NOT borrow). */
    public static int subFlags(CpuState s, int a, int b) {
        return addWithCarry(s, a, ~b, 1);
    }

    /** Sets N and Z from a logical result and C from the shifter. */
    public static int logicFlags(CpuState s, int result, int shifterCarry) {
        s.n = result >>> 31;
        s.z = result == 0 ? 1 : 0;
        s.c = shifterCarry;
        return result;
    }

    // ----- shifts with an immediate amount (DecodeImmShift: LSR/ASR #0 mean #32, ROR #0 means RRX) -----

    public static int shiftImm(int value, int type, int imm5, int carryIn) {
        switch (type) {
            case LSL:
                return value << imm5;
            case LSR:
                return imm5 == 0 ? 0 : value >>> imm5;
            case ASR:
                return imm5 == 0 ? value >> 31 : value >> imm5;
            default:
                return imm5 == 0 ? (carryIn << 31) | (value >>> 1) : Integer.rotateRight(value, imm5);
        }
    }

    public static int shiftImmCarry(int value, int type, int imm5, int carryIn) {
        switch (type) {
            case LSL:
                return imm5 == 0 ? carryIn : (value >>> (32 - imm5)) & 1;
            case LSR:
                return imm5 == 0 ? value >>> 31 : (value >>> (imm5 - 1)) & 1;
            case ASR:
                return imm5 == 0 ? value >>> 31 : (value >> (imm5 - 1)) & 1;
            default:
                return imm5 == 0 ? value & 1 : (value >>> (imm5 - 1)) & 1;
        }
    }

    // ----- shifts by a register (the bottom byte of Rs, 0-255) -----

    public static int shiftReg(int value, int type, int amount) {
        switch (type) {
            case LSL:
                return amount >= 32 ? 0 : value << amount;
            case LSR:
                return amount >= 32 ? 0 : value >>> amount;
            case ASR:
                return amount >= 32 ? value >> 31 : value >> amount;
            default:
                return Integer.rotateRight(value, amount & 31);
        }
    }

    public static int shiftRegCarry(int value, int type, int amount, int carryIn) {
        if (amount == 0) {
            return carryIn;
        }
        switch (type) {
            case LSL:
                return amount > 32 ? 0 : (int) (((long) value << amount) >>> 32) & 1;
            case LSR:
                return amount > 32 ? 0 : (int) ((value & 0xffffffffL) >>> (amount - 1)) & 1;
            case ASR:
                return amount >= 32 ? value >>> 31 : (value >> (amount - 1)) & 1;
            default:
                return (Integer.rotateRight(value, amount & 31)) >>> 31;
        }
    }

    // ----- modified immediates -----

    /** ARMExpandImm: an 8-bit value rotated right by twice the 4-bit rotation. */
    public static int armExpandImm(int imm12) {
        return Integer.rotateRight(imm12 & 0xff, (imm12 >>> 7) & 0x1e);
    }

    public static int armExpandImmCarry(int imm12, int carryIn) {
        return (imm12 & 0xf00) == 0 ? carryIn : armExpandImm(imm12) >>> 31;
    }

    /** ThumbExpandImm: byte replication patterns, or a rotated 1:imm7. */
    public static int thumbExpandImm(int imm12) {
        int imm8 = imm12 & 0xff;
        if ((imm12 & 0xc00) == 0) {
            switch ((imm12 >>> 8) & 3) {
                case 0:
                    return imm8;
                case 1:
                    return imm8 * 0x00010001;
                case 2:
                    return imm8 * 0x01000100;
                default:
                    return imm8 * 0x01010101;
            }
        }
        return Integer.rotateRight(0x80 | (imm12 & 0x7f), imm12 >>> 7);
    }

    public static int thumbExpandImmCarry(int imm12, int carryIn) {
        return (imm12 & 0xc00) == 0 ? carryIn : thumbExpandImm(imm12) >>> 31;
    }

    // ----- saturation -----

    /** Saturates to a signed {@code bits}-bit range (1-32), setting Q when it clips. */
    public static int signedSaturateQ(CpuState s, long value, int bits) {
        long max = (1L << (bits - 1)) - 1;
        long min = -(1L << (bits - 1));
        if (value > max) {
            s.q = 1;
            return (int) max;
        }
        if (value < min) {
            s.q = 1;
            return (int) min;
        }
        return (int) value;
    }

    /** Saturates to an unsigned {@code bits}-bit range (0-31), setting Q when it clips. */
    public static int unsignedSaturateQ(CpuState s, long value, int bits) {
        long max = (1L << bits) - 1;
        if (value > max) {
            s.q = 1;
            return (int) max;
        }
        if (value < 0) {
            s.q = 1;
            return 0;
        }
        return (int) value;
    }

    /** Signed saturation without touching Q (the parallel QADD16 family). */
    public static int signedSaturate(int value, int bits) {
        int max = (1 << (bits - 1)) - 1;
        int min = -(1 << (bits - 1));
        return value > max ? max : value < min ? min : value;
    }

    /** Unsigned saturation without touching Q (the parallel UQADD16 family). */
    public static int unsignedSaturate(int value, int bits) {
        int max = (1 << bits) - 1;
        return value > max ? max : value < 0 ? 0 : value;
    }
}
