package dev.hilfarm.emulator.memory;

/**
 * Memory as the CPU's instructions see it: virtual addresses, translated by the MMU when it is
 * on, permission- and alignment-checked for the current privilege. A failed access records its
 * fault status and address (DFSR/DFAR or IFSR/IFAR) and throws {@link MemoryAbort}; nothing is
 * allocated on any path, the abort included.
 *
 * <p>Values are little-endian; multi-byte accesses that are allowed to be unaligned (SCTLR.A
 * clear, LDR/STR/LDRH/STRH) are handled here, so instruction code never splits them.
 */
public interface Memory {
    int read8(int va);

    int read16(int va);

    int read32(int va);

    void write8(int va, int value);

    void write16(int va, int value);

    void write32(int va, int value);

    /** Instruction fetch: a fault is a prefetch abort. */
    int fetch16(int va);

    int fetch32(int va);

    /** LDRT/STRT and friends: the access is checked as if made from User mode. */
    int readUnprivileged(int va, int size);

    void writeUnprivileged(int va, int size, int value);

    /**
     * Accesses whose alignment the architecture always checks (LDREX/STREX, LDRD/STRD with SCTLR.A,
     * LDM/STM word accesses): an unaligned address is an alignment fault regardless of SCTLR.A.
     */
    int read32Aligned(int va);

    void write32Aligned(int va, int value);

    /**
     * Raises the alignment fault an access of {@code bytes} at {@code va} would take if it is not
     * aligned to them (LDREXD/STREXD need eight-byte alignment). Memory that checks no alignment
     * (the MMU-less view of a bare bus) does nothing.
     */
    default void requireAlignment(int va, int bytes, boolean write) {
    }

    /** The physical address {@code va} translates to for a read, or -1 when it would fault (for LDREX monitors, debuggers). */
    long translateForDebug(int va);

    /**
     * The decoded-instruction cache of the physical page that an instruction fetch at {@code va}
     * reaches, translating it for execution as {@code fetch16}/{@code fetch32} would (the same
     * prefetch abort when that faults); null when fetches there are not cached (devices, or a
     * memory without a cache), and the caller fetches as usual.
     */
    default CodePage codePage(int va) {
        return null;
    }
}
