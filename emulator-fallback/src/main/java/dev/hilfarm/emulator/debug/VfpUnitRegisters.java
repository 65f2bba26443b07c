package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.FloatingPoint;
import dev.hilfarm.emulator.vfp.VfpUnit;

/** The debugger's view of this emulator's {@link VfpUnit}. */
public final class VfpUnitRegisters implements VfpRegisters {
    private final VfpUnit unit;

    public VfpUnitRegisters(VfpUnit unit) {
        this.unit = unit;
    }

    /** The register view of a core's FPU, or null when it has none (or one this view does not know). */
    public static VfpRegisters of(FloatingPoint fpu) {
        return fpu instanceof VfpUnit ? new VfpUnitRegisters((VfpUnit) fpu) : null;
    }

    @Override
    public int doubleRegisterCount() {
        // MVFR0[3:0], "A_SIMD registers": 1 = 16 double registers, 2 = 32.
        return (VfpUnit.MVFR0 & 0xf) == 2 ? 32 : 16;
    }

    @Override
    public long readDouble(int index) {
        return unit.doubleRegister(index);
    }

    @Override
    public void writeDouble(int index, long bits) {
        unit.setDoubleRegister(index, bits);
    }

    @Override
    public int readFpscr() {
        return unit.fpscr();
    }

    @Override
    public void writeFpscr(int value) {
        unit.setFpscr(value);
    }
}
