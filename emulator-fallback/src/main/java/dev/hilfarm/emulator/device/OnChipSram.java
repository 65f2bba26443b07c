package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.memory.MmioDevice;

/**
 * A small block of on-chip RAM smaller than the bus's 1 MiB memory granule (the A10's 48 KiB SRAM
 * A at address 0), served through the device path. Its contents survive a machine reset, as RAM
 * does; only the loaders and the guest change them.
 */
public final class OnChipSram implements MmioDevice {
    private final byte[] bytes;

    public OnChipSram(int size) {
        if (size <= 0 || (size & 3) != 0) {
            throw new IllegalArgumentException("SRAM size must be a positive multiple of 4");
        }
        this.bytes = new byte[size];
    }

    @Override
    public int windowSize() {
        return bytes.length;
    }

    @Override
    public void reset() {
        // RAM keeps its contents over a reset.
    }

    @Override
    public int read(int offset, int size) {
        int value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    @Override
    public void write(int offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
