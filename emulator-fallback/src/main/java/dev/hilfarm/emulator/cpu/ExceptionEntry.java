package dev.hilfarm.emulator.cpu;

/**
 * Taking an exception (B1.8 of the ARMv7-A reference manual): save CPSR to the target mode's
 * SPSR, switch mode, set LR to the preferred return address plus the exception's offset, mask
 * interrupts as the exception requires, select ARM or Thumb per SCTLR.TE and jump to the vector.
 * Exceptions here are taken in the instruction stream of {@link Cpu#step}: {@code state.pc} is the
 * instruction that caused it (or the next one to execute, for interrupts).
 */
public final class ExceptionEntry {
    public static final int VECTOR_RESET = 0x00;
    public static final int VECTOR_UNDEFINED = 0x04;
    public static final int VECTOR_SVC = 0x08;
    public static final int VECTOR_PREFETCH_ABORT = 0x0c;
    public static final int VECTOR_DATA_ABORT = 0x10;
    public static final int VECTOR_IRQ = 0x18;
    public static final int VECTOR_FIQ = 0x1c;

    private ExceptionEntry() {
    }

    /**
     * UNDEFINED instruction: LR = instruction + 4 in ARM state, + 2 in Thumb state whatever the
     * instruction's size (the architecture's fixed offset). Linux relies on it: its handler reads
     * the first halfword of a 32-bit Thumb instruction at LR - 2 (lazy VFP switching).
     */
    public static void undefined(Cpu cpu) {
        CpuState s = cpu.state;
        noteSynchronous(cpu);
        take(cpu, Mode.UND, VECTOR_UNDEFINED, s.pc + (s.thumb ? 2 : 4), false, false);
        cpu.lastVectorEntered = s.nextPc;
    }

    /** SVC: LR = the instruction after the SVC (already in nextPc, which is its address + size). */
    public static void supervisorCall(Cpu cpu) {
        take(cpu, Mode.SVC, VECTOR_SVC, cpu.state.nextPc, false, false);
    }

    /** Prefetch abort (also BKPT without a debugger): LR = faulting instruction + 4. */
    public static void prefetchAbort(Cpu cpu) {
        noteSynchronous(cpu);
        take(cpu, Mode.ABT, VECTOR_PREFETCH_ABORT, cpu.state.pc + 4, true, false);
        cpu.lastVectorEntered = cpu.state.nextPc;
    }

    /** Data abort: LR = faulting instruction + 8. */
    public static void dataAbort(Cpu cpu) {
        noteSynchronous(cpu);
        take(cpu, Mode.ABT, VECTOR_DATA_ABORT, cpu.state.pc + 8, true, false);
        cpu.lastVectorEntered = cpu.state.nextPc;
    }

    private static final int EXCEPTION_LOOP_LIMIT = 1000;

    /**
     * Counts faults on the very instruction a previous exception jumped to: a handler that cannot
     * run its first instruction will never make progress, so after many in a row the core stops.
     */
    private static void noteSynchronous(Cpu cpu) {
        if (cpu.state.pc == cpu.lastVectorEntered) {
            if (++cpu.repeatedVectorFaults >= EXCEPTION_LOOP_LIMIT) {
                cpu.stuckInExceptionLoop = true;
            }
        } else {
            cpu.repeatedVectorFaults = 0;
        }
    }

    /** IRQ, taken before executing the instruction at pc: LR = pc + 4 so that SUBS PC, LR, #4 returns to it. */
    public static void irq(Cpu cpu) {
        take(cpu, Mode.IRQ, VECTOR_IRQ, cpu.state.pc + 4, true, false);
    }

    public static void fiq(Cpu cpu) {
        take(cpu, Mode.FIQ, VECTOR_FIQ, cpu.state.pc + 4, true, true);
    }

    private static void take(Cpu cpu, int mode, int vectorOffset, int returnAddress, boolean maskA, boolean maskF) {
        CpuState s = cpu.state;
        SystemControl sys = cpu.systemControl;
        int savedCpsr = s.cpsr();
        s.switchMode(mode);
        s.setSpsr(savedCpsr);
        s.r[14] = returnAddress;
        s.maskI = true;
        if (maskA) {
            s.maskA = true;
        }
        if (maskF) {
            s.maskF = true;
        }
        s.itState = 0;
        s.thumb = sys.thumbExceptions();
        s.bigEndianData = sys.exceptionEndianBig();
        int base = sys.highVectors() ? 0xffff0000 : sys.vectorBase();
        s.nextPc = base + vectorOffset;
        if (cpu.exceptionTrace != null) {
            cpu.exceptionTrace.exceptionTaken(vectorOffset, s.pc, savedCpsr, s.nextPc);
        }
    }
}
