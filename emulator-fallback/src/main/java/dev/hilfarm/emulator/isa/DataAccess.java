package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;

/**
 * Data accesses as instructions make them: through {@link Cpu#memory}, byte-reversed when CPSR.E
 * selects big-endian data (SETEND BE). {@link dev.hilfarm.emulator.memory.Memory} itself is
 * little-endian, so the reversal lives here, once, for every load and store.
 */
final class DataAccess {
    private DataAccess() {
    }

    static int read8(Cpu cpu, int va) {
        return cpu.memory.read8(va);
    }

    static int read16(Cpu cpu, int va) {
        int value = cpu.memory.read16(va);
        return cpu.state.bigEndianData ? Integer.reverseBytes(value) >>> 16 : value;
    }

    static int read32(Cpu cpu, int va) {
        int value = cpu.memory.read32(va);
        return cpu.state.bigEndianData ? Integer.reverseBytes(value) : value;
    }

    /** LDM, LDRD, SWP, LDREX, RFE: word accesses that must be word-aligned whatever SCTLR.A says. */
    static int read32Aligned(Cpu cpu, int va) {
        int value = cpu.memory.read32Aligned(va);
        return cpu.state.bigEndianData ? Integer.reverseBytes(value) : value;
    }

    static void write8(Cpu cpu, int va, int value) {
        cpu.memory.write8(va, value);
    }

    static void write16(Cpu cpu, int va, int value) {
        cpu.memory.write16(va, cpu.state.bigEndianData ? Integer.reverseBytes(value) >>> 16 : value);
    }

    static void write32(Cpu cpu, int va, int value) {
        cpu.memory.write32(va, cpu.state.bigEndianData ? Integer.reverseBytes(value) : value);
    }

    static void write32Aligned(Cpu cpu, int va, int value) {
        cpu.memory.write32Aligned(va, cpu.state.bigEndianData ? Integer.reverseBytes(value) : value);
    }

    /** LDRT/LDRBT/LDRHT: checked as a User-mode access; {@code size} is 1, 2 or 4 bytes. */
    static int readUnprivileged(Cpu cpu, int va, int size) {
        int value = cpu.memory.readUnprivileged(va, size);
        if (!cpu.state.bigEndianData || size == 1) {
            return value;
        }
        return size == 2 ? Integer.reverseBytes(value) >>> 16 : Integer.reverseBytes(value);
    }

    static void writeUnprivileged(Cpu cpu, int va, int size, int value) {
        if (cpu.state.bigEndianData && size != 1) {
            value = size == 2 ? Integer.reverseBytes(value) >>> 16 : Integer.reverseBytes(value);
        }
        cpu.memory.writeUnprivileged(va, size, value);
    }

    /**
     * Halfword accesses that always require alignment (LDREXH/STREXH). Memory has no checked
     * halfword access, so an odd address is sent through the checked word access, which raises
     * the alignment fault with this address, exactly as the halfword access would.
     */
    static void requireHalfwordAlignment(Cpu cpu, int va) {
        if ((va & 1) != 0) {
            cpu.memory.read32Aligned(va);
        }
    }
}
