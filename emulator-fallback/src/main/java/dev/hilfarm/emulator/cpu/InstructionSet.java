package dev.hilfarm.emulator.cpu;

/**
 * Decodes and executes instructions of one instruction set. The fetch loop has already set
 * {@code state.nextPc} to the following instruction; an implementation changes it for branches,
 * throws {@link UndefinedInstruction} for encodings the core does not implement, and lets
 * {@link dev.hilfarm.emulator.memory.MemoryAbort} from memory accesses propagate.
 */
public interface InstructionSet {
    /**
     * ARM: {@code first} is the whole 32-bit instruction. Thumb: {@code first} is the first
     * halfword; a 32-bit Thumb instruction fetches its second halfword itself and advances
     * {@code nextPc} by two more bytes.
     */
    void execute(Cpu cpu, int first);

    /**
     * The handler number meaning "no special handler": the core calls {@link #execute} as the
     * plain loop does (with the first halfword, in Thumb state).
     */
    int GENERIC = 1;

    /**
     * For the fast tier: the number of the handler that runs {@code insn} (never
     * {@link dev.hilfarm.emulator.memory.CodePage#EMPTY}), which the core caches with the
     * instruction in its page and passes back to {@link #executeClassified}. In Thumb state a
     * 32-bit instruction comes as first halfword &lt;&lt; 16 | second.
     */
    default int classify(int insn) {
        return GENERIC;
    }

    /**
     * Executes {@code insn}, already fetched whole, with the handler {@link #classify} chose: the
     * same effect as {@link #execute}. The loop has set {@code nextPc} to pc + 4 (ARM) or pc + 2
     * (Thumb, which advances it again for a 32-bit instruction).
     */
    default void executeClassified(Cpu cpu, int op, int insn) {
        execute(cpu, insn);
    }
}
