package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.memory.Bus;
import dev.hilfarm.emulator.memory.Ram;

/** One RAM block on an otherwise empty bus: unmapped reads are zero and writes are dropped, as on vexpress. */
final class TestBus implements Bus {
    private final Ram ram;

    TestBus(Ram ram) {
        this.ram = ram;
    }

    @Override
    public int read8(int pa) {
        return ram.contains(pa) ? ram.read8(pa) : 0;
    }

    @Override
    public int read16(int pa) {
        return ram.contains(pa) ? ram.read16(pa) : 0;
    }

    @Override
    public int read32(int pa) {
        return ram.contains(pa) ? ram.read32(pa) : 0;
    }

    @Override
    public void write8(int pa, int value) {
        if (ram.contains(pa)) {
            ram.write8(pa, value);
        }
    }

    @Override
    public void write16(int pa, int value) {
        if (ram.contains(pa)) {
            ram.write16(pa, value);
        }
    }

    @Override
    public void write32(int pa, int value) {
        if (ram.contains(pa)) {
            ram.write32(pa, value);
        }
    }
}
