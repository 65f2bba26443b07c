package dev.hilfarm.emulator.bus;

import dev.hilfarm.emulator.memory.Bus;
import dev.hilfarm.emulator.memory.CodePage;
import dev.hilfarm.emulator.memory.CodeWatcher;
import dev.hilfarm.emulator.memory.CodeWatchers;
import dev.hilfarm.emulator.memory.MmioDevice;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 32-bit physical address space of a machine: RAM and ROM regions (and aliases of them) at
 * 1 MiB granularity, device register windows at 4 KiB granularity. Addresses nothing decodes read
 * as zero and ignore writes, as on QEMU's vexpress boards.
 *
 * <p>Decoding is one table lookup: {@code pa >>> 20} indexes a 4096-entry table of the backing
 * arrays of memory pages, so a RAM access is an array load, a null check and a VarHandle access.
 * Everything else (pages not yet written, ROM writes, devices) takes the slow path, which finds
 * the device window through a second 256-entry table per megabyte. Nothing is allocated per
 * access; RAM pages are allocated the first time they are written.
 */
public final class PhysicalBus implements Bus {
    public static final int PAGE_SHIFT = 20;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int SLOTS = 1 << (32 - PAGE_SHIFT);
    private static final int WINDOW_SHIFT = 12;
    private static final int WINDOWS_PER_SLOT = 1 << (PAGE_SHIFT - WINDOW_SHIFT);

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Backing array per megabyte for reads, or null (slow path). */
    private final byte[][] readPages = new byte[SLOTS][];
    /** Told of device and unmapped accesses (--trace devices); null when nobody traces. */
    private DeviceAccessTrace deviceTrace;
    /** Backing array per megabyte for writes (writable RAM that exists), or null. */
    private final byte[][] writePages = new byte[SLOTS][];
    /** The memory region each megabyte maps, and which of its pages. */
    private final MemoryRegion[] slotRegion = new MemoryRegion[SLOTS];
    private final int[] slotPage = new int[SLOTS];
    /**
     * Decoded-code pages per megabyte (shared by aliases of the same memory), or null while no
     * code has run there: writes check them so that stale decodes are dropped.
     */
    private final CodePage[][] codeSlots = new CodePage[SLOTS][];
    private final CodeWatchers codeWatchers = new CodeWatchers();
    /** Device windows per 4 KiB, for megabytes that hold devices. */
    private final DeviceWindow[][] windows = new DeviceWindow[SLOTS][];

    private final List<MemoryRegion> regions = new ArrayList<>();
    private final List<DeviceWindow> devices = new ArrayList<>();

    /** Maps RAM at {@code base}; base and size must be multiples of 1 MiB. */
    public MemoryRegion mapRam(String name, int base, long size) {
        return mapMemory(name, base, size, true);
    }

    /** Maps ROM (NOR flash) at {@code base}: loaders fill it, the guest's writes are ignored. */
    public MemoryRegion mapRom(String name, int base, long size) {
        return mapMemory(name, base, size, false);
    }

    private MemoryRegion mapMemory(String name, int base, long size, boolean writable) {
        MemoryRegion region = new MemoryRegion(name, base, size, writable);
        mapAlias(region, base, size, 0);
        regions.add(region);
        return region;
    }

    /**
     * Maps {@code size} bytes of {@code region}, starting {@code offset} bytes into it, at
     * {@code base} as well (QEMU's vexpress-a9 shows NOR flash 0 again at address 0).
     */
    public void mapAlias(MemoryRegion region, int base, long size, long offset) {
        checkMegabytes(region.name(), base, size);
        if ((offset & PAGE_MASK) != 0 || offset < 0 || offset + size > region.size()) {
            throw new IllegalArgumentException(String.format("alias of %s at 0x%08x: offset 0x%x and size 0x%x do not fit the region",
                    region.name(), base, offset, size));
        }
        int first = base >>> PAGE_SHIFT;
        int count = (int) (size >>> PAGE_SHIFT);
        for (int i = 0; i < count; i++) {
            checkFree(first + i, region.name());
        }
        for (int i = 0; i < count; i++) {
            int slot = first + i;
            slotRegion[slot] = region;
            slotPage[slot] = (int) (offset >>> PAGE_SHIFT) + i;
            refreshSlot(slot);
        }
    }

    /** Maps a device's register window at {@code base} (a multiple of 4 KiB). */
    public DeviceWindow mapDevice(String name, int base, MmioDevice device) {
        DeviceWindow window = new DeviceWindow(name, base, device);
        if ((base & ((1 << WINDOW_SHIFT) - 1)) != 0 || window.size <= 0) {
            throw new IllegalArgumentException(String.format("device %s at 0x%08x: windows start on a 4 KiB boundary and are not empty", name, base));
        }
        long end = (base & 0xffffffffL) + window.size;
        if (end > 0x1_0000_0000L) {
            throw new IllegalArgumentException(String.format("device %s at 0x%08x runs past the 4 GiB address space", name, base));
        }
        for (long a = base & 0xffffffffL; a < end; a += 1 << WINDOW_SHIFT) {
            int slot = (int) (a >>> PAGE_SHIFT);
            checkFreeForDevice(slot, name);
            DeviceWindow[] table = windows[slot];
            if (table != null && table[(int) (a >>> WINDOW_SHIFT) & (WINDOWS_PER_SLOT - 1)] != null) {
                throw new IllegalArgumentException(String.format("device %s at 0x%08x overlaps %s", name, base,
                        table[(int) (a >>> WINDOW_SHIFT) & (WINDOWS_PER_SLOT - 1)]));
            }
        }
        for (long a = base & 0xffffffffL; a < end; a += 1 << WINDOW_SHIFT) {
            int slot = (int) (a >>> PAGE_SHIFT);
            if (windows[slot] == null) {
                windows[slot] = new DeviceWindow[WINDOWS_PER_SLOT];
            }
            windows[slot][(int) (a >>> WINDOW_SHIFT) & (WINDOWS_PER_SLOT - 1)] = window;
        }
        devices.add(window);
        return window;
    }

    /**
     * Lets {@code device} answer the guest's writes to a ROM region (and its reads while the
     * region is out of array mode), as QEMU's ROM devices do for NOR flash.
     */
    public void attachRomDevice(MemoryRegion region, RomDevice device) {
        if (region.writable()) {
            throw new IllegalArgumentException(region.name() + " is RAM, not ROM");
        }
        region.device = device;
        refreshRegion(region);
    }

    /** Array mode reads the region's bytes directly; otherwise its device answers reads. */
    public void romArrayMode(MemoryRegion region, boolean array) {
        if (region.arrayMode != array) {
            region.arrayMode = array;
            refreshRegion(region);
        }
    }

    /** A region's page, allocated if nothing has written it yet (for the region's device). */
    public byte[] regionPage(MemoryRegion region, int index) {
        allocate(region, index);
        return region.page(index);
    }

    private void refreshRegion(MemoryRegion region) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (slotRegion[slot] == region) {
                refreshSlot(slot);
            }
        }
    }

    public List<MemoryRegion> regions() {
        return Collections.unmodifiableList(regions);
    }

    public List<DeviceWindow> devices() {
        return Collections.unmodifiableList(devices);
    }

    /** Resets every mapped device once (a device mapped in several windows is reset once). */
    public void resetDevices() {
        Map<MmioDevice, Boolean> done = new IdentityHashMap<>();
        for (DeviceWindow window : devices) {
            if (done.put(window.device, Boolean.TRUE) == null) {
                window.device.reset();
            }
        }
    }

    // ---- the Bus interface: fast path for memory, slow path for the rest ----

    @Override
    public int read8(int pa) {
        byte[] page = readPages[pa >>> PAGE_SHIFT];
        if (page != null) {
            return page[pa & PAGE_MASK] & 0xff;
        }
        return slowRead(pa, 1);
    }

    @Override
    public int read16(int pa) {
        byte[] page = readPages[pa >>> PAGE_SHIFT];
        if (page != null) {
            return (short) SHORTS.get(page, pa & PAGE_MASK) & 0xffff;
        }
        return slowRead(pa, 2);
    }

    @Override
    public int read32(int pa) {
        byte[] page = readPages[pa >>> PAGE_SHIFT];
        if (page != null) {
            return (int) INTS.get(page, pa & PAGE_MASK);
        }
        return slowRead(pa, 4);
    }

    @Override
    public void write8(int pa, int value) {
        byte[] page = writePages[pa >>> PAGE_SHIFT];
        if (page != null) {
            page[pa & PAGE_MASK] = (byte) value;
            if (codeSlots[pa >>> PAGE_SHIFT] != null) {
                codeWritten(pa, 1);
            }
        } else {
            slowWrite(pa, 1, value);
        }
    }

    @Override
    public void write16(int pa, int value) {
        byte[] page = writePages[pa >>> PAGE_SHIFT];
        if (page != null) {
            SHORTS.set(page, pa & PAGE_MASK, (short) value);
            if (codeSlots[pa >>> PAGE_SHIFT] != null) {
                codeWritten(pa, 2);
            }
        } else {
            slowWrite(pa, 2, value);
        }
    }

    @Override
    public void write32(int pa, int value) {
        byte[] page = writePages[pa >>> PAGE_SHIFT];
        if (page != null) {
            INTS.set(page, pa & PAGE_MASK, value);
            if (codeSlots[pa >>> PAGE_SHIFT] != null) {
                codeWritten(pa, 4);
            }
        } else {
            slowWrite(pa, 4, value);
        }
    }

    private int slowRead(int pa, int size) {
        MemoryRegion region = slotRegion[pa >>> PAGE_SHIFT];
        if (region != null) {
            if (region.device != null && !region.arrayMode) {
                return region.device.romRead(((long) slotPage[pa >>> PAGE_SHIFT] << PAGE_SHIFT) + (pa & PAGE_MASK), size);
            }
            return 0; // a page nobody has written
        }
        DeviceWindow window = windowAt(pa);
        if (window != null) {
            int value = window.device.read(pa - window.base, size);
            value = size == 4 ? value : value & ((1 << (8 * size)) - 1);
            if (deviceTrace != null) {
                deviceTrace.device(window, pa - window.base, size, value, false);
            }
            return value;
        }
        if (deviceTrace != null && slotRegion[pa >>> PAGE_SHIFT] == null) {
            deviceTrace.unmapped(pa, size, 0, false);
        }
        return 0; // unwritten memory page, or nothing decodes the address
    }

    /** Reports device and unmapped accesses to {@code trace} from now on; null stops it. */
    public void traceDeviceAccesses(DeviceAccessTrace trace) {
        deviceTrace = trace;
    }

    private void slowWrite(int pa, int size, int value) {
        int slot = pa >>> PAGE_SHIFT;
        MemoryRegion region = slotRegion[slot];
        if (region != null) {
            if (region.writable()) {
                allocate(region, slotPage[slot]);
                byte[] page = writePages[slot];
                int offset = pa & PAGE_MASK;
                if (size == 1) {
                    page[offset] = (byte) value;
                } else if (size == 2) {
                    SHORTS.set(page, offset, (short) value);
                } else {
                    INTS.set(page, offset, value);
                }
                if (codeSlots[slot] != null) {
                    codeWritten(pa, size);
                }
            }
            if (region.device != null) {
                region.device.romWrite(((long) slotPage[slot] << PAGE_SHIFT) + (pa & PAGE_MASK), size,
                        size == 4 ? value : value & ((1 << (8 * size)) - 1));
            }
            return; // plain ROM: the guest cannot change it
        }
        DeviceWindow window = windowAt(pa);
        int masked = size == 4 ? value : value & ((1 << (8 * size)) - 1);
        if (window != null) {
            if (deviceTrace != null) {
                deviceTrace.device(window, pa - window.base, size, masked, true);
            }
            window.device.write(pa - window.base, size, masked);
        } else if (deviceTrace != null) {
            deviceTrace.unmapped(pa, size, masked, true);
        }
    }

    /** Tells the code pages under a write of {@code size} bytes at {@code pa} (it may cross into the next page). */
    private void codeWritten(int pa, int size) {
        CodePage page = codePageIfAny(pa);
        int offset = pa & 0xfff;
        int inFirst = Math.min(size, 0x1000 - offset);
        if (page != null) {
            page.written(offset, inFirst);
        }
        if (inFirst < size) {
            CodePage next = codePageIfAny(pa + inFirst);
            if (next != null) {
                next.written(0, size - inFirst);
            }
        }
    }

    private CodePage codePageIfAny(int pa) {
        CodePage[] pages = codeSlots[pa >>> PAGE_SHIFT];
        return pages == null ? null : pages[(pa >>> 12) & 0xff];
    }

    // ---- decoded code ----

    /**
     * The decoded-code page of the 4 KiB page of memory (RAM or ROM) holding {@code pa}, made on
     * first use; null for devices and unmapped space, whose instructions are fetched every time.
     * Aliases of the same memory share the page.
     */
    public CodePage codePage(int pa) {
        int slot = pa >>> PAGE_SHIFT;
        CodePage[] pages = codeSlots[slot];
        if (pages == null) {
            MemoryRegion region = slotRegion[slot];
            if (region == null) {
                return null;
            }
            if (region.allocateCode(slotPage[slot])) {
                for (int s = 0; s < SLOTS; s++) {
                    if (slotRegion[s] == region && slotPage[s] == slotPage[slot]) {
                        codeSlots[s] = region.code(slotPage[slot]);
                    }
                }
            }
            pages = codeSlots[slot];
        }
        int index = (pa >>> 12) & 0xff;
        CodePage page = pages[index];
        if (page == null) {
            page = new CodePage(codeWatchers);
            pages[index] = page;
        }
        return page;
    }

    /** Registers something to be told when pages start and stop holding decoded code. */
    public void watchCode(CodeWatcher watcher) {
        codeWatchers.add(watcher);
    }

    /** Drops the decodes of every page in [pa, pa + length): loaders and debuggers rewrote them. */
    private void dropCode(int pa, long length) {
        long start = (pa & 0xffffffffL) & ~0xfffL;
        long end = (pa & 0xffffffffL) + length;
        for (long a = start; a < end; a += 0x1000) {
            CodePage page = codePageIfAny((int) a);
            if (page != null) {
                page.drop();
            }
        }
    }

    private DeviceWindow windowAt(int pa) {
        DeviceWindow[] table = windows[pa >>> PAGE_SHIFT];
        if (table == null) {
            return null;
        }
        DeviceWindow window = table[(pa >>> WINDOW_SHIFT) & (WINDOWS_PER_SLOT - 1)];
        if (window == null || Integer.compareUnsigned(pa - window.base, window.size) >= 0) {
            return null;
        }
        return window;
    }

    // ---- direct page access for MMU fast paths and loaders ----

    /**
     * The backing array of the RAM or ROM megabyte holding {@code pa} for reading, allocating it if
     * nothing has written it yet; null for devices and unmapped space. Index it with
     * {@code pa & (PAGE_SIZE - 1)}. Lets a TLB cache host arrays per guest page.
     */
    public byte[] pageForRead(int pa) {
        int slot = pa >>> PAGE_SHIFT;
        MemoryRegion region = slotRegion[slot];
        if (region == null) {
            return null;
        }
        allocate(region, slotPage[slot]);
        return region.page(slotPage[slot]); // a flash's bytes even while its commands answer reads
    }

    /** As {@link #pageForRead}, for writing: null also for ROM. */
    public byte[] pageForWrite(int pa) {
        int slot = pa >>> PAGE_SHIFT;
        MemoryRegion region = slotRegion[slot];
        if (region == null || !region.writable()) {
            return null;
        }
        allocate(region, slotPage[slot]);
        return writePages[slot];
    }

    /** The memory region mapped at {@code pa}, or null for devices and unmapped space. */
    public MemoryRegion memoryAt(int pa) {
        return slotRegion[pa >>> PAGE_SHIFT];
    }

    /** The device window at {@code pa}, or null. */
    public DeviceWindow deviceAt(int pa) {
        return windowAt(pa);
    }

    /** What decodes {@code pa}, for messages. */
    public String describe(int pa) {
        MemoryRegion region = memoryAt(pa);
        if (region != null) {
            return region.name();
        }
        DeviceWindow window = windowAt(pa);
        return window != null ? window.name : "unmapped space";
    }

    /**
     * Copies an image into memory (RAM or ROM) at {@code pa}. Refuses, naming the address and what
     * is there, when any byte would land outside memory.
     */
    public void load(int pa, byte[] data, int offset, int length) {
        checkLoadable(pa, length);
        dropCode(pa, length);
        int done = 0;
        while (done < length) {
            int address = pa + done;
            int inPage = Math.min(length - done, PAGE_SIZE - (address & PAGE_MASK));
            byte[] page = pageForRead(address);
            System.arraycopy(data, offset + done, page, address & PAGE_MASK, inPage);
            done += inPage;
        }
    }

    /** Fills {@code length} bytes of memory at {@code pa} with zero (an ELF segment's .bss). */
    public void zero(int pa, long length) {
        checkLoadable(pa, length);
        dropCode(pa, length);
        long done = 0;
        while (done < length) {
            int address = (int) (pa + done);
            int inPage = (int) Math.min(length - done, PAGE_SIZE - (address & PAGE_MASK));
            MemoryRegion region = memoryAt(address);
            if (region.page(slotPage[address >>> PAGE_SHIFT]) != null) {
                java.util.Arrays.fill(readPages[address >>> PAGE_SHIFT], address & PAGE_MASK, (address & PAGE_MASK) + inPage, (byte) 0);
            }
            done += inPage;
        }
    }

    /** Whether [pa, pa + length) is all RAM or ROM. */
    public boolean isMemory(int pa, long length) {
        long start = pa & 0xffffffffL;
        if (length < 0 || start + length > 0x1_0000_0000L) {
            return false;
        }
        for (long a = start; a < start + length; a = (a | PAGE_MASK) + 1) {
            if (slotRegion[(int) (a >>> PAGE_SHIFT)] == null) {
                return false;
            }
        }
        return true;
    }

    private void checkLoadable(int pa, long length) {
        long start = pa & 0xffffffffL;
        if (length < 0 || start + length > 0x1_0000_0000L) {
            throw new IllegalArgumentException(String.format("0x%x bytes at 0x%08x run past the 4 GiB address space", length, pa));
        }
        for (long a = start; a < start + length; a = (a | PAGE_MASK) + 1) {
            if (slotRegion[(int) (a >>> PAGE_SHIFT)] == null) {
                long at = Math.max(a, start);
                throw new IllegalArgumentException(String.format("0x%x bytes at 0x%08x reach 0x%08x, which is %s, not memory",
                        length, pa, at, describe((int) at)));
            }
        }
    }

    private void allocate(MemoryRegion region, int page) {
        if (region.allocate(page)) {
            // Every megabyte that maps this page (the region itself and its aliases) now goes fast.
            for (int slot = 0; slot < SLOTS; slot++) {
                if (slotRegion[slot] == region && slotPage[slot] == page) {
                    refreshSlot(slot);
                }
            }
        }
    }

    private void refreshSlot(int slot) {
        MemoryRegion region = slotRegion[slot];
        byte[] page = region.page(slotPage[slot]);
        readPages[slot] = region.device != null && !region.arrayMode ? null : page;
        writePages[slot] = region.writable() ? page : null;
        codeSlots[slot] = region.code(slotPage[slot]);
    }

    private static void checkMegabytes(String name, int base, long size) {
        if ((base & PAGE_MASK) != 0 || size <= 0 || (size & PAGE_MASK) != 0
                || (base & 0xffffffffL) + size > 0x1_0000_0000L) {
            throw new IllegalArgumentException(String.format(
                    "%s: base 0x%08x and size 0x%x must be whole megabytes inside the 4 GiB address space", name, base, size));
        }
    }

    private void checkFree(int slot, String name) {
        if (slotRegion[slot] != null || windows[slot] != null) {
            throw new IllegalArgumentException(String.format("%s at 0x%08x overlaps %s", name, slot << PAGE_SHIFT,
                    slotRegion[slot] != null ? slotRegion[slot].name() : "a device window"));
        }
    }

    private void checkFreeForDevice(int slot, String name) {
        if (slotRegion[slot] != null) {
            throw new IllegalArgumentException(String.format("device %s at 0x%08x overlaps %s", name, slot << PAGE_SHIFT,
                    slotRegion[slot].name()));
        }
    }
}
