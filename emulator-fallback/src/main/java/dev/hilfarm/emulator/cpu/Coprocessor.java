package dev.hilfarm.emulator.cpu;

/**
 * A coprocessor reached through MRC/MCR/MRRC/MCRR (CP15 system control, CP14 debug). Accesses
 * that the coprocessor does not implement, or that the current privilege may not make, throw
 * {@link UndefinedInstruction}. CP10/CP11 (VFP) are not Coprocessors: their data-processing
 * instructions are decoded by the VFP unit itself.
 */
public interface Coprocessor {
    int mrc(CpuState cpu, int opc1, int crn, int crm, int opc2);

    void mcr(CpuState cpu, int opc1, int crn, int crm, int opc2, int value);

    /** MRRC: returns the 64-bit value, Rt2 in the high word. */
    long mrrc(CpuState cpu, int opc1, int crm);

    void mcrr(CpuState cpu, int opc1, int crm, long value);
}
