package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;

/**
 * The fast tier's handlers for Thumb outside IT blocks (inside one, {@link ThumbInstructions}
 * runs its full path, which also advances ITSTATE). {@link #classify} names a handler once per
 * decoded instruction; {@link #execute} runs it. The hot 16-bit forms (immediate moves, adds and
 * compares, SP- and register-relative word loads and stores, branches) have their own handlers,
 * the other 16-bit ones go to {@link ThumbInstructions}'s decode, and 32-bit ones to the routine
 * of their group, skipping the top-level decode. The handlers reuse the decoder's routines and
 * {@link Alu}, so each operation is defined once.
 */
final class ThumbHandlers {
    static final int SIXTEEN_BIT = 2;
    static final int MOVS_IMMEDIATE = 3;
    static final int CMP_IMMEDIATE = 4;
    static final int ADDS_IMMEDIATE = 5;
    static final int SUBS_IMMEDIATE = 6;
    static final int LDR_IMMEDIATE = 7;
    static final int STR_IMMEDIATE = 8;
    static final int LDR_SP = 9;
    static final int STR_SP = 10;
    static final int LDR_LITERAL = 11;
    static final int B_CONDITIONAL = 12;
    static final int B = 13;
    static final int MOV_HIGH = 14;
    static final int DATA_PROCESSING = 15;
    static final int LOAD_STORE_REGISTER = 16;
    static final int LDRB_IMMEDIATE = 17;
    static final int STRB_IMMEDIATE = 18;
    // 32-bit groups
    static final int WIDE = 20;
    static final int WIDE_LOAD_STORE_SINGLE = 21;
    static final int WIDE_SHIFTED_REGISTER = 22;
    static final int WIDE_MODIFIED_IMMEDIATE = 23;
    static final int WIDE_PLAIN_IMMEDIATE = 24;
    static final int WIDE_BRANCH_OR_CONTROL = 25;
    static final int WIDE_LOAD_STORE_MULTIPLE = 26;
    static final int WIDE_REGISTER = 27;

    private ThumbHandlers() {
    }

    /** {@code insn} is a 16-bit instruction, or a 32-bit one as first &lt;&lt; 16 | second. */
    static int classify(int insn) {
        if ((insn >>> 16) != 0) {
            return classifyWide(insn);
        }
        int hw = insn;
        switch (hw >>> 11) {
            case 0b00100:
                return MOVS_IMMEDIATE;
            case 0b00101:
                return CMP_IMMEDIATE;
            case 0b00110:
                return ADDS_IMMEDIATE;
            case 0b00111:
                return SUBS_IMMEDIATE;
            case 0b01001:
                return LDR_LITERAL;
            case 0b01100:
                return STR_IMMEDIATE;
            case 0b01101:
                return LDR_IMMEDIATE;
            case 0b01110:
                return STRB_IMMEDIATE;
            case 0b01111:
                return LDRB_IMMEDIATE;
            case 0b10010:
                return STR_SP;
            case 0b10011:
                return LDR_SP;
            case 0b11100:
                return B;
            case 0b01000:
                if ((hw & 0x0400) == 0) {
                    return DATA_PROCESSING;
                }
                // MOV (register) with any registers but the PC as destination
                return (hw & 0x0300) == 0x0200 && (((hw >>> 4) & 8) | (hw & 7)) != 15 ? MOV_HIGH : SIXTEEN_BIT;
            case 0b01010:
            case 0b01011:
                return LOAD_STORE_REGISTER;
            case 0b11010:
            case 0b11011:
                int cond = (hw >>> 8) & 0xf;
                return cond < 0xe ? B_CONDITIONAL : SIXTEEN_BIT;
            default:
                return SIXTEEN_BIT;
        }
    }

    private static int classifyWide(int insn) {
        switch ((insn >>> 27) & 3) {
            case 1:
                if ((insn & 0x04000000) != 0) {
                    return WIDE;
                }
                if ((insn & 0x02000000) != 0) {
                    return WIDE_SHIFTED_REGISTER;
                }
                return (insn & 0x00400000) != 0 ? WIDE : WIDE_LOAD_STORE_MULTIPLE;
            case 2:
                if ((insn & 0x8000) != 0) {
                    return WIDE_BRANCH_OR_CONTROL;
                }
                return (insn & 0x02000000) != 0 ? WIDE_PLAIN_IMMEDIATE : WIDE_MODIFIED_IMMEDIATE;
            default:
                if ((insn & 0x04000000) != 0) {
                    return WIDE;
                }
                if ((insn & 0x02000000) == 0) {
                    return WIDE_LOAD_STORE_SINGLE;
                }
                return (insn & 0x01000000) == 0 ? WIDE_REGISTER : WIDE;
        }
    }

    static void execute(Cpu cpu, CpuState s, int op, int insn) {
        switch (op) {
            case SIXTEEN_BIT:
                ThumbInstructions.execute16(cpu, s, insn, false);
                return;
            case MOVS_IMMEDIATE: {
                int imm = insn & 0xff;
                s.r[(insn >>> 8) & 7] = imm;
                s.setNz(imm);
                return;
            }
            case CMP_IMMEDIATE:
                Alu.subFlags(s, s.r[(insn >>> 8) & 7], insn & 0xff);
                return;
            case ADDS_IMMEDIATE: {
                int rdn = (insn >>> 8) & 7;
                s.r[rdn] = Alu.addFlags(s, s.r[rdn], insn & 0xff);
                return;
            }
            case SUBS_IMMEDIATE: {
                int rdn = (insn >>> 8) & 7;
                s.r[rdn] = Alu.subFlags(s, s.r[rdn], insn & 0xff);
                return;
            }
            case LDR_LITERAL:
                s.r[(insn >>> 8) & 7] = DataAccess.read32(cpu, ((s.pc + 4) & ~3) + ((insn & 0xff) << 2));
                return;
            case LDR_IMMEDIATE:
                s.r[insn & 7] = DataAccess.read32(cpu, s.r[(insn >>> 3) & 7] + (((insn >>> 6) & 0x1f) << 2));
                return;
            case STR_IMMEDIATE:
                DataAccess.write32(cpu, s.r[(insn >>> 3) & 7] + (((insn >>> 6) & 0x1f) << 2), s.r[insn & 7]);
                return;
            case LDRB_IMMEDIATE:
                s.r[insn & 7] = DataAccess.read8(cpu, s.r[(insn >>> 3) & 7] + ((insn >>> 6) & 0x1f));
                return;
            case STRB_IMMEDIATE:
                DataAccess.write8(cpu, s.r[(insn >>> 3) & 7] + ((insn >>> 6) & 0x1f), s.r[insn & 7]);
                return;
            case LDR_SP:
                s.r[(insn >>> 8) & 7] = DataAccess.read32(cpu, s.r[13] + ((insn & 0xff) << 2));
                return;
            case STR_SP:
                DataAccess.write32(cpu, s.r[13] + ((insn & 0xff) << 2), s.r[(insn >>> 8) & 7]);
                return;
            case B_CONDITIONAL:
                if (s.conditionPassed((insn >>> 8) & 0xf)) {
                    s.nextPc = s.pc + 4 + ((insn << 24) >> 23);
                }
                return;
            case B:
                s.nextPc = s.pc + 4 + ((insn << 21) >> 20);
                return;
            case MOV_HIGH:
                s.r[((insn >>> 4) & 8) | (insn & 7)] = s.reg((insn >>> 3) & 0xf);
                return;
            case DATA_PROCESSING:
                ThumbInstructions.dataProcessing(s, insn, true);
                return;
            case LOAD_STORE_REGISTER:
                ThumbInstructions.loadStoreRegister(cpu, s, insn);
                return;
            default:
                executeWide(cpu, s, op, insn);
        }
    }

    private static void executeWide(Cpu cpu, CpuState s, int op, int insn) {
        s.nextPc = s.pc + 4;
        switch (op) {
            case WIDE_LOAD_STORE_SINGLE:
                Thumb32LoadStore.single(cpu, s, insn);
                return;
            case WIDE_SHIFTED_REGISTER:
                Thumb32DataProcessing.shiftedRegister(cpu, s, insn);
                return;
            case WIDE_MODIFIED_IMMEDIATE:
                Thumb32DataProcessing.modifiedImmediate(cpu, s, insn);
                return;
            case WIDE_PLAIN_IMMEDIATE:
                Thumb32DataProcessing.plainImmediate(s, insn);
                return;
            case WIDE_BRANCH_OR_CONTROL:
                Thumb32Instructions.branchesAndControl(cpu, s, insn);
                return;
            case WIDE_LOAD_STORE_MULTIPLE:
                Thumb32LoadStore.multiple(cpu, s, insn);
                return;
            case WIDE_REGISTER:
                Thumb32DataProcessing.register(s, insn);
                return;
            default:
                Thumb32Instructions.execute(cpu, s, insn);
        }
    }
}
