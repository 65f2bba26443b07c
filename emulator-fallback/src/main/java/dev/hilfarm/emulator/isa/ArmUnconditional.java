package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * The A32 unconditional space, condition field 0b1111 (A5.7): CPS, SETEND, the preloads
 * (no-ops: there is no cache to warm), CLREX and the barriers (no-ops for one in-order core),
 * SRS, RFE, BLX (immediate) and the coprocessor "2" forms. Advanced SIMD is absent and UNDEFINED.
 */
final class ArmUnconditional {
    private static final int BARRIER_CLREX = 1;
    private static final int BARRIER_DSB = 4;
    private static final int BARRIER_DMB = 5;
    private static final int BARRIER_ISB = 6;

    private ArmUnconditional() {
    }

    static void execute(Cpu cpu, int insn) {
        CpuState s = cpu.state;
        int op1 = (insn >>> 20) & 0xff;
        switch ((insn >>> 25) & 7) {
            case 0:
                if (op1 == 0x10) {
                    processorStateOrEndianness(s, insn);
                    return;
                }
                throw UndefinedInstruction.INSTANCE;
            case 1:
                throw UndefinedInstruction.INSTANCE; // Advanced SIMD data processing
            case 2:
                hintsAndBarriers(cpu, insn, op1);
                return;
            case 3:
                preloadRegister(insn, op1);
                return;
            case 4:
                returnState(cpu, insn);
                return;
            case 5: { // BLX (immediate): to Thumb, H supplies bit 1 of the offset
                int offset = ((insn << 8) >> 6) | ((insn >>> 23) & 2);
                s.r[14] = s.pc + 4;
                s.thumb = true;
                s.nextPc = s.pc + 8 + offset;
                return;
            }
            default:
                SystemOperations.coprocessor(cpu, insn);
        }
    }

    /** CPS (bit 16 = 0) and SETEND (bit 16 = 1), with their should-be-zero fields checked as QEMU does. */
    private static void processorStateOrEndianness(CpuState s, int insn) {
        if ((insn & 0x10000) != 0) {
            if ((insn & 0x000efdff) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            s.bigEndianData = (insn & 0x200) != 0;
            return;
        }
        if ((insn & 0x0000fe20) != 0) {
            throw UndefinedInstruction.INSTANCE;
        }
        StatusRegisters.changeProcessorState(s, (insn >>> 18) & 3, (insn & 0x20000) != 0,
                (insn & 0x100) != 0, (insn & 0x80) != 0, (insn & 0x40) != 0, insn & 0x1f);
    }

    /** Bits 27-24 = 0100/0101: PLI/PLD/PLDW (immediate), unallocated hints, CLREX, DSB, DMB, ISB. */
    private static void hintsAndBarriers(Cpu cpu, int insn, int op1) {
        boolean rtAllOnes = (insn & 0xf000) == 0xf000;
        if ((op1 & 0xf0) == 0x40) {
            if ((op1 & 1) == 0) {
                throw UndefinedInstruction.INSTANCE; // Advanced SIMD element/structure load/store
            }
            if ((op1 & 7) == 1 || ((op1 & 7) == 5 && rtAllOnes)) {
                return; // unallocated memory hint, PLI (immediate)
            }
            throw UndefinedInstruction.INSTANCE;
        }
        if (op1 == 0x57) {
            if ((insn & 0x000fff00) != 0x000ff000) {
                throw UndefinedInstruction.INSTANCE;
            }
            int option = insn & 0xf;
            switch ((insn >>> 4) & 0xf) {
                case BARRIER_CLREX:
                    if (option != 0xf) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    cpu.monitor.clear();
                    return;
                case BARRIER_DSB:
                case BARRIER_DMB:
                case BARRIER_ISB:
                    return;
                default:
                    throw UndefinedInstruction.INSTANCE;
            }
        }
        if (((op1 & 7) == 1 || (op1 & 7) == 5) && rtAllOnes) {
            return; // PLDW, PLD (immediate and literal)
        }
        throw UndefinedInstruction.INSTANCE;
    }

    /** Bits 27-24 = 0110/0111, bit 4 = 0: PLI/PLD/PLDW (register) and unallocated hints. */
    private static void preloadRegister(int insn, int op1) {
        if ((insn & 0x10) == 0) {
            boolean rtAllOnes = (insn & 0xf000) == 0xf000;
            int kind = op1 & 0xf7;
            if (kind == 0x61 || ((kind == 0x65 || kind == 0x71 || kind == 0x75) && rtAllOnes)) {
                return;
            }
        }
        throw UndefinedInstruction.INSTANCE;
    }

    /** SRS (bit 22 = 1) and RFE (bit 20 = 1), bits 27-25 = 100. */
    private static void returnState(Cpu cpu, int insn) {
        boolean increment = (insn & (1 << 23)) != 0;
        boolean before = (insn & (1 << 24)) != 0;
        boolean writeback = (insn & (1 << 21)) != 0;
        if ((insn & 0x0e5fffe0) == 0x084d0500) {
            BlockTransfer.storeReturnState(cpu, insn & 0x1f, increment, before, writeback);
        } else if ((insn & 0x0e50ffff) == 0x08100a00) {
            BlockTransfer.returnFromException(cpu, (insn >>> 16) & 0xf, increment, before, writeback);
        } else {
            throw UndefinedInstruction.INSTANCE;
        }
    }
}
