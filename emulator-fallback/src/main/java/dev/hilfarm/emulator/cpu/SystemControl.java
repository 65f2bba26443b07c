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
}
