package dev.hilfarm.emulator.machine;

/**
 * Why {@link VexpressA9Machine#run} returned, and where the CPU was.
 *
 * @param instructions instructions retired during this call (virtual time that passed, in instructions)
 * @param pc           the address of the next instruction
 * @param mode         CPSR.M
 * @param thumb        CPSR.T
 */
public record RunResult(Reason reason, long instructions, int pc, int mode, boolean thumb) {
    public enum Reason {
        /** The guest powered the board off (SYS_CFG shutdown). */
        POWER_OFF,
        /** The instruction budget given to run() was used up. */
        INSTRUCTION_LIMIT,
        /** Someone called requestStop(). */
        STOPPED,
        /** The CPU waits for an interrupt that nothing can raise any more. */
        IDLE,
        /** The CPU keeps faulting on the first instruction of the handler it enters: no progress is possible. */
        EXCEPTION_LOOP
    }

    @Override
    public String toString() {
        return String.format("%s after %d instructions, pc 0x%08x (%s, %s)", reason, instructions, pc,
                dev.hilfarm.emulator.cpu.Mode.name(mode), thumb ? "Thumb" : "ARM");
    }
}
