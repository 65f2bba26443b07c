package dev.hilfarm.emulator.cpu;

/** What exception entry needs to know from the system control registers (SCTLR, VBAR). */
public interface SystemControl {
    /** SCTLR.V: vectors at 0xffff0000. */
    boolean highVectors();

    /** VBAR, used when high vectors are off. */
    int vectorBase();

    /** SCTLR.TE: exceptions are taken in Thumb state. */
    boolean thumbExceptions();

    /** SCTLR.EE: CPSR.E on exception entry. */
    boolean exceptionEndianBig();

    /**
     * Records the fault status and address (IFSR, IFAR) of a prefetch abort the core raises by
     * itself rather than through {@link dev.hilfarm.emulator.memory.Memory}: BKPT without a
     * debugger, which QEMU reports as a debug event (IFSR = 0x2, IFAR = 0). Memory-raised aborts
     * record their own status.
     */
    default void recordPrefetchAbort(int ifsr, int ifar) {
    }
}
