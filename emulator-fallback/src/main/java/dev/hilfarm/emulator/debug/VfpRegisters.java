package dev.hilfarm.emulator.debug;

/**
 * The VFP register file as a debugger reads and writes it: the 64-bit D registers and FPSCR.
 * The debug stub and the lockstep checker see the FPU only through this view, so they work with
 * whatever class implements {@link dev.hilfarm.emulator.cpu.FloatingPoint}.
 */
public interface VfpRegisters {
    /** 16 for VFPv3-D16, 32 for VFPv3-D32. */
    int doubleRegisterCount();

    /** The raw bits of D{@code index}. */
    long readDouble(int index);

    void writeDouble(int index, long bits);

    int readFpscr();

    void writeFpscr(int value);
}
