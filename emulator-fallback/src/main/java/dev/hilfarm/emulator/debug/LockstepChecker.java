package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one bare-metal ELF on QEMU's vexpress-a9 and on this emulator side by side, one
 * instruction at a time, and reports the first instruction after which their registers differ.
 *
 * <p>QEMU is driven through its gdbstub with {@code Qqemu.sstep=5} (single steps take no
 * interrupts and run no timers); the emulator's core is stepped with {@link Cpu#step()} and no
 * device events, which is the same discipline. After every instruction r0-r15 and CPSR are
 * compared; with {@link Options#compareVfp()} also d0-d15 and FPSCR after every instruction in
 * the coprocessor 10/11 space (nothing else can change them). The report names the instruction,
 * both register files with the differing registers marked, and the instructions that led there.
 *
 * <p>Comparing can start late: with {@code compareFrom} = N both sides are first brought to the
 * state before instruction N + 1 without comparing. The emulator gets there by running; QEMU by
 * continuing to a breakpoint a known number of times (an instruction near N that the emulator saw
 * rarely, found by a first emulator run that counts executions per address) and single-stepping
 * the rest, which is far faster than stepping QEMU N times.
 *
 * <p>Both sides must run the same program deterministically: a guest that reads timers or takes
 * interrupts will differ for that reason alone.
 */
public final class LockstepChecker {
    /** Boots the emulator on an ELF: a machine stopped at the entry point, as QEMU's -kernel leaves its core. */
    @FunctionalInterface
    public interface EmulatorFactory {
        DebugTarget boot(Path elf, boolean semihosting) throws IOException;
    }

    /**
     * @param semihosting          run both with ARM semihosting (QEMU's -semihosting)
     * @param compareVfp           also compare d0-d15 and FPSCR after VFP instructions
     * @param historyLength        how many instructions the report lists
     * @param stepTimeout          how long one exchange with QEMU may take before the run fails
     * @param adoptUnknownResetState copy QEMU's r0-r14 and CPSR flags (UNKNOWN after reset in the
     *                             architecture) into the emulator before the first instruction,
     *                             noting each change in the report, instead of reporting them
     */
    public record Options(boolean semihosting, boolean compareVfp, int historyLength, Duration stepTimeout,
                          boolean adoptUnknownResetState) {
        public static Options defaults() {
            return new Options(false, false, 32, Duration.ofSeconds(30), true);
        }

        public Options withSemihosting(boolean on) {
            return new Options(on, compareVfp, historyLength, stepTimeout, adoptUnknownResetState);
        }

        public Options withVfp(boolean on) {
            return new Options(semihosting, on, historyLength, stepTimeout, adoptUnknownResetState);
        }

        public Options withHistory(int length) {
            return new Options(semihosting, compareVfp, length, stepTimeout, adoptUnknownResetState);
        }

        public Options withAdoptUnknownResetState(boolean on) {
            return new Options(semihosting, compareVfp, historyLength, stepTimeout, on);
        }
    }

    /** Index of CPSR in the register arrays (r0-r15 first). */
    static final int CPSR = RspClient.CPSR_INDEX;
    /** CPSR bits UNKNOWN at reset: N, Z, C, V, Q and GE[3:0]. */
    private static final int CPSR_UNKNOWN_AT_RESET = 0xf80f0000;
    private static final Duration QEMU_START_TIMEOUT = Duration.ofSeconds(30);

    private final EmulatorFactory emulators;
    private final Options options;

    public LockstepChecker(EmulatorFactory emulators, Options options) {
        this.emulators = emulators;
        this.options = options;
    }

    /**
     * Runs a bare-metal ELF on QEMU's vexpress-a9 and on the emulator's ({@link VexpressDebugTarget}),
     * both with ARM semihosting as bare-metal test programs use it, for at most {@code maxInstructions}
     * instructions, comparing r0-r15 and CPSR after each one from number {@code compareFrom + 1} on.
     */
    public static LockstepReport run(Path elf, long maxInstructions, long compareFrom) throws IOException {
        return new LockstepChecker(VexpressDebugTarget::boot, Options.defaults().withSemihosting(true))
                .check(elf, maxInstructions, compareFrom);
    }

    /**
     * Runs {@code elf} on both for at most {@code maxInstructions} instructions, comparing after
     * each instruction from number {@code compareFrom + 1} on.
     */
    public LockstepReport check(Path elf, long maxInstructions, long compareFrom) throws IOException {
        if (compareFrom < 0 || maxInstructions < compareFrom) {
            throw new IllegalArgumentException("need 0 <= compareFrom <= maxInstructions, got " + compareFrom + " and " + maxInstructions);
        }
        long started = System.nanoTime();
        try (QemuGdbProcess qemu = QemuGdbProcess.start(elf, options.semihosting(), List.of(), QEMU_START_TIMEOUT)) {
            RspClient gdb = qemu.gdb();
            gdb.handshake();
            gdb.setReplyTimeout(options.stepTimeout());
            QemuRegisterNumbers numbers = QemuRegisterNumbers.read(gdb);
            gdb.expectOk("Qqemu.sstep=5");
            DebugTarget emulator = emulators.boot(elf, options.semihosting());
            Run run = new Run(gdb, numbers, emulator);
            Result result = run.execute(elf, maxInstructions, compareFrom);
            if (options.compareVfp()) {
                run.notes.add(emulator.vfp() == null ? "VFP registers not compared: the emulator's core has no FPU"
                        : "VFP registers compared after " + run.vfpComparisons + " VFP instructions");
            }
            return new LockstepReport(result.compared, compareFrom + 1, result.divergence, result.end,
                    Duration.ofNanos(System.nanoTime() - started), run.notes, qemu.output());
        }
    }

    private record Result(long compared, Divergence divergence, LockstepReport.End end) {
    }

    /** The state of one lockstep run. The stepping loop allocates nothing. */
    private final class Run {
        private final RspClient gdb;
        private final QemuRegisterNumbers numbers;
        private final DebugTarget target;
        private final Cpu cpu;
        private final DebugMemory memory;
        private final InstructionHistory history;
        private final int[] qemu = new int[17];
        private final int[] emulator = new int[17];
        private final int[] before = new int[17];
        private final byte[] wordBuffer = new byte[4];
        private final List<String> notes = new ArrayList<>();
        /** Instructions executed so far on both sides. */
        private long executed;
        /** Times the VFP registers were compared (after VFP instructions). */
        private long vfpComparisons;

        Run(RspClient gdb, QemuRegisterNumbers numbers, DebugTarget target) {
            this.gdb = gdb;
            this.numbers = numbers;
            this.target = target;
            this.cpu = target.cpu();
            this.memory = new DebugMemory(cpu, target.bus());
            this.history = new InstructionHistory(options.historyLength());
        }

        Result execute(Path elf, long maxInstructions, long compareFrom) throws IOException {
            Divergence initial = synchronizeInitialState();
            if (initial != null) {
                return new Result(0, initial, LockstepReport.End.DIVERGED);
            }
            if (compareFrom > 0) {
                Result early = fastForward(elf, compareFrom);
                if (early != null) {
                    return early;
                }
            }
            long compared = 0;
            boolean checkVfp = options.compareVfp() && target.vfp() != null;
            CpuState state = cpu.state;
            while (executed < maxInstructions) {
                int pc = state.pc;
                boolean thumb = state.thumb;
                if (isWaitForInterrupt(pc, thumb)) {
                    notes.add(String.format("instruction %d at 0x%08x is a WFI: QEMU would wait for an interrupt that "
                            + "lockstep steps do not take, so the comparison ends before it", executed + 1, pc));
                    return new Result(compared, null, LockstepReport.End.WAITING_FOR_INTERRUPT);
                }
                System.arraycopy(emulator, 0, before, 0, before.length);
                Result exit = stepBoth(pc, thumb);
                if (exit != null) {
                    return new Result(compared, exit.divergence, exit.end);
                }
                gdb.readCoreRegisters(qemu);
                readEmulator(emulator);
                if (!Arrays.equals(qemu, emulator)) {
                    return new Result(compared, divergence(Divergence.Kind.REGISTERS, pc, thumb, before, null, null,
                            "registers differ after instruction " + executed), LockstepReport.End.DIVERGED);
                }
                if (checkVfp && isCoprocessor10or11(pc, thumb)) {
                    vfpComparisons++;
                    Divergence vfp = compareVfp(pc, thumb);
                    if (vfp != null) {
                        return new Result(compared, vfp, LockstepReport.End.DIVERGED);
                    }
                }
                compared++;
            }
            return new Result(compared, null, LockstepReport.End.LIMIT_REACHED);
        }

        /** Steps QEMU, then the emulator. Returns non-null when either side's program ended. */
        private Result stepBoth(int pc, boolean thumb) throws IOException {
            executed++;
            history.record(executed, pc, thumb);
            boolean qemuRunning;
            try {
                qemuRunning = gdb.step();
            } catch (SocketTimeoutException e) {
                throw new IOException(String.format("QEMU did not finish instruction %d at 0x%08x within %d s",
                        executed, pc, options.stepTimeout().toSeconds()), e);
            }
            cpu.step();
            boolean emulatorRunning = !target.guestExited();
            if (qemuRunning && emulatorRunning) {
                return null;
            }
            if (!qemuRunning && !emulatorRunning && gdb.exitStatus() == target.guestExitStatus()) {
                return new Result(0, null, LockstepReport.End.PROGRAM_EXITED);
            }
            String message = !qemuRunning && !emulatorRunning
                    ? "both programs ended, QEMU with status " + gdb.exitStatus() + ", the emulator with " + target.guestExitStatus()
                    : !qemuRunning
                    ? "QEMU's program ended (status " + gdb.exitStatus() + ") and the emulator's did not"
                    : "the emulator's program ended (status " + target.guestExitStatus() + ") and QEMU's did not";
            readEmulator(emulator);
            Divergence divergence = divergence(Divergence.Kind.EXIT, pc, thumb, null, null, null, message);
            return new Result(0, withoutQemuRegisters(divergence), LockstepReport.End.DIVERGED);
        }

        /**
         * Before the first instruction: the PC, mode and masks must agree; r0-r14 and the CPSR flags
         * are UNKNOWN at reset, so QEMU's values are adopted (and noted) unless told otherwise.
         */
        private Divergence synchronizeInitialState() throws IOException {
            gdb.readCoreRegisters(qemu);
            readEmulator(emulator);
            if (options.adoptUnknownResetState()) {
                CpuState state = cpu.state;
                for (int i = 0; i < 15; i++) {
                    if (qemu[i] != emulator[i]) {
                        notes.add(String.format("reset state: %s adopted from QEMU (0x%08x, the emulator had 0x%08x)",
                                Divergence.REGISTER_NAMES[i], qemu[i], emulator[i]));
                        state.r[i] = qemu[i];
                    }
                }
                int unknownBits = (qemu[CPSR] ^ emulator[CPSR]) & CPSR_UNKNOWN_AT_RESET;
                if (unknownBits != 0) {
                    notes.add(String.format("reset state: CPSR flags adopted from QEMU (cpsr 0x%08x, the emulator had 0x%08x)",
                            qemu[CPSR], emulator[CPSR]));
                    state.setCpsr((emulator[CPSR] & ~CPSR_UNKNOWN_AT_RESET) | (qemu[CPSR] & CPSR_UNKNOWN_AT_RESET));
                }
                readEmulator(emulator);
            }
            if (!Arrays.equals(qemu, emulator)) {
                return divergence(Divergence.Kind.INITIAL_STATE, cpu.state.pc, cpu.state.thumb, null, null, null,
                        "the states differ before the first instruction");
            }
            return null;
        }

        /** Brings both sides to the state before instruction compareFrom + 1; non-null if that fails. */
        private Result fastForward(Path elf, long compareFrom) throws IOException {
            FastForward.SyncPoint sync = FastForward.choose(emulators.boot(elf, options.semihosting()), compareFrom);
            CpuState state = cpu.state;
            while (executed < sync.instruction()) {
                executed++;
                history.record(executed, state.pc, state.thumb);
                cpu.step();
                if (target.guestExited()) {
                    readEmulator(emulator);
                    return new Result(0, withoutQemuRegisters(divergence(Divergence.Kind.EXIT, state.pc, state.thumb, null, null, null,
                            "the emulator's program ended at instruction " + executed + ", before instruction " + compareFrom)),
                            LockstepReport.End.DIVERGED);
                }
            }
            if (!FastForward.bringQemuTo(gdb, sync, qemu)) {
                readEmulator(emulator);
                return new Result(0, withoutQemuRegisters(divergence(Divergence.Kind.BEFORE_COMPARED_RANGE, state.pc, state.thumb,
                        null, null, null, "QEMU's program ended before reaching instruction " + sync.instruction())),
                        LockstepReport.End.DIVERGED);
            }
            notes.add(String.format("fast-forward: QEMU continued to 0x%08x %d time(s) (instruction %d) and stepped %d more",
                    sync.pc(), sync.priorExecutions() + 1, sync.instruction(), compareFrom - sync.instruction()));
            Result mismatch = compareAtSyncPoint();
            if (mismatch != null) {
                return mismatch;
            }
            while (executed < compareFrom) {
                if (isWaitForInterrupt(state.pc, state.thumb)) {
                    notes.add(String.format("instruction %d at 0x%08x, before the compared range, is a WFI that QEMU "
                            + "would wait on forever in lockstep", executed + 1, state.pc));
                    return new Result(0, null, LockstepReport.End.WAITING_FOR_INTERRUPT);
                }
                Result exit = stepBoth(state.pc, state.thumb);
                if (exit != null) {
                    return exit;
                }
            }
            return compareAtSyncPoint();
        }

        private Result compareAtSyncPoint() throws IOException {
            gdb.readCoreRegisters(qemu);
            readEmulator(emulator);
            if (Arrays.equals(qemu, emulator)) {
                return null;
            }
            return new Result(0, divergence(Divergence.Kind.BEFORE_COMPARED_RANGE, cpu.state.pc, cpu.state.thumb, null, null, null,
                    "the states differ before instruction " + (executed + 1) + ", where comparing was to start: "
                            + "run again with an earlier compareFrom to find the instruction"), LockstepReport.End.DIVERGED);
        }

        private Divergence compareVfp(int pc, boolean thumb) throws IOException {
            VfpRegisters vfp = target.vfp();
            long[] ours = new long[17];
            long[] theirs = new long[17];
            for (int i = 0; i < 16; i++) {
                ours[i] = vfp.readDouble(i);
                theirs[i] = gdb.readRegister(requireNumber("d" + i));
            }
            ours[16] = vfp.readFpscr() & 0xffffffffL;
            theirs[16] = gdb.readRegister(requireNumber("fpscr")) & 0xffffffffL;
            if (Arrays.equals(ours, theirs)) {
                return null;
            }
            return divergence(Divergence.Kind.VFP_REGISTERS, pc, thumb, before, theirs, ours,
                    "VFP registers differ after instruction " + executed);
        }

        private int requireNumber(String register) throws IOException {
            int number = numbers.number(register);
            if (number < 0) {
                throw new IOException("QEMU's target description has no register " + register);
            }
            return number;
        }

        private void readEmulator(int[] into) {
            CpuState state = cpu.state;
            System.arraycopy(state.r, 0, into, 0, 15);
            into[15] = state.pc;
            into[CPSR] = state.cpsr();
        }

        /** Whether the instruction at pc is a WFI that will execute (its condition passes). */
        private boolean isWaitForInterrupt(int pc, boolean thumb) {
            int word = instructionWord(pc, thumb);
            CpuState state = cpu.state;
            if (!thumb) {
                return (word & 0x0fffffff) == 0x0320f003 && (word >>> 28) != 0xf && state.conditionPassed(word >>> 28);
            }
            boolean wfi = (word >>> 16) == 0xbf30 || word == 0xf3af8003;
            return wfi && (state.itState == 0 || state.conditionPassed(state.itState >>> 4));
        }

        /** Whether the instruction at pc is in the coprocessor 10/11 (VFP) encoding space. */
        private boolean isCoprocessor10or11(int pc, boolean thumb) {
            int word = instructionWord(pc, thumb);
            if (thumb && Disassembler.thumbSize(word >>> 16) != 4) {
                return false;
            }
            return (word & 0x0c000e00) == 0x0c000a00;
        }

        /** The encoding at pc from the emulator's memory: ARM word, or Thumb first halfword in the top half. */
        private int instructionWord(int pc, boolean thumb) {
            if (!thumb) {
                return memory.read(pc, wordBuffer, 4) == 4 ? littleEndian(0) : 0;
            }
            if (memory.read(pc, wordBuffer, 2) != 2) {
                return 0;
            }
            int first = littleEndian(0) & 0xffff;
            if (Disassembler.thumbSize(first) == 2) {
                return first << 16;
            }
            return memory.read(pc + 2, wordBuffer, 2) == 2 ? (first << 16) | (littleEndian(0) & 0xffff) : first << 16;
        }

        private int littleEndian(int at) {
            return (wordBuffer[at] & 0xff) | (wordBuffer[at + 1] & 0xff) << 8 | (wordBuffer[at + 2] & 0xff) << 16
                    | (wordBuffer[at + 3] & 0xff) << 24;
        }

        private Divergence divergence(Divergence.Kind kind, int pc, boolean thumb, int[] registersBefore,
                                      long[] qemuVfp, long[] emulatorVfp, String message) throws IOException {
            int size = instructionSize(pc, thumb);
            int word = size == 2 ? instructionWord(pc, true) >>> 16 : instructionWord(pc, thumb);
            int qemuWord = qemuInstructionWord(pc, thumb, size);
            List<Divergence.Executed> recent = new ArrayList<>();
            for (InstructionHistory.Entry e : history.entries()) {
                int entrySize = instructionSize(e.pc(), e.thumb());
                int entryWord = entrySize == 2 ? instructionWord(e.pc(), true) >>> 16 : instructionWord(e.pc(), e.thumb());
                recent.add(new Divergence.Executed(e.number(), e.pc(), e.thumb(), entryWord, entrySize));
            }
            return new Divergence(kind, executed, pc, thumb, word, size, qemuWord,
                    registersBefore == null ? null : registersBefore.clone(), qemu.clone(), emulator.clone(),
                    qemuVfp, emulatorVfp, recent, message);
        }

        private Divergence withoutQemuRegisters(Divergence d) {
            return new Divergence(d.kind(), d.instruction(), d.pc(), d.thumb(), d.word(), d.size(), d.qemuWord(),
                    null, null, d.emulator(), null, null, d.recent(), d.message());
        }

        private int instructionSize(int pc, boolean thumb) {
            if (memory.read(pc, wordBuffer, thumb ? 2 : 4) != (thumb ? 2 : 4)) {
                return 0;
            }
            return thumb ? Disassembler.thumbSize(littleEndian(0) & 0xffff) : 4;
        }

        private int qemuInstructionWord(int pc, boolean thumb, int size) throws IOException {
            if (size == 0 || gdb.exited()) {
                return 0;
            }
            byte[] bytes = gdb.readMemory(pc, size);
            if (bytes == null || bytes.length < size) {
                return 0;
            }
            int first = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8;
            if (size == 2) {
                return first;
            }
            int second = (bytes[2] & 0xff) | (bytes[3] & 0xff) << 8;
            return thumb ? (first << 16) | second : first | second << 16;
        }
    }
}
