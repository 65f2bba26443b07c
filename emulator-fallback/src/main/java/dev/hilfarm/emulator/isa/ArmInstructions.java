package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.InstructionSet;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * The ARM (A32) instruction set of a Cortex-A9 (ARMv7-A with the Multiprocessing Extensions, no
 * hardware divide, no Virtualization or Security Extensions visible). This class checks the
 * condition, decodes the top-level groups (A5.1 of the reference manual) and executes data
 * processing, branches and the miscellaneous group itself; loads and stores, multiplies, media
 * and unconditional instructions have their own classes.
 *
 * <p>Where the architecture says UNPREDICTABLE for an encoding compilers never emit, this does
 * what QEMU's decoder does: UNDEFINED for non-zero "should be zero" fields (MOV with Rn set, TST
 * with Rd set), a plain branch for the PC as a result register ({@link Registers}). Stateless:
 * one instance may serve any number of cores.
 */
public final class ArmInstructions implements InstructionSet {
    static final int COND_ALWAYS = 0xe;
    static final int COND_UNCONDITIONAL = 0xf;
    static final int S_BIT = 1 << 20;

    static final int AND = 0;
    static final int EOR = 1;
    static final int SUB = 2;
    static final int RSB = 3;
    static final int ADD = 4;
    static final int ADC = 5;
    static final int SBC = 6;
    static final int RSC = 7;
    static final int TST = 8;
    static final int TEQ = 9;
    static final int CMP = 10;
    static final int CMN = 11;
    static final int ORR = 12;
    static final int MOV = 13;
    static final int BIC = 14;
    static final int MVN = 15;

    @Override
    public int classify(int insn) {
        return ArmHandlers.classify(insn);
    }

    @Override
    public void executeClassified(Cpu cpu, int op, int insn) {
        ArmHandlers.execute(cpu, op, insn);
    }

    @Override
    public void execute(Cpu cpu, int insn) {
        CpuState s = cpu.state;
        int cond = insn >>> 28;
        if (cond != COND_ALWAYS) {
            if (cond == COND_UNCONDITIONAL) {
                ArmUnconditional.execute(cpu, insn);
                return;
            }
            if (!s.conditionPassed(cond)) {
                return;
            }
        }
        switch ((insn >>> 25) & 7) {
            case 0:
                dataProcessingRegisterOrMisc(cpu, s, insn);
                return;
            case 1:
                dataProcessingImmediate(cpu, s, insn);
                return;
            case 2:
                ArmLoadStore.immediateOffset(cpu, s, insn);
                return;
            case 3:
                if ((insn & 0x10) == 0) {
                    ArmLoadStore.registerOffset(cpu, s, insn);
                } else {
                    ArmMedia.execute(cpu, s, insn);
                }
                return;
            case 4:
                ArmLoadStore.multiple(cpu, s, insn);
                return;
            case 5:
                branch(s, insn);
                return;
            case 6:
                SystemOperations.coprocessor(cpu, insn);
                return;
            default:
                if ((insn & 0x01000000) != 0) {
                    SystemOperations.supervisorCall(cpu, insn & 0xffffff, SystemOperations.SEMIHOSTING_SVC_ARM);
                } else {
                    SystemOperations.coprocessor(cpu, insn);
                }
        }
    }

    /** Bits 27-25 = 000: data processing with a shifted register, multiplies, extra loads/stores, misc. */
    static void dataProcessingRegisterOrMisc(Cpu cpu, CpuState s, int insn) {
        if ((insn & 0x90) == 0x90) {
            if ((insn & 0x60) != 0) {
                ArmLoadStore.extra(cpu, s, insn);
            } else if ((insn & 0x01000000) == 0) {
                ArmMultiply.multiply(s, insn);
            } else {
                ArmLoadStore.synchronization(cpu, s, insn);
            }
            return;
        }
        if ((insn & 0x01900000) == 0x01000000) {
            if ((insn & 0x80) == 0) {
                miscellaneous(cpu, s, insn);
            } else {
                ArmMultiply.halfword(s, insn);
            }
            return;
        }
        int m = s.reg(insn & 0xf);
        int type = (insn >>> 5) & 3;
        int b;
        int carry = 0;
        if ((insn & 0x10) == 0) {
            int imm5 = (insn >>> 7) & 0x1f;
            b = Alu.shiftImm(m, type, imm5, s.c);
            if ((insn & S_BIT) != 0) {
                carry = Alu.shiftImmCarry(m, type, imm5, s.c);
            }
        } else {
            int amount = s.reg((insn >>> 8) & 0xf) & 0xff;
            b = Alu.shiftReg(m, type, amount);
            if ((insn & S_BIT) != 0) {
                carry = Alu.shiftRegCarry(m, type, amount, s.c);
            }
        }
        dataProcessing(cpu, s, insn, b, carry);
    }

    /** Bits 27-25 = 001: data processing with a modified immediate, MOVW/MOVT, MSR (immediate) and hints. */
    static void dataProcessingImmediate(Cpu cpu, CpuState s, int insn) {
        if ((insn & 0x01900000) == 0x01000000) {
            int rd = (insn >>> 12) & 0xf;
            int imm16 = ((insn >>> 4) & 0xf000) | (insn & 0xfff);
            switch ((insn >>> 21) & 3) {
                case 0: // MOVW
                    Registers.write(s, rd, imm16);
                    return;
                case 2: // MOVT
                    Registers.write(s, rd, (s.reg(rd) & 0xffff) | (imm16 << 16));
                    return;
                default:
                    msrImmediateOrHint(cpu, s, insn);
                    return;
            }
        }
        int imm12 = insn & 0xfff;
        int carry = (insn & S_BIT) != 0 ? Alu.armExpandImmCarry(imm12, s.c) : 0;
        dataProcessing(cpu, s, insn, Alu.armExpandImm(imm12), carry);
    }

    /** The sixteen data-processing operations with operand 2 already shifted. */
    private static void dataProcessing(Cpu cpu, CpuState s, int insn, int b, int shifterCarry) {
        int op = (insn >>> 21) & 0xf;
        int rn = (insn >>> 16) & 0xf;
        int rd = (insn >>> 12) & 0xf;
        if ((op == MOV || op == MVN) && rn != 0) {
            throw UndefinedInstruction.INSTANCE;
        }
        int a = s.reg(rn);
        if ((insn & S_BIT) == 0) {
            int result = compute(s, op, a, b);
            if (rd == 15) {
                s.aluWritePc(result);
            } else {
                s.r[rd] = result;
            }
            return;
        }
        if (op >= TST && op <= CMN) {
            if (rd != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            switch (op) {
                case TST:
                    Alu.logicFlags(s, a & b, shifterCarry);
                    return;
                case TEQ:
                    Alu.logicFlags(s, a ^ b, shifterCarry);
                    return;
                case CMP:
                    Alu.subFlags(s, a, b);
                    return;
                default:
                    Alu.addFlags(s, a, b);
                    return;
            }
        }
        if (rd == 15) {
            // SUBS PC, LR and friends: exception return, UNDEFINED in User mode as on QEMU.
            if (!s.privileged()) {
                throw UndefinedInstruction.INSTANCE;
            }
            StatusRegisters.exceptionReturn(cpu, compute(s, op, a, b), s.spsr());
            return;
        }
        int result;
        switch (op) {
            case AND:
                result = Alu.logicFlags(s, a & b, shifterCarry);
                break;
            case EOR:
                result = Alu.logicFlags(s, a ^ b, shifterCarry);
                break;
            case SUB:
                result = Alu.subFlags(s, a, b);
                break;
            case RSB:
                result = Alu.subFlags(s, b, a);
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
            case RSC:
                result = Alu.addWithCarry(s, b, ~a, s.c);
                break;
            case ORR:
                result = Alu.logicFlags(s, a | b, shifterCarry);
                break;
            case MOV:
                result = Alu.logicFlags(s, b, shifterCarry);
                break;
            case BIC:
                result = Alu.logicFlags(s, a & ~b, shifterCarry);
                break;
            default: // MVN
                result = Alu.logicFlags(s, ~b, shifterCarry);
                break;
        }
        s.r[rd] = result;
    }

    /** A data-processing result without flags. */
    static int compute(CpuState s, int op, int a, int b) {
        switch (op) {
            case AND:
                return a & b;
            case EOR:
                return a ^ b;
            case SUB:
                return a - b;
            case RSB:
                return b - a;
            case ADD:
                return a + b;
            case ADC:
                return a + b + s.c;
            case SBC:
                return a + ~b + s.c;
            case RSC:
                return b + ~a + s.c;
            case ORR:
                return a | b;
            case MOV:
                return b;
            case BIC:
                return a & ~b;
            case MVN:
                return ~b;
            default:
                // TST/TEQ/CMP/CMN without S are the miscellaneous space, decoded elsewhere.
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** MSR (immediate), and with R = 0 and no fields the hint space (all of it executes as NOP but WFI). */
    private static void msrImmediateOrHint(Cpu cpu, CpuState s, int insn) {
        if ((insn & 0xf000) != 0xf000) {
            throw UndefinedInstruction.INSTANCE;
        }
        int fields = (insn >>> 16) & 0xf;
        boolean spsr = (insn & (1 << 22)) != 0;
        if (!spsr && fields == 0) {
            SystemOperations.hint(cpu, insn & 0xff);
            return;
        }
        int value = Alu.armExpandImm(insn & 0xfff);
        if (spsr) {
            StatusRegisters.writeSpsr(s, value, fields);
        } else {
            StatusRegisters.writeCpsr(s, value, fields);
        }
    }

    /** Bits 27-23 = 00010, bit 20 = 0, bit 7 = 0: MRS, MSR, BX, BXJ, BLX, CLZ, QADD..., BKPT, HLT. */
    private static void miscellaneous(Cpu cpu, CpuState s, int insn) {
        int op = (insn >>> 21) & 3;
        int rd = (insn >>> 12) & 0xf;
        switch ((insn >>> 4) & 7) {
            case 0:
                if ((insn & 0x200) != 0) {
                    throw UndefinedInstruction.INSTANCE; // banked MRS/MSR: Virtualization Extensions
                }
                if ((op & 1) == 0) {
                    if ((insn & 0x000f0fff) != 0x000f0000) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    Registers.write(s, rd, op == 0 ? StatusRegisters.readCpsr(s) : StatusRegisters.readSpsr(s));
                } else {
                    if ((insn & 0xfff0) != 0xf000) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    int value = s.reg(insn & 0xf);
                    int fields = (insn >>> 16) & 0xf;
                    if (op == 1) {
                        StatusRegisters.writeCpsr(s, value, fields);
                    } else {
                        StatusRegisters.writeSpsr(s, value, fields);
                    }
                }
                return;
            case 1:
                if (op == 1 && (insn & 0x000fff00) == 0x000fff00) {
                    s.bxWritePc(s.reg(insn & 0xf)); // BX
                } else if (op == 3 && (insn & 0x000f0f00) == 0x000f0f00) {
                    Registers.write(s, rd, Integer.numberOfLeadingZeros(s.reg(insn & 0xf))); // CLZ
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                return;
            case 2:
                if (op != 1 || (insn & 0x000fff00) != 0x000fff00) {
                    throw UndefinedInstruction.INSTANCE;
                }
                s.bxWritePc(s.reg(insn & 0xf)); // BXJ: the trivial Jazelle implementation is BX
                return;
            case 3:
                if (op != 1 || (insn & 0x000fff00) != 0x000fff00) {
                    throw UndefinedInstruction.INSTANCE;
                }
                int target = s.reg(insn & 0xf);
                s.r[14] = s.pc + 4;
                s.bxWritePc(target); // BLX (register)
                return;
            case 5:
                if ((insn & 0xf00) != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, BitOperations.saturatingArithmetic(s, op, s.reg(insn & 0xf), s.reg((insn >>> 16) & 0xf)));
                return;
            case 7:
                int imm16 = ((insn >>> 4) & 0xfff0) | (insn & 0xf);
                if (op == 1) {
                    SystemOperations.breakpoint(cpu);
                } else if (op == 0) {
                    SystemOperations.halt(cpu, imm16, SystemOperations.SEMIHOSTING_HLT_ARM);
                } else {
                    throw UndefinedInstruction.INSTANCE; // HVC, SMC: no Virtualization or Security Extensions
                }
                return;
            default:
                throw UndefinedInstruction.INSTANCE; // CRC32 (ARMv8), ERET (Virtualization Extensions)
        }
    }

    /** B and BL: a signed 24-bit word offset from PC + 8. */
    static void branch(CpuState s, int insn) {
        if ((insn & 0x01000000) != 0) {
            s.r[14] = s.pc + 4;
        }
        s.nextPc = s.pc + 8 + ((insn << 8) >> 6);
    }
}
