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
}
