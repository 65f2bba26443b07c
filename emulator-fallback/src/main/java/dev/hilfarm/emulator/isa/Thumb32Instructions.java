package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * 32-bit Thumb instructions (A6.3): the top-level decode, branches and miscellaneous control
 * (B, BL, BLX, MSR, MRS, CPS, hints, barriers, BXJ, SUBS PC, LR) and the coprocessor space.
 * {@code insn} holds the first halfword in bits 31-16 and the second in bits 15-0; {@code nextPc}
 * already points past both halfwords when this runs.
 */
final class Thumb32Instructions {
    private Thumb32Instructions() {
    }

    static void execute(Cpu cpu, CpuState s, int insn) {
        switch ((insn >>> 27) & 3) {
            case 1: // 11101
                if ((insn & 0x04000000) != 0) {
                    coprocessor(cpu, insn);
                } else if ((insn & 0x02000000) != 0) {
                    Thumb32DataProcessing.shiftedRegister(cpu, s, insn);
                } else if ((insn & 0x00400000) != 0) {
                    Thumb32LoadStore.dualExclusiveTable(cpu, s, insn);
                } else {
                    Thumb32LoadStore.multiple(cpu, s, insn);
                }
                return;
            case 2: // 11110
                if ((insn & 0x8000) != 0) {
                    branchesAndControl(cpu, s, insn);
                } else if ((insn & 0x02000000) != 0) {
                    Thumb32DataProcessing.plainImmediate(s, insn);
                } else {
                    Thumb32DataProcessing.modifiedImmediate(cpu, s, insn);
                }
                return;
            default: // 11111
                if ((insn & 0x04000000) != 0) {
                    coprocessor(cpu, insn);
                } else if ((insn & 0x02000000) == 0) {
                    Thumb32LoadStore.single(cpu, s, insn);
                } else if ((insn & 0x01000000) == 0) {
                    Thumb32DataProcessing.register(s, insn);
                } else if ((insn & 0x00800000) == 0) {
                    Thumb32DataProcessing.multiply(s, insn);
                } else {
                    Thumb32DataProcessing.longMultiply(s, insn);
                }
        }
    }

    /**
     * 111T 11xx: coprocessor, VFP and Advanced SIMD. The T32 encodings equal the A32 ones with
     * bits 31-28 = 0xE (T = 0) or 0xF (T = 1, the "2" forms); 111T 1111 is Advanced SIMD data
     * processing, which this core does not have.
     */
    private static void coprocessor(Cpu cpu, int insn) {
        if ((insn & 0x03000000) == 0x03000000) {
            throw UndefinedInstruction.INSTANCE;
        }
        int a32 = (insn & 0x0fffffff) | ((insn & 0x10000000) != 0 ? 0xf0000000 : 0xe0000000);
        SystemOperations.coprocessor(cpu, a32);
    }

    /** 11110 with hw2 bit 15 set. */
    static void branchesAndControl(Cpu cpu, CpuState s, int insn) {
        int op1 = (insn >>> 12) & 5; // hw2 bits 14 and 12
        int sign = (insn >>> 26) & 1;
        if (op1 != 0) {
            int i1 = ~(((insn >>> 13) & 1) ^ sign) & 1;
            int i2 = ~(((insn >>> 11) & 1) ^ sign) & 1;
            int offset = (sign << 24) | (i1 << 23) | (i2 << 22) | (((insn >>> 16) & 0x3ff) << 12) | ((insn & 0x7ff) << 1);
            offset = (offset << 7) >> 7;
            switch (op1) {
                case 1: // B (T4)
                    s.nextPc = s.pc + 4 + offset;
                    return;
                case 5: // BL
                    s.r[14] = (s.pc + 4) | 1;
                    s.nextPc = s.pc + 4 + offset;
                    return;
                default: // BLX (immediate), to ARM state
                    if ((insn & 1) != 0) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    s.r[14] = (s.pc + 4) | 1;
                    s.thumb = false;
                    s.nextPc = ((s.pc + 4) & ~3) + offset;
                    return;
            }
        }
        int op = (insn >>> 20) & 0x7f;
        if ((op & 0x38) != 0x38) {
            // B<cond> (T3): S:J2:J1:imm6:imm11:0
            int offset = (sign << 20) | (((insn >>> 11) & 1) << 19) | (((insn >>> 13) & 1) << 18)
                    | (((insn >>> 16) & 0x3f) << 12) | ((insn & 0x7ff) << 1);
            offset = (offset << 11) >> 11;
            if (s.conditionPassed((insn >>> 22) & 0xf)) {
                s.nextPc = s.pc + 4 + offset;
            }
            return;
        }
        switch (op) {
            case 0x38:
            case 0x39: // MSR (register)
                if ((insn & 0x20ff) != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                int value = s.reg((insn >>> 16) & 0xf);
                int fields = (insn >>> 8) & 0xf;
                if ((insn & 0x00100000) != 0) {
                    StatusRegisters.writeSpsr(s, value, fields);
                } else {
                    StatusRegisters.writeCpsr(s, value, fields);
                }
                return;
            case 0x3a:
                hintOrChangeProcessorState(cpu, s, insn);
                return;
            case 0x3b:
                miscellaneousControl(cpu, insn);
                return;
            case 0x3c: // BXJ: as BX
                if ((insn & 0x2fff) != 0x0f00) {
                    throw UndefinedInstruction.INSTANCE;
                }
                s.bxWritePc(s.reg((insn >>> 16) & 0xf));
                return;
            case 0x3d: // SUBS PC, LR, #imm8: exception return, UNDEFINED in User mode
                if ((insn & 0x000f2f00) != 0x000e0f00 || !s.privileged()) {
                    throw UndefinedInstruction.INSTANCE;
                }
                StatusRegisters.exceptionReturn(cpu, s.r[14] - (insn & 0xff), s.spsr());
                return;
            case 0x3e:
            case 0x3f: { // MRS
                int rd = (insn >>> 8) & 0xf;
                if ((insn & 0x000f20ff) != 0x000f0000) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, (insn & 0x00100000) != 0 ? StatusRegisters.readSpsr(s) : StatusRegisters.readCpsr(s));
                return;
            }
            default: // HVC, SMC, UDF and unallocated
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** 1111 0011 1010 1111 10x0 0xxx: the hints (op1 = 000) or CPS. */
    private static void hintOrChangeProcessorState(Cpu cpu, CpuState s, int insn) {
        if ((insn & 0x000f2800) != 0x000f0000) {
            throw UndefinedInstruction.INSTANCE;
        }
        if ((insn & 0x0700) == 0) {
            SystemOperations.hint(cpu, insn & 0xff);
            return;
        }
        StatusRegisters.changeProcessorState(s, (insn >>> 9) & 3, (insn & 0x100) != 0,
                (insn & 0x80) != 0, (insn & 0x40) != 0, (insn & 0x20) != 0, insn & 0x1f);
    }

    /** 1111 0011 1011 1111 10x0 1111 op option: CLREX, DSB, DMB, ISB. */
    private static void miscellaneousControl(Cpu cpu, int insn) {
        if ((insn & 0x000f2f00) != 0x000f0f00) {
            throw UndefinedInstruction.INSTANCE;
        }
        switch ((insn >>> 4) & 0xf) {
            case 2:
                if ((insn & 0xf) != 0xf) {
                    throw UndefinedInstruction.INSTANCE;
                }
                cpu.monitor.clear();
                return;
            case 4:
            case 5:
            case 6:
                return; // DSB, DMB, ISB: one in-order core sees its own accesses in order
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }
}
