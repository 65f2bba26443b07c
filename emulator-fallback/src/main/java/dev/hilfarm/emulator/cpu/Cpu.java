package dev.hilfarm.emulator.cpu;

import dev.hilfarm.emulator.memory.CodePage;
import dev.hilfarm.emulator.memory.Memory;
import dev.hilfarm.emulator.memory.MemoryAbort;

/**
 * One Cortex-A8/A9 core: register state, the instruction sets, coprocessors and the
 * fetch-decode-execute loop. The loop allocates nothing: aborts and undefined instructions are
 * preallocated exceptions, instructions are ints, and devices run from the same thread when their
 * virtual time (counted in retired instructions) comes.
 *
 * <p>The parts are wired by the machine: {@link #memory} (MMU and bus), {@link #coprocessors}
 * (CP15 at index 15, CP14 at 14), {@link #fpu}, {@link #systemControl}, {@link #events} and, when
 * enabled, {@link #semihosting}. Interrupt lines are driven by the interrupt controller.
 */
public final class Cpu {
    /** First halfwords from here up start a 32-bit Thumb instruction. */
    private static final int FIRST_32BIT_THUMB = 0xe800;

    public final CpuState state = new CpuState();
    public final ExclusiveMonitor monitor = new ExclusiveMonitor();
    public final Coprocessor[] coprocessors = new Coprocessor[16];
    public Memory memory;
    public InstructionSet arm;
    public InstructionSet thumb;
    public FloatingPoint fpu;
    public SystemControl systemControl;
    public TimedEvents events = TimedEvents.NONE;
    public Semihosting semihosting;
    /** Told of each exception taken; null (the default) when nobody traces. */
    public ExceptionTrace exceptionTrace;
    /**
     * The last instructions executed, for the trail printed after a panic, a timeout or a fault;
     * always on, as those cannot be foreseen (one array store per instruction).
     */
    public final RecentInstructions recent = new RecentInstructions(256);

    /** Level-sensitive interrupt inputs, driven by the interrupt controller. */
    public boolean irqLine;
    public boolean fiqLine;

    /**
     * Set when the core keeps faulting on the first instruction of the handler it has just
     * entered (an unmapped or garbage vector table): it would loop forever without progress.
     * {@link #run} returns; the machine reports it with PC and mode.
     */
    public boolean stuckInExceptionLoop;

    /** Where the last synchronous exception jumped to, and how often in a row it faulted there again. */
    int lastVectorEntered = -1;
    int repeatedVectorFaults;

    /** Set by WFI; cleared when an interrupt is pending (even if masked, as the architecture says). */
    public boolean waitingForInterrupt;

    private long instructions;
    private long idleSkipped;
    private long nextEventAt = 0;
    private boolean stopRequested;

    /** Virtual time in instructions: those executed plus those skipped while idle in WFI. */
    public long instructionsRetired() {
        return instructions;
    }

    /** Instructions actually executed (virtual time minus idle time skipped in WFI). */
    public long instructionsExecuted() {
        return instructions - idleSkipped;
    }

    /** Resets the core to the given reset vector (0, or 0xffff0000 with high vectors). */
    public void reset(int resetVector) {
        state.reset(resetVector);
        monitor.clear();
        waitingForInterrupt = false;
        stuckInExceptionLoop = false;
        lastVectorEntered = -1;
        repeatedVectorFaults = 0;
        if (fpu != null) {
            fpu.reset();
        }
    }

    /**
     * Makes the run loop consult {@link #events} again before the next instruction. The machine's
     * scheduler calls this when a device schedules an event earlier than the time {@code runDue}
     * last returned (a timer programmed by a register write), which the loop would otherwise miss.
     */
    public void rescheduleEvents() {
        nextEventAt = instructions;
    }

    /** Asks {@link #run} to return after the current instruction (from a device or debugger). */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs until {@code budget} more instructions have retired, or {@link #requestStop()}.
     * Returns the number retired. Time advances while the core waits for an interrupt.
     */
    public long run(long budget) {
        long start = instructions;
        long end = budget == Long.MAX_VALUE ? Long.MAX_VALUE : instructions + budget;
        stopRequested = false;
        while (instructions < end && !stopRequested && !stuckInExceptionLoop) {
            if (instructions >= nextEventAt) {
                nextEventAt = events.runDue(instructions);
            }
            if (waitingForInterrupt) {
                if (irqLine || fiqLine) {
                    waitingForInterrupt = false;
                } else if (nextEventAt == Long.MAX_VALUE) {
                    break; // nothing will ever wake the core
                } else {
                    // Idle: jump virtual time to the next device event instead of spinning.
                    long resumeAt = Math.min(Math.max(instructions, nextEventAt), end);
                    idleSkipped += resumeAt - instructions;
                    instructions = resumeAt;
                    continue;
                }
            }
            step();
        }
        return instructions - start;
    }

    /** Executes one instruction, or takes one pending interrupt. */
    public void step() {
        CpuState s = state;
        if (fiqLine && !s.maskF) {
            s.nextPc = s.pc;
            ExceptionEntry.fiq(this);
            s.pc = s.nextPc;
            return;
        }
        if (irqLine && !s.maskI) {
            s.nextPc = s.pc;
            ExceptionEntry.irq(this);
            s.pc = s.nextPc;
            return;
        }
        int pc = s.pc;
        recent.record(pc, s.thumb);
        try {
            if (s.thumb) {
                CodePage code = memory.codePage(pc & ~1);
                if (code != null) {
                    stepThumbCached(s, code, pc);
                } else {
                    int first = memory.fetch16(pc);
                    s.nextPc = pc + 2;
                    thumb.execute(this, first);
                }
            } else {
                CodePage code = memory.codePage(pc & ~3);
                if (code != null) {
                    stepArmCached(s, code, pc);
                } else {
                    int insn = memory.fetch32(pc);
                    s.nextPc = pc + 4;
                    arm.execute(this, insn);
                }
            }
        } catch (MemoryAbort abort) {
            if (abort.isPrefetch()) {
                ExceptionEntry.prefetchAbort(this);
            } else {
                ExceptionEntry.dataAbort(this);
            }
        } catch (UndefinedInstruction undefined) {
            ExceptionEntry.undefined(this);
        }
        s.pc = s.nextPc;
        instructions++;
    }

    /**
     * The fast tier in ARM state: the instruction and its handler come from the page's decodes,
     * decoded (fetched through the MMU as the plain loop would) only the first time.
     */
    private void stepArmCached(CpuState s, CodePage code, int pc) {
        int slot = (pc >>> 2) & (CodePage.ARM_SLOTS - 1);
        int op = code.armOps[slot];
        int insn;
        if (op == CodePage.EMPTY) {
            insn = memory.fetch32(pc);
            op = arm.classify(insn);
            code.putArm(slot, op, insn);
        } else {
            insn = code.armWords[slot];
        }
        s.nextPc = pc + 4;
        if (op == InstructionSet.GENERIC) {
            arm.execute(this, insn);
        } else {
            arm.executeClassified(this, op, insn);
        }
    }

    /**
     * The fast tier in Thumb state. A 32-bit instruction in the page's last halfword continues in
     * another page, which could change or fault on its own: it is never cached.
     */
    private void stepThumbCached(CpuState s, CodePage code, int pc) {
        int slot = (pc >>> 1) & (CodePage.THUMB_SLOTS - 1);
        int op = code.thumbOps[slot];
        int insn;
        if (op == CodePage.EMPTY) {
            int first = memory.fetch16(pc);
            if (first >= FIRST_32BIT_THUMB) {
                if (slot == CodePage.THUMB_SLOTS - 1) {
                    s.nextPc = pc + 2;
                    thumb.execute(this, first);
                    return;
                }
                insn = (first << 16) | memory.fetch16(pc + 2);
            } else {
                insn = first;
            }
            op = thumb.classify(insn);
            code.putThumb(slot, op, insn);
        } else {
            insn = code.thumbWords[slot];
        }
        s.nextPc = pc + 2;
        if (op == InstructionSet.GENERIC) {
            thumb.execute(this, insn >>> 16 != 0 ? insn >>> 16 : insn);
        } else {
            thumb.executeClassified(this, op, insn);
        }
    }
}
