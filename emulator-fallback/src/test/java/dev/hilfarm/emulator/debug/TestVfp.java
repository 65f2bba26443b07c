package dev.hilfarm.emulator.debug;

/** VFP registers in plain arrays, standing in for the real FPU in the debug tests. */
final class TestVfp implements VfpRegisters {
    final long[] d;
    int fpscr;

    TestVfp(int doubles) {
        d = new long[doubles];
    }

    @Override
    public int doubleRegisterCount() {
        return d.length;
    }

    @Override
    public long readDouble(int index) {
        return d[index];
    }

    @Override
    public void writeDouble(int index, long bits) {
        d[index] = bits;
    }

    @Override
    public int readFpscr() {
        return fpscr;
    }

    @Override
    public void writeFpscr(int value) {
        fpscr = value;
    }
}
