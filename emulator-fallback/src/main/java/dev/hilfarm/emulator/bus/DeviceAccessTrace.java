package dev.hilfarm.emulator.bus;

/**
 * Told of every access that reaches a device window or decodes to nothing, for
 * {@code --trace devices}. RAM accesses never get here, so tracing costs the hot path nothing.
 */
public interface DeviceAccessTrace {
    /** A device register access; {@code value} is what was read or written. */
    void device(DeviceWindow window, int offset, int size, int value, boolean write);

    /** An access to an address nothing decodes (it reads zero and ignores writes, as on QEMU's vexpress). */
    void unmapped(int address, int size, int value, boolean write);
}
