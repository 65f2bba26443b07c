package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Coprocessor;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.ExceptionEntry;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * Instructions that reach outside the register file, shared by both instruction sets: SVC and
 * semihosting, BKPT, HLT, the hints (WFI), and the coprocessor interface (MRC/MCR/MRRC/MCRR to
 * {@link Cpu#coprocessors}, everything on coprocessors 10 and 11 to {@link Cpu#fpu}).
 */
final class SystemOperations {
    /** The SVC immediates of the semihosting interface (ARM state, Thumb state). */
    static final int SEMIHOSTING_SVC_ARM = 0x123456;
    static final int SEMIHOSTING_SVC_THUMB = 0xab;
    /** The HLT immediates QEMU also accepts for semihosting (A32, T32). */
    static final int SEMIHOSTING_HLT_ARM = 0xf000;
    static final int SEMIHOSTING_HLT_THUMB = 0x3c;

    /** IFSR of a BKPT debug event in the short-descriptor format: FS = 0b00010. */
    static final int IFSR_DEBUG_EVENT = 0x2;

    static final int HINT_WFI = 3;

    private SystemOperations() {
    }

    /**
     * SVC: a semihosting call when enabled and made from a privileged mode (QEMU's default
     * refuses semihosting from User mode), else the Supervisor Call exception. {@code nextPc} is
     * already the following instruction, which is both where semihosting continues and the
     * exception's return address.
     */
    static void supervisorCall(Cpu cpu, int imm, int semihostingImm) {
        if (imm == semihostingImm && semihostingCall(cpu)) {
            return;
        }
        ExceptionEntry.supervisorCall(cpu);
    }

    /** HLT: semihosting for its one immediate, UNDEFINED otherwise (no halting debug on this core). */
    static void halt(Cpu cpu, int imm, int semihostingImm) {
        if (imm == semihostingImm && semihostingCall(cpu)) {
            return;
        }
        throw UndefinedInstruction.INSTANCE;
    }

    private static boolean semihostingCall(Cpu cpu) {
        return cpu.semihosting != null && cpu.state.privileged() && cpu.semihosting.handle(cpu);
    }

    /**
     * BKPT without an attached debugger: what QEMU does for A-profile cores, a Prefetch Abort
     * with IFSR reporting a debug event and IFAR 0, returning to the BKPT itself. (QEMU treats
     * BKPT 0xAB as semihosting only on M-profile cores.)
     */
    static void breakpoint(Cpu cpu) {
        cpu.systemControl.recordPrefetchAbort(IFSR_DEBUG_EVENT, 0);
        ExceptionEntry.prefetchAbort(cpu);
    }

    /** NOP, YIELD, WFE, WFI, SEV, DBG and the unallocated hints (which execute as NOP). */
    static void hint(Cpu cpu, int op) {
        if (op == HINT_WFI) {
            cpu.waitingForInterrupt = true;
        }
    }

    /**
     * A coprocessor instruction in its A32 form (Thumb callers rebuild it with bits 31-28 = 0xE,
     * or 0xF for the "2" forms). The condition has already passed.
     */
    static void coprocessor(Cpu cpu, int insn) {
        int coproc = (insn >>> 8) & 0xf;
        if ((coproc & 0xe) == 10) {
            if (cpu.fpu == null) {
                throw UndefinedInstruction.INSTANCE;
            }
            cpu.fpu.execute(cpu, insn);
            return;
        }
        Coprocessor cp = cpu.coprocessors[coproc];
        if (cp == null || (insn >>> 28) == 0xf) {
            // MCR2/MRC2/LDC2/... reach no coprocessor on this core.
            throw UndefinedInstruction.INSTANCE;
        }
        CpuState s = cpu.state;
        if ((insn & 0x0f000010) == 0x0e000010) {
            int opc1 = (insn >>> 21) & 7;
            int crn = (insn >>> 16) & 0xf;
            int rt = (insn >>> 12) & 0xf;
            int opc2 = (insn >>> 5) & 7;
            int crm = insn & 0xf;
            if ((insn & (1 << 20)) != 0) {
                int value = cp.mrc(s, opc1, crn, crm, opc2);
                if (rt == 15) {
                    s.setFlags(value); // MRC to APSR_nzcv
                } else {
                    s.r[rt] = value;
                }
            } else {
                cp.mcr(s, opc1, crn, crm, opc2, s.reg(rt));
            }
            return;
        }
        if ((insn & 0x0fe00000) == 0x0c400000) {
            int rt2 = (insn >>> 16) & 0xf;
            int rt = (insn >>> 12) & 0xf;
            int opc1 = (insn >>> 4) & 0xf;
            int crm = insn & 0xf;
            if (rt == 15 || rt2 == 15) {
                throw UndefinedInstruction.INSTANCE;
            }
            if ((insn & (1 << 20)) != 0) {
                long value = cp.mrrc(s, opc1, crm);
                s.r[rt] = (int) value;
                s.r[rt2] = (int) (value >>> 32);
            } else {
                cp.mcrr(s, opc1, crm, ((long) s.r[rt2] << 32) | (s.r[rt] & 0xffffffffL));
            }
            return;
        }
        // LDC, STC, CDP: no coprocessor on this core but the VFP has any.
        throw UndefinedInstruction.INSTANCE;
    }
}
