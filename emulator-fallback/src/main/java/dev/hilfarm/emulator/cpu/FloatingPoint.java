package dev.hilfarm.emulator.cpu;

/**
 * The VFP unit: CP10/CP11 instructions in both instruction sets (their encodings agree once the
 * Thumb halfwords are joined, with the condition field supplied by the caller), plus VMRS/VMSR.
 * Throws {@link UndefinedInstruction} when CPACR/FPEXC leave it disabled or for NEON encodings.
 */
public interface FloatingPoint {
    /** Executes a coprocessor 10/11 instruction; {@code insn} has bits 31-28 = condition (0xE in Thumb). */
    void execute(Cpu cpu, int insn);

    /** Reset state: FPEXC.EN clear, registers zero. */
    void reset();
}
