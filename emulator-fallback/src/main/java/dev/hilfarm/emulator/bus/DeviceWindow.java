package dev.hilfarm.emulator.bus;

import dev.hilfarm.emulator.memory.MmioDevice;

/** A device's register window at its base address on the physical bus. */
public final class DeviceWindow {
    final String name;
    final int base;
    final int size;
    final MmioDevice device;

    DeviceWindow(String name, int base, MmioDevice device) {
        this.name = name;
        this.base = base;
        this.size = device.windowSize();
        this.device = device;
    }

    public String name() {
        return name;
    }

    public int base() {
        return base;
    }

    public int size() {
        return size;
    }

    public MmioDevice device() {
        return device;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%08x, 0x%08x)", name, base, base + size);
    }
}
