package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.memory.Bus;
import dev.hilfarm.emulator.memory.Ram;

/** A physical bus of one RAM block; everything else reads zero and ignores writes, as on QEMU's vexpress-a9. */
final class RamBus implements Bus {
    final Ram ram;
    int accesses;

    RamBus(int base, int size) {
        this.ram = new Ram(base, size);
    }

    @Override
    public int read8(int pa) {
        accesses++;
        return ram.contains(pa) ? ram.read8(pa) : 0;
    }

    @Override
    public int read16(int pa) {
        accesses++;
        return ram.contains(pa) ? ram.read16(pa) : 0;
    }

    @Override
    public int read32(int pa) {
        accesses++;
        return ram.contains(pa) ? ram.read32(pa) : 0;
    }

    @Override
    public void write8(int pa, int value) {
        accesses++;
        if (ram.contains(pa)) {
            ram.write8(pa, value);
        }
    }

    @Override
    public void write16(int pa, int value) {
        accesses++;
        if (ram.contains(pa)) {
            ram.write16(pa, value);
        }
    }

    @Override
    public void write32(int pa, int value) {
        accesses++;
        if (ram.contains(pa)) {
            ram.write32(pa, value);
        }
    }
}
