package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.ExclusiveMonitor;

/**
 * LDREX/STREX in their byte, halfword, word and doubleword forms against the core's local
 * monitor ({@link Cpu#monitor}), which tags the physical address the load translated to (the
 * virtual address when the MMU is off) and the value it read. Every exclusive access must be
 * aligned to its size (LDREXD/STREXD to eight bytes) whatever SCTLR.A says.
 *
 * <p>A store-exclusive whose address is not the tagged one writes nothing, makes no access that
 * could abort, and returns 1. At the tagged address it compares memory with the tagged value and
 * writes only if they agree, returning 0, else 1 (see {@link ExclusiveMonitor} for why). Either
 * way the monitor is then clear.
 */
final class Exclusives {
    static final int BYTE = 1;
    static final int HALFWORD = 2;
    static final int WORD = 4;
    static final int DOUBLEWORD = 8;

    private Exclusives() {
    }

    /** LDREX, LDREXB, LDREXH: returns the loaded value (zero-extended). */
    static int load(Cpu cpu, int va, int size) {
        int value = read(cpu, va, size);
        cpu.monitor.mark(cpu.memory.translateForDebug(va), value & 0xffffffffL);
        return value;
    }

    /** LDREXD: the word at {@code va} goes to Rt, the next to Rt2. */
    static void loadDual(Cpu cpu, int va, int rt, int rt2) {
        cpu.memory.requireAlignment(va, DOUBLEWORD, false);
        int low = DataAccess.read32Aligned(cpu, va);
        int high = DataAccess.read32Aligned(cpu, va + 4);
        cpu.state.r[rt] = low;
        cpu.state.r[rt2] = high;
        cpu.monitor.mark(cpu.memory.translateForDebug(va), dual(low, high));
    }

    /** STREX, STREXB, STREXH: returns the status for Rd. */
    static int store(Cpu cpu, int va, int size, int value) {
        ExclusiveMonitor monitor = cpu.monitor;
        if (!monitor.tagged(cpu.memory.translateForDebug(va))) {
            monitor.clear();
            return 1;
        }
        long expected = monitor.taggedValue();
        monitor.clear();
        if ((read(cpu, va, size) & 0xffffffffL) != expected) {
            return 1;
        }
        if (size == WORD) {
            DataAccess.write32Aligned(cpu, va, value);
        } else if (size == HALFWORD) {
            DataAccess.write16(cpu, va, value);
        } else {
            DataAccess.write8(cpu, va, value);
        }
        return 0;
    }

    static int storeDual(Cpu cpu, int va, int low, int high) {
        ExclusiveMonitor monitor = cpu.monitor;
        if (!monitor.tagged(cpu.memory.translateForDebug(va))) {
            monitor.clear();
            return 1;
        }
        long expected = monitor.taggedValue();
        monitor.clear();
        cpu.memory.requireAlignment(va, DOUBLEWORD, true);
        if (dual(DataAccess.read32Aligned(cpu, va), DataAccess.read32Aligned(cpu, va + 4)) != expected) {
            return 1;
        }
        DataAccess.write32Aligned(cpu, va, low);
        DataAccess.write32Aligned(cpu, va + 4, high);
        return 0;
    }

    /** An aligned exclusive read of {@code size} bytes, zero-extended. */
    private static int read(Cpu cpu, int va, int size) {
        if (size == WORD) {
            return DataAccess.read32Aligned(cpu, va);
        }
        if (size == HALFWORD) {
            DataAccess.requireHalfwordAlignment(cpu, va);
            return DataAccess.read16(cpu, va);
        }
        return DataAccess.read8(cpu, va);
    }

    private static long dual(int low, int high) {
        return ((long) high << 32) | (low & 0xffffffffL);
    }
}
