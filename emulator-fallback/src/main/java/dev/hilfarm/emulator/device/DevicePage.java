package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.memory.MmioDevice;
import java.util.Arrays;

/**
 * One 4 KiB bus window shared by devices whose register windows are smaller than a page and not
 * page-aligned (the A10 puts its clock unit, interrupt controller, GPIO and timers 1 KiB apart
 * in the page at 0x01c20000). Each device gets {@code size} bytes at its offset; offsets no device
 * claims read as zero and ignore writes, as unmapped space does.
 */
public final class DevicePage implements MmioDevice {
    public static final int SIZE = 0x1000;
    private static final int SLOT_SHIFT = 4;

    private final MmioDevice[] slots = new MmioDevice[SIZE >>> SLOT_SHIFT];
    private final int[] slotBase = new int[SIZE >>> SLOT_SHIFT];
    private MmioDevice[] members = new MmioDevice[0];

    /** Places {@code device} at {@code offset} for {@code size} bytes (both multiples of 16). */
    public DevicePage place(int offset, int size, MmioDevice device) {
        if (offset < 0 || size <= 0 || offset + size > SIZE || ((offset | size) & ((1 << SLOT_SHIFT) - 1)) != 0) {
            throw new IllegalArgumentException(String.format("window 0x%x+0x%x does not fit the page in 16-byte steps", offset, size));
        }
        for (int s = offset >>> SLOT_SHIFT; s < (offset + size) >>> SLOT_SHIFT; s++) {
            if (slots[s] != null) {
                throw new IllegalArgumentException(String.format("window 0x%x+0x%x overlaps another device", offset, size));
            }
        }
        for (int s = offset >>> SLOT_SHIFT; s < (offset + size) >>> SLOT_SHIFT; s++) {
            slots[s] = device;
            slotBase[s] = offset;
        }
        members = Arrays.copyOf(members, members.length + 1);
        members[members.length - 1] = device;
        return this;
    }

    @Override
    public int windowSize() {
        return SIZE;
    }

    @Override
    public void reset() {
        for (MmioDevice device : members) {
            device.reset();
        }
    }

    @Override
    public int read(int offset, int size) {
        int s = offset >>> SLOT_SHIFT;
        MmioDevice device = slots[s];
        return device == null ? 0 : device.read(offset - slotBase[s], size);
    }

    @Override
    public void write(int offset, int size, int value) {
        int s = offset >>> SLOT_SHIFT;
        MmioDevice device = slots[s];
        if (device != null) {
            device.write(offset - slotBase[s], size, value);
        }
    }
}
