package dev.hilfarm.emulator.flash;

/**
 * The board memory a SoC boot ROM's USB loader reads and writes on the host's behalf: internal
 * SRAM, and DRAM once something has initialised it. In an emulated board it is the machine's
 * bus; in tests, arrays.
 */
public interface RomMemory {
    /** Whether [address, address + length) is memory the ROM can reach. */
    boolean contains(long address, long length);

    void write(long address, byte[] data, int offset, int length);

    void read(long address, byte[] into, int offset, int length);
}
