package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.SystemControl;

/** SCTLR/VBAR as the instruction tests need them: low vectors at a settable base, ARM exceptions, little-endian. */
final class TestSystemControl implements SystemControl {
    int vectorBase;
    int lastIfsr = -1;
    int lastIfar = -1;

    @Override
    public boolean highVectors() {
        return false;
    }

    @Override
    public int vectorBase() {
        return vectorBase;
    }

    @Override
    public boolean thumbExceptions() {
        return false;
    }

    @Override
    public boolean exceptionEndianBig() {
        return false;
    }

    @Override
    public void recordPrefetchAbort(int ifsr, int ifar) {
        lastIfsr = ifsr;
        lastIfar = ifar;
    }
}
