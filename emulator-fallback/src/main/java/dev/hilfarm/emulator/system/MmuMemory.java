package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.memory.Bus;
import dev.hilfarm.emulator.memory.CodePage;
import dev.hilfarm.emulator.memory.Memory;
import dev.hilfarm.emulator.memory.MemoryAbort;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The CPU's view of memory through the VMSAv7 MMU: virtual addresses translated by the
 * {@link Tlb} and, on a miss, by a {@link TranslationTableWalker} walk; permissions checked for the
 * current privilege (or as User, for LDRT and friends); alignment checked as SCTLR.A says. With the
 * MMU off the TLB holds flat, all-permission entries, so both cases take the same fast path: one
 * array index, a tag compare and a permission test, then the bus (or the RAM array directly, for
 * RAM handed to {@link Tlb#setDirectRam}).
 *
 * <p>Faults set DFSR/DFAR (data) or IFSR/IFAR (instruction fetch) in {@link Cp15} and throw the
 * preallocated {@link MemoryAbort}. Unaligned accesses allowed by SCTLR.A clear behave as on QEMU:
 * a load is made of the two aligned loads around it, a store of single bytes, and when the access
 * crosses into a page that faults, the fault address is that page's first byte and nothing has been
 * written.
 */
public final class MmuMemory implements Memory {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Cp15 cp15;
    private final CpuState state;
    private final Bus bus;
    private final Tlb tlb;
    private final TranslationTableWalker walker;
    private final int[] tags;
    private final int[] physicalPages;
    private final int[] permissions;
    private final byte[][] ramArrays;
    private final int[] ramOffsets;
    private final byte[][] writeArrays;
    private final CodePage[] codePages;

    // The page instructions are being fetched from, valid while the TLB's generation and the
    // privilege it was translated for stay the same: most fetches skip the TLB lookup.
    private int fetchPage = 1; // never a page address
    private int fetchGeneration;
    private boolean fetchUser;
    private CodePage fetchCode;

    /** The memory of the core whose registers are {@code state}, translated by {@code cp15}'s MMU over {@code cp15}'s bus. */
    public MmuMemory(Cp15 cp15, CpuState state) {
        this.cp15 = cp15;
        this.state = state;
        this.bus = cp15.bus;
        this.tlb = cp15.tlb;
        this.walker = cp15.walker;
        this.tags = tlb.tags;
        this.physicalPages = tlb.physicalPages;
        this.permissions = tlb.permissions;
        this.ramArrays = tlb.ramArrays;
        this.ramOffsets = tlb.ramOffsets;
        this.writeArrays = tlb.writeArrays;
        this.codePages = tlb.codePages;
    }

    // ---- fast path ----

    // Stores to RAM holding decoded code (no direct write array in the TLB entry) still write the
    // array, then tell the page, which drops its decodes if the store hit one.

    /** The TLB index of {@code va} if it holds a translation allowing {@code needed}, else -1. */
    private int lookup(int va, int needed) {
        int i = (va >>> 12) & Tlb.INDEX_MASK;
        int tag = tags[i];
        int page = va & 0xfffff000;
        if ((tag == (page | tlb.asid) || tag == (page | Tlb.GLOBAL)) && (permissions[i] & needed) != 0) {
            return i;
        }
        return -1;
    }

    /** The permission bit for an access by the current mode. */
    private int needed(int privilegedBit) {
        return state.mode() == Mode.USR ? privilegedBit << Tlb.USER_SHIFT : privilegedBit;
    }

    private boolean user() {
        return state.mode() == Mode.USR;
    }

    @Override
    public int read8(int va) {
        int i = lookup(va, needed(Tlb.PRIV_READ));
        if (i < 0) {
            i = fill(va, TranslationTableWalker.READ, user());
            if (i < 0) {
                return 0;
            }
        }
        return load8(i, va);
    }

    @Override
    public int read16(int va) {
        int i = lookup(va, needed(Tlb.PRIV_READ));
        if (i >= 0) {
            if ((va & 1) == 0) {
                return load16(i, va);
            }
            byte[] ram = ramArrays[i];
            if (ram != null && (va & 0xfff) != 0xfff && unalignedAllowed()) {
                return (short) SHORTS.get(ram, ramOffsets[i] + (va & 0xfff)) & 0xffff;
            }
        }
        return readSlow(va, 2, user());
    }

    @Override
    public int read32(int va) {
        int i = lookup(va, needed(Tlb.PRIV_READ));
        if (i >= 0) {
            if ((va & 3) == 0) {
                return load32(i, va);
            }
            byte[] ram = ramArrays[i];
            if (ram != null && (va & 0xfff) <= 0xffc && unalignedAllowed()) {
                return (int) INTS.get(ram, ramOffsets[i] + (va & 0xfff));
            }
        }
        return readSlow(va, 4, user());
    }

    /**
     * Unaligned accesses inside one page of RAM, with SCTLR.A clear, read or write the bytes in
     * place: the same bytes the slow path's two aligned loads (or single-byte stores) would.
     */
    private boolean unalignedAllowed() {
        return (cp15.sctlr & Cp15.SCTLR_A) == 0;
    }

    @Override
    public void write8(int va, int value) {
        int i = lookup(va, needed(Tlb.PRIV_WRITE));
        if (i < 0) {
            i = fill(va, TranslationTableWalker.WRITE, user());
            if (i < 0) {
                return;
            }
        }
        store8(i, va, value);
    }

    @Override
    public void write16(int va, int value) {
        int i = lookup(va, needed(Tlb.PRIV_WRITE));
        if (i >= 0) {
            if ((va & 1) == 0) {
                store16(i, va, value);
                return;
            }
            byte[] ram = writeArrays[i];
            if (ram != null && (va & 0xfff) != 0xfff && unalignedAllowed()) {
                SHORTS.set(ram, ramOffsets[i] + (va & 0xfff), (short) value);
                return;
            }
        }
        writeSlow(va, 2, value, user());
    }

    @Override
    public void write32(int va, int value) {
        int i = lookup(va, needed(Tlb.PRIV_WRITE));
        if (i >= 0) {
            if ((va & 3) == 0) {
                store32(i, va, value);
                return;
            }
            byte[] ram = writeArrays[i];
            if (ram != null && (va & 0xfff) <= 0xffc && unalignedAllowed()) {
                INTS.set(ram, ramOffsets[i] + (va & 0xfff), value);
                return;
            }
        }
        writeSlow(va, 4, value, user());
    }

    @Override
    public int fetch16(int va) {
        int aligned = va & ~1;
        int i = lookup(aligned, needed(Tlb.PRIV_EXEC));
        if (i < 0) {
            i = fill(aligned, TranslationTableWalker.FETCH, user());
            if (i < 0) {
                return 0;
            }
        }
        return load16(i, aligned);
    }

    @Override
    public int fetch32(int va) {
        int aligned = va & ~3;
        int i = lookup(aligned, needed(Tlb.PRIV_EXEC));
        if (i < 0) {
            i = fill(aligned, TranslationTableWalker.FETCH, user());
            if (i < 0) {
                return 0;
            }
        }
        return load32(i, aligned);
    }

    @Override
    public CodePage codePage(int va) {
        boolean user = user();
        if ((va & 0xfffff000) == fetchPage && tlb.generation == fetchGeneration && user == fetchUser) {
            return fetchCode;
        }
        int i = lookup(va, user ? Tlb.USER_EXEC : Tlb.PRIV_EXEC);
        if (i < 0) {
            i = fill(va, TranslationTableWalker.FETCH, user);
            if (i < 0) {
                return null;
            }
        }
        fetchCode = codePages[i];
        fetchPage = va & 0xfffff000;
        fetchGeneration = tlb.generation;
        fetchUser = user;
        return fetchCode;
    }

    @Override
    public int readUnprivileged(int va, int size) {
        if ((va & (size - 1)) == 0) {
            int i = lookup(va, Tlb.USER_READ);
            if (i >= 0) {
                return size == 1 ? load8(i, va) : size == 2 ? load16(i, va) : load32(i, va);
            }
        }
        return readSlow(va, size, true);
    }

    @Override
    public void writeUnprivileged(int va, int size, int value) {
        if ((va & (size - 1)) == 0) {
            int i = lookup(va, Tlb.USER_WRITE);
            if (i >= 0) {
                if (size == 1) {
                    store8(i, va, value);
                } else if (size == 2) {
                    store16(i, va, value);
                } else {
                    store32(i, va, value);
                }
                return;
            }
        }
        writeSlow(va, size, value, true);
    }

    @Override
    public int read32Aligned(int va) {
        if ((va & 3) != 0) {
            throw alignmentFault(va, false);
        }
        return read32(va);
    }

    @Override
    public void write32Aligned(int va, int value) {
        if ((va & 3) != 0) {
            throw alignmentFault(va, true);
        }
        write32(va, value);
    }

    @Override
    public void requireAlignment(int va, int bytes, boolean write) {
        if ((va & (bytes - 1)) != 0) {
            throw alignmentFault(va, write);
        }
    }

    @Override
    public long translateForDebug(int va) {
        int i = lookup(va, needed(Tlb.PRIV_READ));
        if (i >= 0) {
            return (physicalPages[i] | (va & 0xfff)) & 0xffffffffL;
        }
        if (!walker.walk(va, TranslationTableWalker.READ, user())) {
            return -1;
        }
        return ((long) walker.physicalHigh << 32) | (walker.physical & 0xffffffffL);
    }

    // ---- loads and stores on a TLB entry ----

    private int load8(int i, int va) {
        byte[] ram = ramArrays[i];
        if (ram != null) {
            return ram[ramOffsets[i] + (va & 0xfff)] & 0xff;
        }
        return bus.read8(physicalPages[i] | (va & 0xfff));
    }

    private int load16(int i, int va) {
        byte[] ram = ramArrays[i];
        if (ram != null) {
            return (short) SHORTS.get(ram, ramOffsets[i] + (va & 0xfff)) & 0xffff;
        }
        return bus.read16(physicalPages[i] | (va & 0xfff));
    }

    private int load32(int i, int va) {
        byte[] ram = ramArrays[i];
        if (ram != null) {
            return (int) INTS.get(ram, ramOffsets[i] + (va & 0xfff));
        }
        return bus.read32(physicalPages[i] | (va & 0xfff));
    }

    private void store8(int i, int va, int value) {
        byte[] ram = writeArrays[i];
        if (ram != null) {
            ram[ramOffsets[i] + (va & 0xfff)] = (byte) value;
        } else if (ramArrays[i] != null && codePages[i] != null) {
            ram = ramArrays[i];
            ram[ramOffsets[i] + (va & 0xfff)] = (byte) value;
            codePages[i].written(va & 0xfff, 1);
        } else {
            bus.write8(physicalPages[i] | (va & 0xfff), value);
        }
    }

    private void store16(int i, int va, int value) {
        byte[] ram = writeArrays[i];
        if (ram != null) {
            SHORTS.set(ram, ramOffsets[i] + (va & 0xfff), (short) value);
        } else if (ramArrays[i] != null && codePages[i] != null) {
            ram = ramArrays[i];
            SHORTS.set(ram, ramOffsets[i] + (va & 0xfff), (short) value);
            codePages[i].written(va & 0xfff, 2);
        } else {
            bus.write16(physicalPages[i] | (va & 0xfff), value);
        }
    }

    private void store32(int i, int va, int value) {
        byte[] ram = writeArrays[i];
        if (ram != null) {
            INTS.set(ram, ramOffsets[i] + (va & 0xfff), value);
        } else if (ramArrays[i] != null && codePages[i] != null) {
            ram = ramArrays[i];
            INTS.set(ram, ramOffsets[i] + (va & 0xfff), value);
            codePages[i].written(va & 0xfff, 4);
        } else {
            bus.write32(physicalPages[i] | (va & 0xfff), value);
        }
    }

    // ---- slow path ----

    /**
     * Makes sure the TLB translates {@code va} for this access, walking the tables if needed;
     * records the fault and throws if the walk faults. Returns the entry's index, or -1 when the
     * page lies beyond the 32-bit physical bus (a supersection's extended address), where reads
     * give zero and writes vanish, as on QEMU's vexpress-a9.
     */
    private int fill(int va, int kind, boolean user) {
        int privilegedBit = kind == TranslationTableWalker.READ ? Tlb.PRIV_READ
                : kind == TranslationTableWalker.WRITE ? Tlb.PRIV_WRITE : Tlb.PRIV_EXEC;
        int i = lookup(va, user ? privilegedBit << Tlb.USER_SHIFT : privilegedBit);
        if (i >= 0) {
            return i;
        }
        TranslationTableWalker w = walker;
        if (!w.walk(va, kind, user)) {
            throw abort(va, kind, w.fault);
        }
        if (w.physicalHigh != 0) {
            return -1;
        }
        tlb.insert(va, w.physical & 0xfffff000, w.permissions, w.global, w.blockShift);
        return Tlb.index(va);
    }

    private int readSlow(int va, int size, boolean user) {
        int offset = va & (size - 1);
        if (offset == 0) {
            int i = fill(va, TranslationTableWalker.READ, user);
            if (i < 0) {
                return 0;
            }
            return size == 1 ? load8(i, va) : size == 2 ? load16(i, va) : load32(i, va);
        }
        if ((cp15.sctlr & Cp15.SCTLR_A) != 0) {
            throw alignmentFault(va, false);
        }
        // Two aligned loads around the access, each translated (first page first), combined.
        int low = va - offset;
        int high = low + size;
        int i = fill(va, TranslationTableWalker.READ, user);
        int lowPage = i < 0 ? -1 : physicalPages[i];
        byte[] lowRam = i < 0 ? null : ramArrays[i];
        int lowRamOffset = i < 0 ? 0 : ramOffsets[i];
        int j = (high & 0xfffff000) == (low & 0xfffff000) ? i : fill(high, TranslationTableWalker.READ, user);
        int first = alignedLoad(i, lowPage, lowRam, lowRamOffset, low, size);
        int second = j < 0 ? 0 : alignedLoad(j, physicalPages[j], ramArrays[j], ramOffsets[j], high, size);
        int shift = offset * 8;
        if (size == 2) {
            return ((first >>> shift) | (second << (16 - shift))) & 0xffff;
        }
        return (first >>> shift) | (second << (32 - shift));
    }

    private int alignedLoad(int i, int page, byte[] ram, int ramOffset, int va, int size) {
        if (i < 0) {
            return 0;
        }
        if (ram != null) {
            int at = ramOffset + (va & 0xfff);
            return size == 2 ? (short) SHORTS.get(ram, at) & 0xffff : (int) INTS.get(ram, at);
        }
        int pa = page | (va & 0xfff);
        return size == 2 ? bus.read16(pa) : bus.read32(pa);
    }

    private void writeSlow(int va, int size, int value, boolean user) {
        int offset = va & (size - 1);
        if (offset == 0) {
            int i = fill(va, TranslationTableWalker.WRITE, user);
            if (i < 0) {
                return;
            }
            if (size == 1) {
                store8(i, va, value);
            } else if (size == 2) {
                store16(i, va, value);
            } else {
                store32(i, va, value);
            }
            return;
        }
        if ((cp15.sctlr & Cp15.SCTLR_A) != 0) {
            throw alignmentFault(va, true);
        }
        // Both pages must translate before any byte is written; then single bytes, lowest first.
        int last = va + size - 1;
        int i = fill(va, TranslationTableWalker.WRITE, user);
        int firstPage = i < 0 ? -1 : physicalPages[i];
        boolean crosses = (last & 0xfffff000) != (va & 0xfffff000);
        int secondPage = firstPage;
        if (crosses) {
            int j = fill(last & 0xfffff000, TranslationTableWalker.WRITE, user);
            secondPage = j < 0 ? -1 : physicalPages[j];
        }
        for (int k = 0; k < size; k++) {
            int address = va + k;
            int page = (address & 0xfffff000) == (va & 0xfffff000) ? firstPage : secondPage;
            if (page != -1) {
                bus.write8(page | (address & 0xfff), value >>> (8 * k));
            }
        }
    }

    private MemoryAbort abort(int va, int kind, int status) {
        if (kind == TranslationTableWalker.FETCH) {
            cp15.reportPrefetchAbort(status, va);
            return MemoryAbort.PREFETCH;
        }
        cp15.reportDataAbort(kind == TranslationTableWalker.WRITE ? status | FaultStatus.WRITE : status, va);
        return MemoryAbort.DATA;
    }

    private MemoryAbort alignmentFault(int va, boolean write) {
        cp15.reportDataAbort(FaultStatus.ALIGNMENT | (write ? FaultStatus.WRITE : 0), va);
        return MemoryAbort.DATA;
    }
}
