package dev.hilfarm.emulator.bus;

import dev.hilfarm.emulator.memory.CodePage;

/**
 * RAM or ROM on the physical bus, stored as 1 MiB pages that are allocated the first time
 * something writes them (a 1 GiB board costs only the memory the guest touches). A page nobody
 * has written reads as zero. ROM (NOR flash) is filled by image loaders; the guest's writes to it
 * are ignored.
 */
public final class MemoryRegion {
    private final String name;
    private final int base;
    private final long size;
    private final boolean writable;
    private final byte[][] pages;
    /** Decoded-code pages per megabyte (256 of 4 KiB each), created when code first runs there. */
    private final CodePage[][] code;
    /** Answers writes and, out of array mode, reads (NOR flash); null for plain RAM and ROM. */
    RomDevice device;
    boolean arrayMode = true;

    MemoryRegion(String name, int base, long size, boolean writable) {
        this.name = name;
        this.base = base;
        this.size = size;
        this.writable = writable;
        this.pages = new byte[(int) (size >>> PhysicalBus.PAGE_SHIFT)][];
        this.code = new CodePage[pages.length][];
    }

    public String name() {
        return name;
    }

    /** The region's own base address (aliases map it elsewhere too). */
    public int base() {
        return base;
    }

    public long size() {
        return size;
    }

    /** RAM; false for ROM, whose contents only loaders change. */
    public boolean writable() {
        return writable;
    }

    int pageCount() {
        return pages.length;
    }

    /** The page's backing array, or null while nothing has written it. */
    byte[] page(int index) {
        return pages[index];
    }

    /** The decoded-code pages of megabyte {@code index}, or null while no code has run there. */
    CodePage[] code(int index) {
        return code[index];
    }

    /** Makes {@link #code} non-null for megabyte {@code index}; returns true when it was new. */
    boolean allocateCode(int index) {
        if (code[index] != null) {
            return false;
        }
        code[index] = new CodePage[PhysicalBus.PAGE_SIZE >>> 12];
        return true;
    }

    /** Number of pages that hold memory (were written at least once). */
    public int allocatedPages() {
        int n = 0;
        for (byte[] page : pages) {
            if (page != null) {
                n++;
            }
        }
        return n;
    }

    /** Allocates a page; returns true when it was new. */
    boolean allocate(int index) {
        if (pages[index] != null) {
            return false;
        }
        pages[index] = new byte[PhysicalBus.PAGE_SIZE];
        return true;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%08x, 0x%08x)", name, base, base + size);
    }
}
