package dev.hilfarm.emulator.cpu;

/**
 * Thrown by an instruction executor for an encoding that is UNDEFINED on this core (or a
 * coprocessor access the core refuses); the CPU then takes the Undefined Instruction exception.
 * Preallocated and without a stack trace: Linux uses UNDEFINED traps for lazy VFP switching, so
 * this path is hot enough to matter.
 */
public final class UndefinedInstruction extends RuntimeException {
    public static final UndefinedInstruction INSTANCE = new UndefinedInstruction();

    private UndefinedInstruction() {
        super("undefined instruction", null, false, false);
    }
}
