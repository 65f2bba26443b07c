package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * CPSR and SPSR as instructions read and write them: MRS, MSR, CPS, SETEND and exception return
 * (B1.3.3, B9.3 of the ARMv7-A reference manual), with the masks QEMU's cortex-a9 applies.
 */
final class StatusRegisters {
    /** Execution-state bits (J, IT, T): MRS reads them as zero and MSR to CPSR ignores them. */
    static final int EXECUTION_STATE = 0x0600fc20 | (1 << 24);
    /** CPSR bits an MSR may write in a privileged mode: NZCVQ, GE, E, A, I, F, M. */
    static final int CPSR_WRITABLE = 0xf80f03df;
    /** ... and in User mode: NZCVQ, GE and E. */
    static final int CPSR_USER_WRITABLE = 0xf80f0200;
    /** SPSR bits that exist (everything but the reserved bits 23-20). */
    static final int SPSR_WRITABLE = 0xff0fffff;

    static final int BIT_A = 1 << 8;
    static final int BIT_I = 1 << 7;
    static final int BIT_F = 1 << 6;
    static final int MODE_MASK = 0x1f;

    private StatusRegisters() {
    }

    /** The MSR field mask (c, x, s, f in bits 0-3) as a bit mask. */
    static int fieldMask(int fields) {
        return ((fields & 1) != 0 ? 0x000000ff : 0) | ((fields & 2) != 0 ? 0x0000ff00 : 0)
                | ((fields & 4) != 0 ? 0x00ff0000 : 0) | ((fields & 8) != 0 ? 0xff000000 : 0);
    }

    static int readCpsr(CpuState s) {
        return s.cpsr() & ~EXECUTION_STATE;
    }

    /** MRS Rd, SPSR: UNDEFINED in User mode (QEMU's choice for this UNPREDICTABLE case). */
    static int readSpsr(CpuState s) {
        if (!s.privileged()) {
            throw UndefinedInstruction.INSTANCE;
        }
        return s.spsr();
    }

    /** MSR CPSR_fields: User mode may only write the flags, GE and E; a change to an invalid mode is ignored. */
    static void writeCpsr(CpuState s, int value, int fields) {
        int mask = fieldMask(fields) & (s.privileged() ? CPSR_WRITABLE : CPSR_USER_WRITABLE);
        if (mask != 0) {
            s.setCpsr((s.cpsr() & ~mask) | (value & mask));
        }
    }

    static void writeSpsr(CpuState s, int value, int fields) {
        if (!s.privileged()) {
            throw UndefinedInstruction.INSTANCE;
        }
        int mask = fieldMask(fields) & SPSR_WRITABLE;
        s.setSpsr((s.spsr() & ~mask) | (value & mask));
    }

    /**
     * CPS: in User mode a no-op (as the architecture defines); otherwise sets or clears A, I, F
     * (imod 11 disables, 10 enables) and optionally changes mode.
     */
    static void changeProcessorState(CpuState s, int imod, boolean changeMode, boolean a, boolean i, boolean f, int mode) {
        if (!s.privileged()) {
            return;
        }
        int mask = 0;
        int value = 0;
        if ((imod & 2) != 0) {
            mask = (a ? BIT_A : 0) | (i ? BIT_I : 0) | (f ? BIT_F : 0);
            if ((imod & 1) != 0) {
                value = mask;
            }
        }
        if (changeMode) {
            mask |= MODE_MASK;
            value |= mode;
        }
        if (mask != 0) {
            s.setCpsr((s.cpsr() & ~mask) | value);
        }
    }

    /**
     * Exception return (SUBS PC, LR; LDM ... {pc}^; RFE): CPSR from {@code newCpsr}, then the PC,
     * aligned for the instruction set being returned to. Clears the local exclusive monitor.
     */
    static void exceptionReturn(Cpu cpu, int address, int newCpsr) {
        CpuState s = cpu.state;
        s.setCpsr(newCpsr);
        s.nextPc = s.thumb ? address & ~1 : address & ~3;
        cpu.monitor.clear();
    }

    /** SP of another mode's bank (SRS). */
    static int bankedSp(CpuState s, int mode) {
        int bank = Mode.bankOf(mode);
        return bank == Mode.bankOf(s.mode()) ? s.r[13] : s.bankedSp[bank];
    }

    static void setBankedSp(CpuState s, int mode, int value) {
        int bank = Mode.bankOf(mode);
        if (bank == Mode.bankOf(s.mode())) {
            s.r[13] = value;
        } else {
            s.bankedSp[bank] = value;
        }
    }
}
