package dev.hilfarm.emulator.memory;

/**
 * The physical address space (32-bit; no LPAE): RAM, ROM/flash and device registers. Accesses to
 * addresses nothing decodes read as zero and are otherwise ignored, as on QEMU's vexpress board.
 * Little-endian; callers pass naturally aligned addresses for 16- and 32-bit accesses.
 */
public interface Bus {
    int read8(int pa);

    int read16(int pa);

    int read32(int pa);

    void write8(int pa, int value);

    void write16(int pa, int value);

    void write32(int pa, int value);
}
