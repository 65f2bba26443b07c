package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.InstructionSet;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import dev.hilfarm.emulator.memory.MemoryAbort;

/**
 * The Thumb instruction set with Thumb-2 (T16 and T32) of a Cortex-A9. This class runs IT blocks
 * and decodes the 16-bit encodings (A6.2 of the reference manual); 32-bit encodings go to
 * {@link Thumb32Instructions} once their second halfword is fetched.
 *
 * <p>IT blocks: ITSTATE advances <em>before</em> the instruction executes, so an SVC or an
 * exception return inside the block sees (or replaces) the state that follows it; when the
 * instruction aborts or is UNDEFINED the state is put back, because the exception returns to the
 * same instruction. A skipped instruction advances ITSTATE like an executed one. 16-bit
 * instructions that set flags outside an IT block do not inside one. Stateless.
 */
public final class ThumbInstructions implements InstructionSet {
    /** First halfwords from 0xE800 up start a 32-bit instruction. */
    static final int FIRST_32BIT = 0xe800;

    @Override
    public int classify(int insn) {
        return ThumbHandlers.classify(insn);
    }

    /** Inside an IT block the full path runs (it fetches a 32-bit instruction's second half again, from the same page). */
    @Override
    public void executeClassified(Cpu cpu, int op, int insn) {
        CpuState s = cpu.state;
        int it = s.itState;
        if (it != 0) {
            executeInItBlock(cpu, s, insn >>> 16 != 0 ? insn >>> 16 : insn, it);
            return;
        }
        ThumbHandlers.execute(cpu, s, op, insn);
    }

    @Override
    public void execute(Cpu cpu, int first) {
        CpuState s = cpu.state;
        int it = s.itState;
        if (it == 0) {
            if (first >= FIRST_32BIT) {
                executeWide(cpu, s, first);
            } else {
                execute16(cpu, s, first, false);
            }
            return;
        }
        executeInItBlock(cpu, s, first, it);
    }

    private static void executeWide(Cpu cpu, CpuState s, int first) {
        int second = cpu.memory.fetch16(s.pc + 2);
        s.nextPc = s.pc + 4;
        Thumb32Instructions.execute(cpu, s, (first << 16) | second);
    }

    private static void executeInItBlock(Cpu cpu, CpuState s, int first, int it) {
        if ((first & 0xff00) == 0xbe00) {
            SystemOperations.breakpoint(cpu); // BKPT is unconditional and leaves ITSTATE alone
            return;
        }
        int cond = it >>> 4;
        s.itState = (it & 7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
        try {
            if (first >= FIRST_32BIT) {
                int second = cpu.memory.fetch16(s.pc + 2);
                s.nextPc = s.pc + 4;
                if (s.conditionPassed(cond)) {
                    Thumb32Instructions.execute(cpu, s, (first << 16) | second);
                }
            } else if (s.conditionPassed(cond)) {
                execute16(cpu, s, first, true);
            }
        } catch (UndefinedInstruction | MemoryAbort e) {
            s.itState = it;
            throw e;
        }
    }

    static void execute16(Cpu cpu, CpuState s, int hw, boolean inIt) {
        switch (hw >>> 12) {
            case 0:
            case 1:
                shiftAddSubtract(s, hw, !inIt);
                return;
            case 2:
            case 3:
                immediate8(s, hw, !inIt);
                return;
            case 4:
                if ((hw & 0x0800) != 0) {
                    int address = ((s.pc + 4) & ~3) + ((hw & 0xff) << 2); // LDR (literal)
                    s.r[(hw >>> 8) & 7] = DataAccess.read32(cpu, address);
                } else if ((hw & 0x0400) != 0) {
                    specialDataAndBranch(s, hw);
                } else {
                    dataProcessing(s, hw, !inIt);
                }
                return;
            case 5:
                loadStoreRegister(cpu, s, hw);
                return;
            case 6:
            case 7:
            case 8:
            case 9:
                loadStoreImmediate(cpu, s, hw);
                return;
            case 10:
                if ((hw & 0x0800) == 0) {
                    s.r[(hw >>> 8) & 7] = ((s.pc + 4) & ~3) + ((hw & 0xff) << 2); // ADR
                } else {
                    s.r[(hw >>> 8) & 7] = s.r[13] + ((hw & 0xff) << 2); // ADD Rd, SP, #imm
                }
                return;
            case 11:
                ThumbMiscellaneous.execute(cpu, s, hw);
                return;
            case 12:
                loadStoreMultiple(cpu, s, hw);
                return;
            case 13:
                conditionalBranchOrSvc(cpu, s, hw);
                return;
            default: // 0xE000-0xE7FF: B (unconditional)
                s.nextPc = s.pc + 4 + ((hw << 21) >> 20);
        }
    }

    /** 000xx: LSL/LSR/ASR (immediate), and 00011: ADD/SUB (register or 3-bit immediate). */
    static void shiftAddSubtract(CpuState s, int hw, boolean setFlags) {
        int rd = hw & 7;
        int rm = (hw >>> 3) & 7;
        int op = (hw >>> 11) & 3;
        if (op != 3) {
            int imm5 = (hw >>> 6) & 0x1f;
            int value = s.r[rm];
            int result = Alu.shiftImm(value, op, imm5, s.c);
            if (setFlags) {
                Alu.logicFlags(s, result, Alu.shiftImmCarry(value, op, imm5, s.c));
            }
            s.r[rd] = result;
            return;
        }
        int a = s.r[rm];
        int b = (hw & 0x0400) != 0 ? (hw >>> 6) & 7 : s.r[(hw >>> 6) & 7];
        boolean subtract = (hw & 0x0200) != 0;
        if (setFlags) {
            s.r[rd] = subtract ? Alu.subFlags(s, a, b) : Alu.addFlags(s, a, b);
        } else {
            s.r[rd] = subtract ? a - b : a + b;
        }
    }

    /** 001xx: MOV, CMP, ADD, SUB with an 8-bit immediate. */
    static void immediate8(CpuState s, int hw, boolean setFlags) {
        int rd = (hw >>> 8) & 7;
        int imm = hw & 0xff;
        switch ((hw >>> 11) & 3) {
            case 0:
                s.r[rd] = imm;
                if (setFlags) {
                    s.setNz(imm);
                }
                return;
            case 1:
                Alu.subFlags(s, s.r[rd], imm);
                return;
            case 2:
                s.r[rd] = setFlags ? Alu.addFlags(s, s.r[rd], imm) : s.r[rd] + imm;
                return;
            default:
                s.r[rd] = setFlags ? Alu.subFlags(s, s.r[rd], imm) : s.r[rd] - imm;
        }
    }

    /** 010000: the two-low-register data-processing operations. */
    static void dataProcessing(CpuState s, int hw, boolean setFlags) {
        int rdn = hw & 7;
        int rm = (hw >>> 3) & 7;
        int a = s.r[rdn];
        int b = s.r[rm];
        int result;
        switch ((hw >>> 6) & 0xf) {
            case 0: // AND
                result = a & b;
                break;
            case 1: // EOR
                result = a ^ b;
                break;
            case 2: // LSL (register)
            case 3: // LSR
            case 4: // ASR
            case 7: { // ROR
                int op = (hw >>> 6) & 0xf;
                int type = op == 7 ? Alu.ROR : op - 2;
                int amount = b & 0xff;
                result = Alu.shiftReg(a, type, amount);
                if (setFlags) {
                    Alu.logicFlags(s, result, Alu.shiftRegCarry(a, type, amount, s.c));
                }
                s.r[rdn] = result;
                return;
            }
            case 5: // ADC
                s.r[rdn] = setFlags ? Alu.addWithCarry(s, a, b, s.c) : a + b + s.c;
                return;
            case 6: // SBC
                s.r[rdn] = setFlags ? Alu.addWithCarry(s, a, ~b, s.c) : a + ~b + s.c;
                return;
            case 8: // TST
                s.setNz(a & b);
                return;
            case 9: // RSB Rd, Rn, #0
                s.r[rdn] = setFlags ? Alu.subFlags(s, 0, b) : -b;
                return;
            case 10: // CMP
                Alu.subFlags(s, a, b);
                return;
            case 11: // CMN
                Alu.addFlags(s, a, b);
                return;
            case 12: // ORR
                result = a | b;
                break;
            case 13: // MUL
                result = a * b;
                break;
            case 14: // BIC
                result = a & ~b;
                break;
            default: // MVN
                result = ~b;
                break;
        }
        if (setFlags) {
            s.setNz(result);
        }
        s.r[rdn] = result;
    }

    /** 010001: ADD, CMP, MOV with high registers, BX and BLX (register). */
    static void specialDataAndBranch(CpuState s, int hw) {
        int rd = ((hw >>> 4) & 8) | (hw & 7);
        int rm = (hw >>> 3) & 0xf;
        switch ((hw >>> 8) & 3) {
            case 0: { // ADD (register), no flags
                int result = s.reg(rd) + s.reg(rm);
                if (rd == 15) {
                    s.branchWritePc(result);
                } else {
                    s.r[rd] = result;
                }
                return;
            }
            case 1: // CMP (register), high registers
                Alu.subFlags(s, s.reg(rd), s.reg(rm));
                return;
            case 2: { // MOV (register)
                int value = s.reg(rm);
                if (rd == 15) {
                    s.branchWritePc(value);
                } else {
                    s.r[rd] = value;
                }
                return;
            }
            default: {
                if ((hw & 7) != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                int target = s.reg(rm);
                if ((hw & 0x80) != 0) { // BLX (register)
                    s.r[14] = (s.pc + 2) | 1;
                }
                s.bxWritePc(target);
            }
        }
    }

    /** 0101: loads and stores with a register offset. */
    static void loadStoreRegister(Cpu cpu, CpuState s, int hw) {
        int rt = hw & 7;
        int address = s.r[(hw >>> 3) & 7] + s.r[(hw >>> 6) & 7];
        switch ((hw >>> 9) & 7) {
            case 0:
                DataAccess.write32(cpu, address, s.r[rt]);
                return;
            case 1:
                DataAccess.write16(cpu, address, s.r[rt]);
                return;
            case 2:
                DataAccess.write8(cpu, address, s.r[rt]);
                return;
            case 3:
                s.r[rt] = (byte) DataAccess.read8(cpu, address);
                return;
            case 4:
                s.r[rt] = DataAccess.read32(cpu, address);
                return;
            case 5:
                s.r[rt] = DataAccess.read16(cpu, address);
                return;
            case 6:
                s.r[rt] = DataAccess.read8(cpu, address);
                return;
            default:
                s.r[rt] = (short) DataAccess.read16(cpu, address);
        }
    }

    /** 011, 1000, 1001: word, byte and halfword with a 5-bit immediate; word SP-relative. */
    static void loadStoreImmediate(Cpu cpu, CpuState s, int hw) {
        boolean load = (hw & 0x0800) != 0;
        int imm5 = (hw >>> 6) & 0x1f;
        int rt = hw & 7;
        int address;
        int size;
        switch (hw >>> 12) {
            case 6:
                address = s.r[(hw >>> 3) & 7] + (imm5 << 2);
                size = 4;
                break;
            case 7:
                address = s.r[(hw >>> 3) & 7] + imm5;
                size = 1;
                break;
            case 8:
                address = s.r[(hw >>> 3) & 7] + (imm5 << 1);
                size = 2;
                break;
            default:
                rt = (hw >>> 8) & 7;
                address = s.r[13] + ((hw & 0xff) << 2);
                size = 4;
                break;
        }
        if (load) {
            s.r[rt] = size == 4 ? DataAccess.read32(cpu, address)
                    : size == 2 ? DataAccess.read16(cpu, address) : DataAccess.read8(cpu, address);
        } else if (size == 4) {
            DataAccess.write32(cpu, address, s.r[rt]);
        } else if (size == 2) {
            DataAccess.write16(cpu, address, s.r[rt]);
        } else {
            DataAccess.write8(cpu, address, s.r[rt]);
        }
    }

    /** 1100: STMIA Rn!, LDMIA Rn{!} (writeback unless Rn is loaded). */
    static void loadStoreMultiple(Cpu cpu, CpuState s, int hw) {
        int rn = (hw >>> 8) & 7;
        int list = hw & 0xff;
        int n = Integer.bitCount(list);
        if (n == 0) {
            throw UndefinedInstruction.INSTANCE;
        }
        int base = s.r[rn];
        if ((hw & 0x0800) != 0) {
            BlockTransfer.load(cpu, rn, list, base, (list & (1 << rn)) == 0, base + 4 * n);
        } else {
            BlockTransfer.store(cpu, rn, list, base, true, base + 4 * n);
        }
    }

    /** 1101: B&lt;cond&gt;, UDF (cond 1110) and SVC (cond 1111). */
    static void conditionalBranchOrSvc(Cpu cpu, CpuState s, int hw) {
        int cond = (hw >>> 8) & 0xf;
        if (cond == 0xe) {
            throw UndefinedInstruction.INSTANCE;
        }
        if (cond == 0xf) {
            SystemOperations.supervisorCall(cpu, hw & 0xff, SystemOperations.SEMIHOSTING_SVC_THUMB);
            return;
        }
        if (s.conditionPassed(cond)) {
            s.nextPc = s.pc + 4 + ((hw << 24) >> 23);
        }
    }
}
