package dev.hilfarm.emulator.memory;

/**
 * A device's register window on the bus. Offsets are relative to the window base; {@code size}
 * is 1, 2 or 4 bytes. Registers are named constants in each device's class, its reset state is
 * set in {@link #reset()}, as in QEMU's device model (one class per device).
 */
public interface MmioDevice {
    /** Size of the register window in bytes. */
    int windowSize();

    int read(int offset, int size);

    void write(int offset, int size, int value);

    void reset();
}
