package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.memory.MmioDevice;

/**
 * A device whose registers are 32-bit words on an APB bus, as every PrimeCell and the vexpress
 * motherboard registers are. A narrower access reaches the register of the word it falls in, with
 * the value unshifted, and a read returns the register's low bytes (the bus truncates): a byte
 * read at offset 0x31 returns bits 7:0 of the register at 0x30. That is what QEMU 7.2's models of
 * these devices do, so guests that use byte or halfword accesses behave as they do there.
 */
public abstract class WordRegisters implements MmioDevice {
    @Override
    public final int read(int offset, int size) {
        return readRegister(offset & ~3);
    }

    @Override
    public final void write(int offset, int size, int value) {
        writeRegister(offset & ~3, size == 4 ? value : value & (size == 1 ? 0xff : 0xffff));
    }

    /** Reads the register at a word-aligned offset; unknown offsets read 0. */
    protected abstract int readRegister(int offset);

    /** Writes the register at a word-aligned offset; unknown offsets are ignored. */
    protected abstract void writeRegister(int offset, int value);
}
