package dev.hilfarm.emulator.memory;

/**
 * The CPU's view of memory with the MMU off and no alignment checking: virtual equals physical.
 * What a core sees straight out of reset (before SCTLR.M and SCTLR.A are set), and what unit
 * tests of instruction execution use. Unaligned accesses are split into bytes, as the hardware
 * does for LDR/STR when SCTLR.A is clear.
 *
 * <p>Decoded instructions for the core's fast tier are cached only when asked for
 * ({@link #withCodeCache}): this memory then drops stale decodes on its own writes, so the bus
 * must not be written behind its back while the core runs.
 */
public final class DirectMemory implements Memory {
    private final Bus bus;
    /** Decoded-code pages by 4 KiB page number, two levels of 1024; null without a code cache. */
    private final CodePage[][] code;
    private final CodeWatchers noWatchers = new CodeWatchers();

    public DirectMemory(Bus bus) {
        this.bus = bus;
        this.code = null;
    }

    private DirectMemory(Bus bus, boolean cacheCode) {
        this.bus = bus;
        this.code = cacheCode ? new CodePage[1024][] : null;
    }

    /** Memory over {@code bus} that caches decoded instructions (every write must come through it). */
    public static DirectMemory withCodeCache(Bus bus) {
        return new DirectMemory(bus, true);
    }

    @Override
    public CodePage codePage(int va) {
        if (code == null) {
            return null;
        }
        CodePage[] pages = code[va >>> 22];
        if (pages == null) {
            pages = new CodePage[1024];
            code[va >>> 22] = pages;
        }
        int index = (va >>> 12) & 1023;
        CodePage page = pages[index];
        if (page == null) {
            page = new CodePage(noWatchers);
            pages[index] = page;
        }
        return page;
    }

    /** Drops decodes under a write of {@code size} bytes at {@code va} (which may cross a page). */
    private void written(int va, int size) {
        if (code == null) {
            return;
        }
        for (int i = 0; i < size; i++) {
            int address = va + i;
            CodePage[] pages = code[address >>> 22];
            CodePage page = pages == null ? null : pages[(address >>> 12) & 1023];
            if (page != null) {
                page.written(address & 0xfff, 1);
            }
        }
    }

    @Override
    public int read8(int va) {
        return bus.read8(va);
    }

    @Override
    public int read16(int va) {
        if ((va & 1) == 0) {
            return bus.read16(va);
        }
        return bus.read8(va) | (bus.read8(va + 1) << 8);
    }

    @Override
    public int read32(int va) {
        if ((va & 3) == 0) {
            return bus.read32(va);
        }
        return bus.read8(va) | (bus.read8(va + 1) << 8) | (bus.read8(va + 2) << 16) | (bus.read8(va + 3) << 24);
    }

    @Override
    public void write8(int va, int value) {
        written(va, 1);
        bus.write8(va, value);
    }

    @Override
    public void write16(int va, int value) {
        written(va, 2);
        if ((va & 1) == 0) {
            bus.write16(va, value);
        } else {
            bus.write8(va, value);
            bus.write8(va + 1, value >>> 8);
        }
    }

    @Override
    public void write32(int va, int value) {
        written(va, 4);
        if ((va & 3) == 0) {
            bus.write32(va, value);
        } else {
            for (int i = 0; i < 4; i++) {
                bus.write8(va + i, value >>> (8 * i));
            }
        }
    }

    @Override
    public int fetch16(int va) {
        return bus.read16(va & ~1);
    }

    @Override
    public int fetch32(int va) {
        return bus.read32(va & ~3);
    }

    @Override
    public int readUnprivileged(int va, int size) {
        return size == 1 ? read8(va) : size == 2 ? read16(va) : read32(va);
    }

    @Override
    public void writeUnprivileged(int va, int size, int value) {
        if (size == 1) {
            write8(va, value);
        } else if (size == 2) {
            write16(va, value);
        } else {
            write32(va, value);
        }
    }

    @Override
    public int read32Aligned(int va) {
        return bus.read32(va & ~3);
    }

    @Override
    public void write32Aligned(int va, int value) {
        written(va & ~3, 4);
        bus.write32(va & ~3, value);
    }

    @Override
    public long translateForDebug(int va) {
        return va & 0xffffffffL;
    }
}
