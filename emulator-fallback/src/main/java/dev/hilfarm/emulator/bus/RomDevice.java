package dev.hilfarm.emulator.bus;

/**
 * What answers the guest's writes to a ROM region, and its reads while the region is out of
 * array mode: a NOR flash's command interface (QEMU's "romd" regions). Offsets are from the start
 * of the region; sizes are 1, 2 or 4 bytes.
 */
public interface RomDevice {
    int romRead(long offset, int size);

    void romWrite(long offset, int size, int value);
}
