package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.InstructionSet;
import dev.hilfarm.emulator.cpu.SystemControl;
import dev.hilfarm.emulator.memory.Bus;
import dev.hilfarm.emulator.memory.DirectMemory;
import dev.hilfarm.emulator.memory.MemoryAbort;
import dev.hilfarm.emulator.memory.Ram;

/**
 * A bare core on 1 MiB of RAM at 0x60000000 for the debug tests: MMU off, except that
 * [{@link #HOLE_START}, {@link #HOLE_END}) stands for an unmapped region (translation fails,
 * CPU accesses abort and record a fault address), to check that the debugger reports it without
 * side effects. Everything else outside RAM reads zero and ignores writes.
 */
final class TestBoard implements DebugTarget {
    static final int RAM_BASE = 0x60000000;
    static final int RAM_SIZE = 1 << 20;
    static final int HOLE_START = 0x70000000;
    static final int HOLE_END = 0x70100000;

    final Cpu cpu = new Cpu();
    final Ram ram = new Ram(RAM_BASE, RAM_SIZE);
    final Bus bus = new Bus() {
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
    };
    /** The last fault address the "MMU" recorded, as DFAR would hold it. */
    int faultAddress;
    VfpRegisters vfp;
    boolean exited;
    int exitStatus;

    TestBoard(InstructionSet arm) {
        DirectMemory direct = new DirectMemory(bus);
        cpu.memory = new HoleMemory(direct);
        cpu.arm = arm;
        cpu.systemControl = new SystemControl() {
            @Override
            public boolean highVectors() {
                return false;
            }

            @Override
            public int vectorBase() {
                return 0;
            }

            @Override
            public boolean thumbExceptions() {
                return false;
            }

            @Override
            public boolean exceptionEndianBig() {
                return false;
            }
        };
        cpu.reset(RAM_BASE);
    }

    TestBoard() {
        this(new TinyArm());
    }

    /** Stores words at consecutive addresses from {@code address}. */
    TestBoard load(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            ram.write32(address + 4 * i, words[i]);
        }
        return this;
    }

    @Override
    public Cpu cpu() {
        return cpu;
    }

    @Override
    public Bus bus() {
        return bus;
    }

    @Override
    public VfpRegisters vfp() {
        return vfp;
    }

    @Override
    public boolean guestExited() {
        return exited;
    }

    @Override
    public int guestExitStatus() {
        return exitStatus;
    }

    private final class HoleMemory implements dev.hilfarm.emulator.memory.Memory {
        private final DirectMemory direct;

        HoleMemory(DirectMemory direct) {
            this.direct = direct;
        }

        private int check(int va) {
            if (Integer.compareUnsigned(va - HOLE_START, HOLE_END - HOLE_START) < 0) {
                faultAddress = va;
                throw MemoryAbort.DATA;
            }
            return va;
        }

        @Override
        public int read8(int va) {
            return direct.read8(check(va));
        }

        @Override
        public int read16(int va) {
            return direct.read16(check(va));
        }

        @Override
        public int read32(int va) {
            return direct.read32(check(va));
        }

        @Override
        public void write8(int va, int value) {
            direct.write8(check(va), value);
        }

        @Override
        public void write16(int va, int value) {
            direct.write16(check(va), value);
        }

        @Override
        public void write32(int va, int value) {
            direct.write32(check(va), value);
        }

        @Override
        public int fetch16(int va) {
            return direct.fetch16(va);
        }

        @Override
        public int fetch32(int va) {
            return direct.fetch32(va);
        }

        @Override
        public int readUnprivileged(int va, int size) {
            return direct.readUnprivileged(check(va), size);
        }

        @Override
        public void writeUnprivileged(int va, int size, int value) {
            direct.writeUnprivileged(check(va), size, value);
        }

        @Override
        public int read32Aligned(int va) {
            return direct.read32Aligned(check(va));
        }

        @Override
        public void write32Aligned(int va, int value) {
            direct.write32Aligned(check(va), value);
        }

        @Override
        public long translateForDebug(int va) {
            return Integer.compareUnsigned(va - HOLE_START, HOLE_END - HOLE_START) < 0 ? -1 : direct.translateForDebug(va);
        }
    }
}
