package dev.hilfarm.emulator.cpu;

/**
 * Told of every exception the core takes, for {@code --trace exceptions,mmu}. Off (null in
 * {@link Cpu#exceptionTrace}) unless asked for, so exception entry costs one null check.
 */
@FunctionalInterface
public interface ExceptionTrace {
    /**
     * @param vectorOffset which exception ({@link ExceptionEntry#VECTOR_IRQ} and friends)
     * @param fromPc       the instruction that raised it, or the next one for an interrupt
     * @param fromCpsr     CPSR before entry (mode, Thumb bit, masks)
     * @param handler      where the core goes now
     */
    void exceptionTaken(int vectorOffset, int fromPc, int fromCpsr, int handler);
}
