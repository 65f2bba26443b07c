package dev.hilfarm.emulator.bus;

/**
 * What answers for a ROM region while it is not in read-array mode, and what sees every write to
 * it: the command interface of a NOR flash. In read-array mode reads come straight from the
 * region's arrays (as fast as RAM); a write hands the region to the controller, which may switch
 * it to I/O mode ({@link PhysicalBus#setRomIoMode}) so that reads return status, IDs or CFI data,
 * as QEMU's ROM devices do.
 */
public interface RomController {
    /** A read while the region is in I/O mode; {@code offset} is from the region's start. */
    int read(long offset, int size);

    /** A write to the region at {@code offset} (from its start); {@code value} masked to {@code size}. */
    void write(long offset, int size, int value);
}
