package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;

/**
 * LDREX/STREX in their byte, halfword, word and doubleword forms against the core's local
 * monitor ({@link Cpu#monitor}), which tags the physical address the load translated to (the
 * virtual address when the MMU is off). A store-exclusive that finds the monitor open for the
 * same address and size writes and returns 0; otherwise it writes nothing, makes no access that
 * could abort, and returns 1. Either way the monitor is then clear.
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
        int value;
        if (size == WORD) {
            value = DataAccess.read32Aligned(cpu, va);
        } else if (size == HALFWORD) {
            DataAccess.requireHalfwordAlignment(cpu, va);
            value = DataAccess.read16(cpu, va);
        } else {
            value = DataAccess.read8(cpu, va);
        }
        cpu.monitor.mark(cpu.memory.translateForDebug(va), size);
        return value;
    }

    /** LDREXD: the word at {@code va} goes to Rt, the next to Rt2. */
    static void loadDual(Cpu cpu, int va, int rt, int rt2) {
        int low = DataAccess.read32Aligned(cpu, va);
        int high = DataAccess.read32Aligned(cpu, va + 4);
        cpu.state.r[rt] = low;
        cpu.state.r[rt2] = high;
        cpu.monitor.mark(cpu.memory.translateForDebug(va), DOUBLEWORD);
    }

    /** STREX, STREXB, STREXH: returns the status for Rd. */
    static int store(Cpu cpu, int va, int size, int value) {
        if (!cpu.monitor.checkAndClear(cpu.memory.translateForDebug(va), size)) {
            return 1;
        }
        if (size == WORD) {
            DataAccess.write32Aligned(cpu, va, value);
        } else if (size == HALFWORD) {
            DataAccess.requireHalfwordAlignment(cpu, va);
            DataAccess.write16(cpu, va, value);
        } else {
            DataAccess.write8(cpu, va, value);
        }
        return 0;
    }

    static int storeDual(Cpu cpu, int va, int low, int high) {
        if (!cpu.monitor.checkAndClear(cpu.memory.translateForDebug(va), DOUBLEWORD)) {
            return 1;
        }
        DataAccess.write32Aligned(cpu, va, low);
        DataAccess.write32Aligned(cpu, va + 4, high);
        return 0;
    }
}
