package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * 32-bit Thumb data processing (A6.3.1-A6.3.5, A6.3.12-A6.3.17): modified and plain immediates,
 * shifted registers, register-controlled shifts, extends, parallel and saturating arithmetic,
 * REV/RBIT/CLZ/SEL, and the multiplies. UDIV/SDIV are UNDEFINED on the Cortex-A9.
 *
 * <p>{@code insn} is hw1:hw2. Common fields: Rn = bits 19-16, Rd = bits 11-8, Rm = bits 3-0.
 * Results written to the PC (UNPREDICTABLE in T32) branch, as in QEMU ({@link Registers}).
 */
final class Thumb32DataProcessing {
    // T32 data-processing opcodes (bits 24-21).
    private static final int AND = 0;
    private static final int BIC = 1;
    private static final int ORR = 2;
    private static final int ORN = 3;
    private static final int EOR = 4;
    private static final int PKH = 6;
    private static final int ADD = 8;
    private static final int ADC = 10;
    private static final int SBC = 11;
    private static final int SUB = 13;
    private static final int RSB = 14;

    private static final int S_BIT = 1 << 20;

    /** T32 parallel-arithmetic operation (hw1 bits 6-4) to the A32 numbering ParallelArithmetic uses. */
    private static final int[] PARALLEL_OP = {
        ParallelArithmetic.ADD8, ParallelArithmetic.ADD16, ParallelArithmetic.ASX, -1,
        ParallelArithmetic.SUB8, ParallelArithmetic.SUB16, ParallelArithmetic.SAX, -1,
    };
    /** T32 extend operation (hw1 bits 6-4) to BitOperations' A32 numbering. */
    private static final int[] EXTEND_OP = {
        BitOperations.SXTH, BitOperations.UXTH, BitOperations.SXTB16, BitOperations.UXTB16,
        BitOperations.SXTB, BitOperations.UXTB, -1, -1,
    };

    private Thumb32DataProcessing() {
    }

    /** 11110 i 0 op S Rn, 0 imm3 Rd imm8: ThumbExpandImm operand. */
    static void modifiedImmediate(Cpu cpu, CpuState s, int insn) {
        int imm12 = ((insn >>> 15) & 0x800) | ((insn >>> 4) & 0x700) | (insn & 0xff);
        int carry = (insn & S_BIT) != 0 ? Alu.thumbExpandImmCarry(imm12, s.c) : 0;
        dataProcessing(cpu, s, insn, Alu.thumbExpandImm(imm12), carry);
    }

    /** 1110 101 op S Rn, 0 imm3 Rd imm2 type Rm: shifted register operand (PKH at op 0110). */
    static void shiftedRegister(Cpu cpu, CpuState s, int insn) {
        if ((insn & 0x8000) != 0) {
            throw UndefinedInstruction.INSTANCE;
        }
        int m = s.reg(insn & 0xf);
        int type = (insn >>> 4) & 3;
        int imm5 = ((insn >>> 10) & 0x1c) | ((insn >>> 6) & 3);
        int op = (insn >>> 21) & 0xf;
        if (op == PKH) {
            if ((insn & S_BIT) != 0 || (type & 1) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            Registers.write(s, (insn >>> 8) & 0xf, BitOperations.pack(s.reg((insn >>> 16) & 0xf), m, type == 2, imm5));
            return;
        }
        int b = Alu.shiftImm(m, type, imm5, s.c);
        int carry = (insn & S_BIT) != 0 ? Alu.shiftImmCarry(m, type, imm5, s.c) : 0;
        dataProcessing(cpu, s, insn, b, carry);
    }

    /**
     * The T32 data-processing operations. Rd = 15 with S is TST, TEQ, CMN or CMP for AND, EOR,
     * ADD and SUB; for the other operations it is UNPREDICTABLE, and QEMU performs an exception
     * return (CPSR from SPSR, UNDEFINED in User mode), as SUBS PC, LR does. Rd = 15 without S
     * branches, as in QEMU.
     */
    private static void dataProcessing(Cpu cpu, CpuState s, int insn, int b, int shifterCarry) {
        int op = (insn >>> 21) & 0xf;
        int rn = (insn >>> 16) & 0xf;
        int rd = (insn >>> 8) & 0xf;
        boolean setFlags = (insn & S_BIT) != 0;
        int a = rn == 15 && (op == ORR || op == ORN) ? 0 : s.reg(rn);
        if (rd == 15 && setFlags && op != AND && op != EOR && op != ADD && op != SUB) {
            if (!s.privileged() || !isOperation(op)) {
                throw UndefinedInstruction.INSTANCE;
            }
            StatusRegisters.exceptionReturn(cpu, compute(s, op, a, b), s.spsr());
            return;
        }
        if (!setFlags) {
            Registers.write(s, rd, compute(s, op, a, b));
            return;
        }
        int result;
        switch (op) {
            case AND:
                result = Alu.logicFlags(s, a & b, shifterCarry);
                break;
            case BIC:
                result = Alu.logicFlags(s, a & ~b, shifterCarry);
                break;
            case ORR:
                result = Alu.logicFlags(s, a | b, shifterCarry);
                break;
            case ORN:
                result = Alu.logicFlags(s, a | ~b, shifterCarry);
                break;
            case EOR:
                result = Alu.logicFlags(s, a ^ b, shifterCarry);
                break;
            case ADD:
                result = Alu.addFlags(s, a, b);
                break;
            case ADC:
                result = Alu.addWithCarry(s, a, b, s.c);
                break;
            case SBC:
                result = Alu.addWithCarry(s, a, ~b, s.c);
                break;
            case SUB:
                result = Alu.subFlags(s, a, b);
                break;
            case RSB:
                result = Alu.subFlags(s, b, a);
                break;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
        if (rd != 15) { // TST, TEQ, CMN, CMP write only the flags
            s.r[rd] = result;
        }
    }

    private static boolean isOperation(int op) {
        return op == BIC || op == ORR || op == ORN || op == ADC || op == SBC || op == RSB;
    }

    /** A data-processing result without flags. */
    private static int compute(CpuState s, int op, int a, int b) {
        switch (op) {
            case AND:
                return a & b;
            case BIC:
                return a & ~b;
            case ORR:
                return a | b;
            case ORN:
                return a | ~b;
            case EOR:
                return a ^ b;
            case ADD:
                return a + b;
            case ADC:
                return a + b + s.c;
            case SBC:
                return a + ~b + s.c;
            case SUB:
                return a - b;
            case RSB:
                return b - a;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** 11110 i 1 op Rn, 0 imm3 Rd imm8: ADDW/SUBW/ADR, MOVW/MOVT, SSAT/USAT(16), SBFX/UBFX, BFI/BFC. */
    static void plainImmediate(CpuState s, int insn) {
        int rn = (insn >>> 16) & 0xf;
        int rd = (insn >>> 8) & 0xf;
        int imm12 = ((insn >>> 15) & 0x800) | ((insn >>> 4) & 0x700) | (insn & 0xff);
        int lsb = ((insn >>> 10) & 0x1c) | ((insn >>> 6) & 3);
        int field = insn & 0x1f; // saturate position, widthm1 or msb
        boolean arithmeticShift = (insn & 0x00200000) != 0;
        switch ((insn >>> 20) & 0x1f) {
            case 0x00: // ADDW, ADR (add)
                Registers.write(s, rd, (rn == 15 ? (s.pc + 4) & ~3 : s.r[rn]) + imm12);
                return;
            case 0x0a: // SUBW, ADR (subtract)
                Registers.write(s, rd, (rn == 15 ? (s.pc + 4) & ~3 : s.r[rn]) - imm12);
                return;
            case 0x04: // MOVW
                Registers.write(s, rd, (rn << 12) | imm12);
                return;
            case 0x0c: // MOVT
                Registers.write(s, rd, (s.reg(rd) & 0xffff) | (((rn << 12) | imm12) << 16));
                return;
            case 0x10:
            case 0x12:
                if ((insn & 0x04000020) != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                if (arithmeticShift && lsb == 0) {
                    if ((insn & 0x10) != 0) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    Registers.write(s, rd, BitOperations.signedSaturate16(s, s.reg(rn), field + 1));
                } else {
                    Registers.write(s, rd, BitOperations.signedSaturate(s, s.reg(rn), field + 1, arithmeticShift, lsb));
                }
                return;
            case 0x18:
            case 0x1a:
                if ((insn & 0x04000020) != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                if (arithmeticShift && lsb == 0) {
                    if ((insn & 0x10) != 0) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    Registers.write(s, rd, BitOperations.unsignedSaturate16(s, s.reg(rn), field));
                } else {
                    Registers.write(s, rd, BitOperations.unsignedSaturate(s, s.reg(rn), field, arithmeticShift, lsb));
                }
                return;
            case 0x14: // SBFX
                if ((insn & 0x04000020) != 0 || lsb + field > 31) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, BitOperations.signedBitFieldExtract(s.reg(rn), lsb, field + 1));
                return;
            case 0x1c: // UBFX
                if ((insn & 0x04000020) != 0 || lsb + field > 31) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, BitOperations.unsignedBitFieldExtract(s.reg(rn), lsb, field + 1));
                return;
            case 0x16: // BFI, BFC (Rn = 15)
                if ((insn & 0x04000020) != 0 || field < lsb) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, BitOperations.bitFieldInsert(s.reg(rd), rn == 15 ? 0 : s.r[rn], lsb, field));
                return;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** 1111 1010 op1 Rn, 1111 Rd op2 Rm: register shifts, extends, parallel and saturating arithmetic, REV/RBIT/CLZ/SEL. */
    static void register(CpuState s, int insn) {
        int rd = (insn >>> 8) & 0xf;
        if ((insn & 0xf000) != 0xf000) {
            throw UndefinedInstruction.INSTANCE;
        }
        int op1 = (insn >>> 20) & 0xf;
        int op2 = (insn >>> 4) & 0xf;
        int rn = (insn >>> 16) & 0xf;
        int m = s.reg(insn & 0xf);
        if ((op1 & 8) == 0) {
            if (op2 == 0) { // LSL/LSR/ASR/ROR (register)
                int type = (op1 >>> 1) & 3;
                int value = s.reg(rn);
                int amount = m & 0xff;
                int result = Alu.shiftReg(value, type, amount);
                if ((op1 & 1) != 0) {
                    Alu.logicFlags(s, result, Alu.shiftRegCarry(value, type, amount, s.c));
                }
                Registers.write(s, rd, result);
                return;
            }
            int extend = EXTEND_OP[op1 & 7];
            if ((op2 & 0xc) != 0x8 || extend < 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            int addend = rn == 15 ? 0 : s.r[rn];
            Registers.write(s, rd, BitOperations.extend(extend, m, (op2 & 3) << 3, addend));
            return;
        }
        if ((op2 & 8) == 0) { // parallel add/subtract
            int kind = op2 & 3;
            int op = PARALLEL_OP[op1 & 7];
            if (kind == 3 || op < 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            int prefix = ((op2 & 4) != 0 ? 4 : 0) + kind + 1;
            Registers.write(s, rd, ParallelArithmetic.execute(s, prefix, op, s.reg(rn), m));
            return;
        }
        if ((op2 & 4) != 0) {
            throw UndefinedInstruction.INSTANCE;
        }
        switch (op1 & 7) {
            case 0: { // QADD, QDADD, QSUB, QDSUB: A32 numbering swaps the two bits
                int op = ((op2 & 1) << 1) | ((op2 >>> 1) & 1);
                Registers.write(s, rd, BitOperations.saturatingArithmetic(s, op, m, s.reg(rn)));
                return;
            }
            case 1:
                switch (op2 & 3) {
                    case 0:
                        Registers.write(s, rd, Integer.reverseBytes(m));
                        return;
                    case 1:
                        Registers.write(s, rd, BitOperations.reverseHalfwords(m));
                        return;
                    case 2:
                        Registers.write(s, rd, Integer.reverse(m));
                        return;
                    default:
                        Registers.write(s, rd, BitOperations.reverseSignedHalfword(m));
                        return;
                }
            case 2:
                if ((op2 & 3) != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, ParallelArithmetic.select(s, s.reg(rn), m));
                return;
            case 3:
                if ((op2 & 3) != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, Integer.numberOfLeadingZeros(m));
                return;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** 1111 1011 0 op1 Rn, Ra Rd 00 op2 Rm: 32-bit multiplies and multiply-accumulates, USAD8. */
    static void multiply(CpuState s, int insn) {
        int rd = (insn >>> 8) & 0xf;
        int ra = (insn >>> 12) & 0xf;
        if ((insn & 0xc0) != 0) {
            throw UndefinedInstruction.INSTANCE;
        }
        int n = s.reg((insn >>> 16) & 0xf);
        int m = s.reg(insn & 0xf);
        int op2 = (insn >>> 4) & 3;
        int accumulator = ra == 15 ? 0 : s.r[ra];
        boolean flag = (op2 & 1) != 0; // M (y), X, or R
        switch ((insn >>> 20) & 7) {
            case 0:
                if (op2 == 0) {
                    Registers.write(s, rd, n * m + accumulator); // MLA, MUL
                } else if (op2 == 1 && ra != 15) {
                    Registers.write(s, rd, s.r[ra] - n * m); // MLS
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                return;
            case 1: // SMLA<x><y>, SMUL<x><y>
                if (ra == 15) {
                    Registers.write(s, rd, Multiplies.half(n, (op2 & 2) != 0) * Multiplies.half(m, flag));
                } else {
                    Registers.write(s, rd, Multiplies.smlaHalfwords(s, n, m, (op2 & 2) != 0, flag, accumulator));
                }
                return;
            case 2: // SMLAD, SMUAD
            case 4: // SMLSD, SMUSD
                if (op2 >= 2) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, Multiplies.dual(s, n, m, flag, (insn & 0x00400000) != 0, accumulator));
                return;
            case 3: // SMLAW<y>, SMULW<y>
                if (op2 >= 2) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, ra == 15 ? Multiplies.smulWordHalfword(n, m, flag)
                        : Multiplies.smlaWordHalfword(s, n, m, flag, accumulator));
                return;
            case 5: // SMMLA, SMMUL
                if (op2 >= 2) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, Multiplies.mostSignificantWord(n, m, accumulator, false, flag));
                return;
            case 6: // SMMLS
                if (op2 >= 2 || ra == 15) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, Multiplies.mostSignificantWord(n, m, accumulator, true, flag));
                return;
            default: // USAD8, USADA8
                if (op2 != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, ParallelArithmetic.sumAbsoluteDifferences(n, m) + accumulator);
                return;
        }
    }

    /** 1111 1011 1 op1 Rn, RdLo RdHi op2 Rm: long multiplies; SDIV/UDIV are UNDEFINED here. */
    static void longMultiply(CpuState s, int insn) {
        int lo = (insn >>> 12) & 0xf;
        int hi = (insn >>> 8) & 0xf;
        int n = s.reg((insn >>> 16) & 0xf);
        int m = s.reg(insn & 0xf);
        int op2 = (insn >>> 4) & 0xf;
        long accumulator = ((long) s.reg(hi) << 32) | (s.reg(lo) & 0xffffffffL);
        long result;
        switch ((insn >>> 20) & 7) {
            case 0: // SMULL
                requireOp2(op2, 0);
                result = (long) n * m;
                break;
            case 2: // UMULL
                requireOp2(op2, 0);
                result = (n & 0xffffffffL) * (m & 0xffffffffL);
                break;
            case 4:
                if (op2 == 0) { // SMLAL
                    result = (long) n * m + accumulator;
                } else if ((op2 & 0xc) == 0x8) { // SMLAL<x><y>
                    result = Multiplies.smlalHalfwords(n, m, (op2 & 2) != 0, (op2 & 1) != 0, accumulator);
                } else if ((op2 & 0xe) == 0xc) { // SMLALD
                    result = Multiplies.dualLong(n, m, (op2 & 1) != 0, false, accumulator);
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                break;
            case 5: // SMLSLD
                if ((op2 & 0xe) != 0xc) {
                    throw UndefinedInstruction.INSTANCE;
                }
                result = Multiplies.dualLong(n, m, (op2 & 1) != 0, true, accumulator);
                break;
            case 6:
                if (op2 == 0) { // UMLAL
                    result = (n & 0xffffffffL) * (m & 0xffffffffL) + accumulator;
                } else if (op2 == 6) { // UMAAL
                    result = Multiplies.umaal(n, m, s.reg(lo), s.reg(hi));
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                break;
            default: // SDIV (1), UDIV (3): not on the Cortex-A9
                throw UndefinedInstruction.INSTANCE;
        }
        Registers.write(s, lo, (int) result);
        Registers.write(s, hi, (int) (result >>> 32));
    }

    private static void requireOp2(int op2, int expected) {
        if (op2 != expected) {
            throw UndefinedInstruction.INSTANCE;
        }
    }
}
