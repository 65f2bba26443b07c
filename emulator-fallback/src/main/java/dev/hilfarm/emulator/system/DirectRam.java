package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.memory.CodePage;
import dev.hilfarm.emulator.memory.CodeWatcher;
import dev.hilfarm.emulator.memory.Ram;

/**
 * Writable RAM whose backing arrays the {@link Tlb} may hand to the memory fast path, so that a
 * translated access to RAM skips the bus decode. Only writable RAM belongs here: ROM and devices
 * answer null and go through the bus. Accesses through this path bypass the {@link
 * dev.hilfarm.emulator.memory.Bus}, so anything that must observe writes to a page (a decoded
 * instruction cache, say) must not hand that page out.
 *
 * <p>For the machine's {@code PhysicalBus}: {@code array(pa) = bus.pageForWrite(pa)},
 * {@code offset(pa) = pa & (PhysicalBus.PAGE_SIZE - 1)}.
 */
public interface DirectRam {
    /** The array holding the 4 KiB physical page at {@code physicalPage}, or null when it is not writable RAM. */
    byte[] array(int physicalPage);

    /** Where that page starts in {@link #array}. */
    int offset(int physicalPage);

    /**
     * The decoded-instruction cache of the 4 KiB page at {@code physicalPage} (RAM or ROM), or
     * null when instructions there are not cached. Memory that answers non-null must drop stale
     * decodes on every write that does not come through a TLB's direct path.
     */
    default CodePage codePage(int physicalPage) {
        return null;
    }

    /** Lets {@code watcher} know when pages start and stop holding decoded code. */
    default void watchCode(CodeWatcher watcher) {
    }

    /** One {@link Ram} block. */
    static DirectRam of(Ram ram) {
        return new DirectRam() {
            @Override
            public byte[] array(int physicalPage) {
                return ram.contains(physicalPage) && ram.contains(physicalPage + 0xfff) ? ram.array() : null;
            }

            @Override
            public int offset(int physicalPage) {
                return physicalPage - ram.base();
            }
        };
    }
}
