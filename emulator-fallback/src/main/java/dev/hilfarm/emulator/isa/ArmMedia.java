package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * The A32 media instructions (bits 27-25 = 011, bit 4 = 1; A5.4): parallel add/subtract,
 * packing, extension, saturation, reversal, SEL, the signed multiplies, USAD8/USADA8 and the
 * bit-field instructions. The permanently UNDEFINED UDF lives here too and simply is not matched.
 */
final class ArmMedia {
    private ArmMedia() {
    }

    static void execute(Cpu cpu, CpuState s, int insn) {
        int op1 = (insn >>> 20) & 0x1f;
        switch (op1 >>> 3) {
            case 0:
                parallel(s, insn, op1 & 7);
                return;
            case 1:
                packSaturateReverse(s, insn, op1 & 7);
                return;
            case 2:
                ArmMultiply.signedMultiply(s, insn);
                return;
            default:
                bitFields(s, insn, op1);
        }
    }

    private static void parallel(CpuState s, int insn, int prefix) {
        int op = (insn >>> 5) & 7;
        int rd = (insn >>> 12) & 0xf;
        if ((insn & 0xf00) != 0xf00 || !ParallelArithmetic.isValid(prefix, op)) {
            throw UndefinedInstruction.INSTANCE;
        }
        Registers.write(s, rd, ParallelArithmetic.execute(s, prefix, op, s.reg((insn >>> 16) & 0xf), s.reg(insn & 0xf)));
    }

    /** op1 = 01xxx: PKH, SSAT/USAT(16), the extends, SEL, REV/REV16/REVSH/RBIT. */
    private static void packSaturateReverse(CpuState s, int insn, int op) {
        int op2 = (insn >>> 5) & 7;
        int rd = (insn >>> 12) & 0xf;
        int rn = (insn >>> 16) & 0xf;
        int m = s.reg(insn & 0xf);
        if (op2 == 3) {
            // SXTAB16, SXTAB, SXTAH, UXTAB16, UXTAB, UXTAH (Rn = 15: the plain extends)
            if ((insn & 0x300) != 0 || !BitOperations.isExtend(op)) {
                throw UndefinedInstruction.INSTANCE;
            }
            int addend = rn == 15 ? 0 : s.r[rn];
            Registers.write(s, rd, BitOperations.extend(op, m, (insn >>> 7) & 0x18, addend));
            return;
        }
        int imm5 = (insn >>> 7) & 0x1f;
        boolean sh = (insn & 0x40) != 0;
        if ((op & 2) != 0 && (op2 & 1) == 0) {
            // SSAT (op 01x), USAT (op 11x): saturate position in bits 20-16
            int bits = (insn >>> 16) & 0x1f;
            if ((op & 4) == 0) {
                Registers.write(s, rd, BitOperations.signedSaturate(s, m, bits + 1, sh, imm5));
            } else {
                Registers.write(s, rd, BitOperations.unsignedSaturate(s, m, bits, sh, imm5));
            }
            return;
        }
        int shape = insn & 0xf00;
        switch (op) {
            case 0:
                if ((op2 & 1) == 0) {
                    Registers.write(s, rd, BitOperations.pack(s.reg(rn), m, sh, imm5));
                } else if (op2 == 5 && shape == 0xf00) {
                    Registers.write(s, rd, ParallelArithmetic.select(s, s.reg(rn), m));
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                return;
            case 2:
                if (op2 == 1 && shape == 0xf00) {
                    Registers.write(s, rd, BitOperations.signedSaturate16(s, m, rn + 1));
                    return;
                }
                throw UndefinedInstruction.INSTANCE;
            case 6:
                if (op2 == 1 && shape == 0xf00) {
                    Registers.write(s, rd, BitOperations.unsignedSaturate16(s, m, rn));
                    return;
                }
                throw UndefinedInstruction.INSTANCE;
            case 3:
                requireReverseShape(insn);
                if (op2 == 1) {
                    Registers.write(s, rd, Integer.reverseBytes(m));
                } else if (op2 == 5) {
                    Registers.write(s, rd, BitOperations.reverseHalfwords(m));
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                return;
            case 7:
                requireReverseShape(insn);
                if (op2 == 1) {
                    Registers.write(s, rd, Integer.reverse(m));
                } else if (op2 == 5) {
                    Registers.write(s, rd, BitOperations.reverseSignedHalfword(m));
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                return;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** REV, REV16, REVSH, RBIT have Rn and bits 11-8 all ones. */
    private static void requireReverseShape(int insn) {
        if ((insn & 0x000f0f00) != 0x000f0f00) {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    /** op1 = 11xxx: USAD8/USADA8, SBFX, BFC/BFI, UBFX. */
    private static void bitFields(CpuState s, int insn, int op1) {
        int op2 = (insn >>> 5) & 7;
        int rd = (insn >>> 12) & 0xf;
        int rn = insn & 0xf;
        int high = (insn >>> 16) & 0x1f; // msb, or width - 1
        int lsb = (insn >>> 7) & 0x1f;
        if (op1 == 0x18 && op2 == 0) {
            // USAD8 / USADA8: Rd in bits 19-16, Ra in 15-12 (15: no accumulate), Rm in 11-8
            int rdSad = (insn >>> 16) & 0xf;
            int ra = rd;
            int sum = ParallelArithmetic.sumAbsoluteDifferences(s.reg(rn), s.reg((insn >>> 8) & 0xf));
            Registers.write(s, rdSad, ra == 15 ? sum : sum + s.r[ra]);
            return;
        }
        switch (op1 & 0x1e) {
            case 0x1a: // SBFX
                if ((op2 & 3) != 2 || lsb + high > 31) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, BitOperations.signedBitFieldExtract(s.reg(rn), lsb, high + 1));
                return;
            case 0x1e: // UBFX
                if ((op2 & 3) != 2 || lsb + high > 31) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, BitOperations.unsignedBitFieldExtract(s.reg(rn), lsb, high + 1));
                return;
            case 0x1c: // BFI, BFC (Rn = 15)
                if ((op2 & 3) != 0 || high < lsb) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, BitOperations.bitFieldInsert(s.reg(rd), rn == 15 ? 0 : s.r[rn], lsb, high));
                return;
            default:
                throw UndefinedInstruction.INSTANCE; // includes UDF
        }
    }
}
