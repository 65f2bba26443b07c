package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.InstructionSet;

/**
 * The fast tier's handlers for A32: {@link #classify} gives a decoded instruction a small handler
 * number once, {@link #execute} runs it every time after that. The forms guests run most (moves,
 * adds, compares, word and byte loads and stores with an immediate offset, branches) have handlers
 * of their own that skip the decode tree; the other common groups go straight to the group's
 * routine in {@link ArmInstructions} or {@link ArmLoadStore}; everything else (condition 1111,
 * coprocessors, SVC...) is {@link InstructionSet#GENERIC} and runs the full decoder. Handlers are
 * built from the same routines the decoder uses ({@link Alu}, {@link DataAccess},
 * {@link ArmInstructions#compute}), so there is one definition of each operation's semantics.
 *
 * <p>A specialised handler is chosen only where its preconditions (no PC operand, no flags, no
 * UNDEFINED field values...) hold for the encoding, so it never needs to check them again: its
 * operands are plain {@code r[]} reads, never the PC's pc + 8.
 */
final class ArmHandlers {
    // Whole groups, after the condition check.
    static final int DP_REGISTER_OR_MISC = 2;
    static final int DP_IMMEDIATE = 3;
    static final int LOAD_STORE_IMMEDIATE = 4;
    static final int LOAD_STORE_REGISTER = 5;
    static final int LOAD_STORE_MULTIPLE = 6;
    static final int BRANCH = 7;
    // Single forms.
    static final int MOV_IMMEDIATE = 8;
    static final int ADD_IMMEDIATE = 9;
    static final int SUB_IMMEDIATE = 10;
    static final int OTHER_IMMEDIATE = 11;
    static final int CMP_IMMEDIATE = 12;
    static final int MOV_REGISTER = 13;
    static final int OTHER_SHIFTED_REGISTER = 14;
    static final int CMP_SHIFTED_REGISTER = 15;
    static final int LDR_IMMEDIATE = 16;
    static final int STR_IMMEDIATE = 17;
    static final int LDRB_IMMEDIATE = 18;
    static final int STRB_IMMEDIATE = 19;
    static final int BX = 20;
    static final int LDR_LITERAL = 21;
    static final int ADD_REGISTER = 22;
    static final int SUB_REGISTER = 23;
    static final int OTHER_REGISTER = 24;
    static final int TST_IMMEDIATE = 25;
    static final int EXTRA_LOAD_STORE = 26;
    static final int LDR_REGISTER = 27;
    static final int STR_REGISTER = 28;
    static final int LDRB_REGISTER = 29;
    static final int STRB_REGISTER = 30;
    static final int LDRH_IMMEDIATE = 31;
    static final int STRH_IMMEDIATE = 32;
    static final int LDRH_REGISTER = 33;
    static final int STRH_REGISTER = 34;
    static final int WORD_BYTE_INDEXED = 35;

    private ArmHandlers() {
    }

    static int classify(int insn) {
        int cond = insn >>> 28;
        if (cond == ArmInstructions.COND_UNCONDITIONAL) {
            return InstructionSet.GENERIC;
        }
        switch ((insn >>> 25) & 7) {
            case 0:
                if ((insn & 0x0ffffff0) == 0x012fff10) {
                    return BX;
                }
                return classifyShiftedRegister(insn);
            case 1:
                return classifyImmediate(insn);
            case 2:
                return classifyLoadStoreImmediate(insn);
            case 3:
                return (insn & 0x10) == 0 ? classifyLoadStoreRegister(insn) : InstructionSet.GENERIC;
            case 4:
                return LOAD_STORE_MULTIPLE;
            case 5:
                return BRANCH;
            default:
                return InstructionSet.GENERIC;
        }
    }

    /** Data processing with a register shifted by an immediate, no flags, Rd and Rn not the PC. */
    private static int classifyShiftedRegister(int insn) {
        if ((insn & 0x90) == 0x90 && (insn & 0x60) != 0) {
            return classifyExtraLoadStore(insn);
        }
        if ((insn & 0x90) == 0x90 || (insn & 0x10) != 0 || (insn & 0x01900000) == 0x01000000) {
            return DP_REGISTER_OR_MISC; // multiplies, extra loads/stores, misc, register-shifted register
        }
        int op = (insn >>> 21) & 0xf;
        int rn = (insn >>> 16) & 0xf;
        int rd = (insn >>> 12) & 0xf;
        if ((insn & ArmInstructions.S_BIT) != 0) {
            return op == ArmInstructions.CMP && rd == 0 && rn != 15 && (insn & 0xf) != 15 ? CMP_SHIFTED_REGISTER : DP_REGISTER_OR_MISC;
        }
        if (rd == 15 || rn == 15 || (insn & 0xf) == 15
                || ((op == ArmInstructions.MOV || op == ArmInstructions.MVN) && rn != 0)) {
            return DP_REGISTER_OR_MISC;
        }
        if ((insn & 0xff0) != 0) {
            return OTHER_SHIFTED_REGISTER;
        }
        switch (op) {
            case ArmInstructions.MOV:
                return MOV_REGISTER;
            case ArmInstructions.ADD:
                return ADD_REGISTER;
            case ArmInstructions.SUB:
                return SUB_REGISTER;
            default:
                return OTHER_REGISTER;
        }
    }

    /** Data processing with a modified immediate, no flags (but CMP), Rd not the PC. */
    private static int classifyImmediate(int insn) {
        if ((insn & 0x01900000) == 0x01000000) {
            return DP_IMMEDIATE; // MOVW, MOVT, MSR, hints
        }
        int op = (insn >>> 21) & 0xf;
        int rn = (insn >>> 16) & 0xf;
        int rd = (insn >>> 12) & 0xf;
        if ((insn & ArmInstructions.S_BIT) != 0) {
            if (rd != 0 || rn == 15) {
                return DP_IMMEDIATE;
            }
            return op == ArmInstructions.CMP ? CMP_IMMEDIATE : op == ArmInstructions.TST ? TST_IMMEDIATE : DP_IMMEDIATE;
        }
        if (rd == 15 || rn == 15 || ((op == ArmInstructions.MOV || op == ArmInstructions.MVN) && rn != 0)) {
            return DP_IMMEDIATE;
        }
        switch (op) {
            case ArmInstructions.MOV:
                return MOV_IMMEDIATE;
            case ArmInstructions.ADD:
                return ADD_IMMEDIATE;
            case ArmInstructions.SUB:
                return SUB_IMMEDIATE;
            default:
                return OTHER_IMMEDIATE;
        }
    }

    /** LDR/STR/LDRB/STRB [Rn, #+/-imm12], offset addressing without writeback, Rt not the PC. */
    private static int classifyLoadStoreImmediate(int insn) {
        boolean offsetOnly = (insn & (1 << 24)) != 0 && (insn & (1 << 21)) == 0;
        int rn = (insn >>> 16) & 0xf;
        int rt = (insn >>> 12) & 0xf;
        boolean unprivileged = (insn & (1 << 24)) == 0 && (insn & (1 << 21)) != 0;
        if (!offsetOnly && !unprivileged && rn != 15 && rt != 15 && rn != rt) {
            return WORD_BYTE_INDEXED; // pre-indexed with writeback, or post-indexed
        }
        if (!offsetOnly || rt == 15) {
            return LOAD_STORE_IMMEDIATE;
        }
        boolean load = (insn & (1 << 20)) != 0;
        boolean byteAccess = (insn & (1 << 22)) != 0;
        if (rn == 15) {
            return load && !byteAccess ? LDR_LITERAL : LOAD_STORE_IMMEDIATE;
        }
        return load ? (byteAccess ? LDRB_IMMEDIATE : LDR_IMMEDIATE) : (byteAccess ? STRB_IMMEDIATE : STR_IMMEDIATE);
    }

    /** LDR/STR/LDRB/STRB [Rn, +/-Rm, shift #n], offset addressing without writeback, no PC operand. */
    private static int classifyLoadStoreRegister(int insn) {
        boolean offsetOnly = (insn & (1 << 24)) != 0 && (insn & (1 << 21)) == 0;
        if (!offsetOnly || ((insn >>> 16) & 0xf) == 15 || ((insn >>> 12) & 0xf) == 15 || (insn & 0xf) == 15) {
            return LOAD_STORE_REGISTER;
        }
        boolean load = (insn & (1 << 20)) != 0;
        boolean byteAccess = (insn & (1 << 22)) != 0;
        return load ? (byteAccess ? LDRB_REGISTER : LDR_REGISTER) : (byteAccess ? STRB_REGISTER : STR_REGISTER);
    }

    /** LDRH/STRH with an immediate or register offset, offset addressing without writeback, no PC operand. */
    private static int classifyExtraLoadStore(int insn) {
        boolean offsetOnly = (insn & (1 << 24)) != 0 && (insn & (1 << 21)) == 0;
        boolean halfword = ((insn >>> 5) & 3) == 1;
        if (!offsetOnly || !halfword || ((insn >>> 16) & 0xf) == 15 || ((insn >>> 12) & 0xf) == 15) {
            return EXTRA_LOAD_STORE;
        }
        boolean load = (insn & (1 << 20)) != 0;
        if ((insn & (1 << 22)) != 0) {
            return load ? LDRH_IMMEDIATE : STRH_IMMEDIATE;
        }
        if ((insn & 0xf00) != 0 || (insn & 0xf) == 15) {
            return EXTRA_LOAD_STORE;
        }
        return load ? LDRH_REGISTER : STRH_REGISTER;
    }

    static void execute(Cpu cpu, int op, int insn) {
        CpuState s = cpu.state;
        int cond = insn >>> 28;
        if (cond != ArmInstructions.COND_ALWAYS && !s.conditionPassed(cond)) {
            return;
        }
        switch (op) {
            case DP_REGISTER_OR_MISC:
                ArmInstructions.dataProcessingRegisterOrMisc(cpu, s, insn);
                return;
            case DP_IMMEDIATE:
                ArmInstructions.dataProcessingImmediate(cpu, s, insn);
                return;
            case LOAD_STORE_IMMEDIATE:
                ArmLoadStore.immediateOffset(cpu, s, insn);
                return;
            case LOAD_STORE_REGISTER:
                ArmLoadStore.registerOffset(cpu, s, insn);
                return;
            case LOAD_STORE_MULTIPLE:
                ArmLoadStore.multiple(cpu, s, insn);
                return;
            case BRANCH:
                ArmInstructions.branch(s, insn);
                return;
            case MOV_IMMEDIATE:
                s.r[(insn >>> 12) & 0xf] = Alu.armExpandImm(insn);
                return;
            case ADD_IMMEDIATE:
                s.r[(insn >>> 12) & 0xf] = s.r[(insn >>> 16) & 0xf] + Alu.armExpandImm(insn);
                return;
            case SUB_IMMEDIATE:
                s.r[(insn >>> 12) & 0xf] = s.r[(insn >>> 16) & 0xf] - Alu.armExpandImm(insn);
                return;
            case OTHER_IMMEDIATE:
                s.r[(insn >>> 12) & 0xf] = ArmInstructions.compute(s, (insn >>> 21) & 0xf,
                        s.r[(insn >>> 16) & 0xf], Alu.armExpandImm(insn));
                return;
            case CMP_IMMEDIATE:
                Alu.subFlags(s, s.r[(insn >>> 16) & 0xf], Alu.armExpandImm(insn));
                return;
            case TST_IMMEDIATE:
                Alu.logicFlags(s, s.r[(insn >>> 16) & 0xf] & Alu.armExpandImm(insn), Alu.armExpandImmCarry(insn & 0xfff, s.c));
                return;
            case MOV_REGISTER:
                s.r[(insn >>> 12) & 0xf] = s.r[insn & 0xf];
                return;
            case ADD_REGISTER:
                s.r[(insn >>> 12) & 0xf] = s.r[(insn >>> 16) & 0xf] + s.r[insn & 0xf];
                return;
            case SUB_REGISTER:
                s.r[(insn >>> 12) & 0xf] = s.r[(insn >>> 16) & 0xf] - s.r[insn & 0xf];
                return;
            case OTHER_REGISTER:
                s.r[(insn >>> 12) & 0xf] = ArmInstructions.compute(s, (insn >>> 21) & 0xf, s.r[(insn >>> 16) & 0xf], s.r[insn & 0xf]);
                return;
            case OTHER_SHIFTED_REGISTER:
                s.r[(insn >>> 12) & 0xf] = ArmInstructions.compute(s, (insn >>> 21) & 0xf,
                        s.r[(insn >>> 16) & 0xf], shiftedRegister(s, insn));
                return;
            case CMP_SHIFTED_REGISTER:
                Alu.subFlags(s, s.r[(insn >>> 16) & 0xf], shiftedRegister(s, insn));
                return;
            case LDR_IMMEDIATE:
                s.r[(insn >>> 12) & 0xf] = DataAccess.read32(cpu, immediateAddress(s, insn));
                return;
            case LDRB_IMMEDIATE:
                s.r[(insn >>> 12) & 0xf] = DataAccess.read8(cpu, immediateAddress(s, insn));
                return;
            case LDR_LITERAL: {
                int base = s.pc + 8;
                int address = (insn & (1 << 23)) != 0 ? base + (insn & 0xfff) : base - (insn & 0xfff);
                s.r[(insn >>> 12) & 0xf] = DataAccess.read32(cpu, address);
                return;
            }
            case STR_IMMEDIATE:
                DataAccess.write32(cpu, immediateAddress(s, insn), s.r[(insn >>> 12) & 0xf]);
                return;
            case STRB_IMMEDIATE:
                DataAccess.write8(cpu, immediateAddress(s, insn), s.r[(insn >>> 12) & 0xf]);
                return;
            case WORD_BYTE_INDEXED:
                wordOrByteIndexed(cpu, s, insn);
                return;
            case EXTRA_LOAD_STORE:
                ArmLoadStore.extra(cpu, s, insn);
                return;
            case LDR_REGISTER:
                s.r[(insn >>> 12) & 0xf] = DataAccess.read32(cpu, registerAddress(s, insn));
                return;
            case LDRB_REGISTER:
                s.r[(insn >>> 12) & 0xf] = DataAccess.read8(cpu, registerAddress(s, insn));
                return;
            case STR_REGISTER:
                DataAccess.write32(cpu, registerAddress(s, insn), s.r[(insn >>> 12) & 0xf]);
                return;
            case STRB_REGISTER:
                DataAccess.write8(cpu, registerAddress(s, insn), s.r[(insn >>> 12) & 0xf]);
                return;
            case LDRH_IMMEDIATE:
                s.r[(insn >>> 12) & 0xf] = DataAccess.read16(cpu, halfwordImmediateAddress(s, insn));
                return;
            case STRH_IMMEDIATE:
                DataAccess.write16(cpu, halfwordImmediateAddress(s, insn), s.r[(insn >>> 12) & 0xf]);
                return;
            case LDRH_REGISTER:
                s.r[(insn >>> 12) & 0xf] = DataAccess.read16(cpu, halfwordRegisterAddress(s, insn));
                return;
            case STRH_REGISTER:
                DataAccess.write16(cpu, halfwordRegisterAddress(s, insn), s.r[(insn >>> 12) & 0xf]);
                return;
            case BX:
                s.bxWritePc(s.reg(insn & 0xf));
                return;
            default:
                throw new IllegalStateException("no A32 handler " + op);
        }
    }

    private static int shiftedRegister(CpuState s, int insn) {
        return Alu.shiftImm(s.r[insn & 0xf], (insn >>> 5) & 3, (insn >>> 7) & 0x1f, s.c);
    }

    /**
     * LDR/STR/LDRB/STRB with an immediate offset and base writeback (pre-indexed with !, or
     * post-indexed), Rn and Rt distinct and not the PC: the access first, the writeback after it,
     * so an abort leaves the base alone.
     */
    private static void wordOrByteIndexed(Cpu cpu, CpuState s, int insn) {
        int rn = (insn >>> 16) & 0xf;
        int rt = (insn >>> 12) & 0xf;
        int base = s.r[rn];
        int offsetAddress = (insn & (1 << 23)) != 0 ? base + (insn & 0xfff) : base - (insn & 0xfff);
        int address = (insn & (1 << 24)) != 0 ? offsetAddress : base;
        boolean byteAccess = (insn & (1 << 22)) != 0;
        if ((insn & (1 << 20)) != 0) {
            int value = byteAccess ? DataAccess.read8(cpu, address) : DataAccess.read32(cpu, address);
            s.r[rn] = offsetAddress;
            s.r[rt] = value;
        } else {
            if (byteAccess) {
                DataAccess.write8(cpu, address, s.r[rt]);
            } else {
                DataAccess.write32(cpu, address, s.r[rt]);
            }
            s.r[rn] = offsetAddress;
        }
    }

    private static int registerAddress(CpuState s, int insn) {
        int base = s.r[(insn >>> 16) & 0xf];
        int offset = shiftedRegister(s, insn);
        return (insn & (1 << 23)) != 0 ? base + offset : base - offset;
    }

    private static int halfwordImmediateAddress(CpuState s, int insn) {
        int base = s.r[(insn >>> 16) & 0xf];
        int offset = ((insn >>> 4) & 0xf0) | (insn & 0xf);
        return (insn & (1 << 23)) != 0 ? base + offset : base - offset;
    }

    private static int halfwordRegisterAddress(CpuState s, int insn) {
        int base = s.r[(insn >>> 16) & 0xf];
        int offset = s.r[insn & 0xf];
        return (insn & (1 << 23)) != 0 ? base + offset : base - offset;
    }

    private static int immediateAddress(CpuState s, int insn) {
        int base = s.r[(insn >>> 16) & 0xf];
        return (insn & (1 << 23)) != 0 ? base + (insn & 0xfff) : base - (insn & 0xfff);
    }
}
