package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.memory.CodePage;
import dev.hilfarm.emulator.memory.CodeWatcher;

import java.util.Arrays;

/**
 * A direct-mapped software TLB of 4 KiB entries, indexed by VA bits 12 and up, so that a hit is one
 * array load and one or two compares. Translations of larger blocks (64 KiB pages, sections,
 * supersections) are entered one 4 KiB piece at a time as they are used.
 *
 * <p>An entry's tag is its virtual page with, in the low bits, either its ASID (non-global
 * entries) or {@link #GLOBAL}. A lookup matches {@code page | currentAsid} or {@code page | GLOBAL};
 * {@link #INVALID} never matches. Permissions are six bits, read/write/execute for PL1 and for
 * User mode, computed at walk time for the current DACR and SCTLR, which is why writes to those
 * registers flush the TLB.
 *
 * <p>Maintenance: TLBIALL, TLBIMVA, TLBIASID, TLBIMVAA and their instruction, data and Inner
 * Shareable forms. Writes to SCTLR, DACR and FCSEIDR flush everything (cached translations depend
 * on them; QEMU flushes there too). Writes to TTBR0/TTBR1/TTBCR do not, as on hardware and QEMU:
 * software must maintain the TLB. CONTEXTIDR writes change the current ASID only; entries of other
 * ASIDs stay and simply stop matching.
 *
 * <p>With {@link #setDirectRam}, an entry for a page of writable RAM also records the RAM's array
 * and the page's offset in it, so that the memory fast path can skip the bus. Writes take that path
 * only while the page holds no decoded instructions ({@link CodePage}): for a page of code they go
 * through the bus, which drops stale decodes (the TLB is told when a page starts and stops holding
 * code, and revokes or restores the direct write path of the entries that map it).
 *
 * <p>{@link #generation} changes whenever any entry may have changed or stopped matching (inserts,
 * flushes, ASID changes), so a translation cached outside the TLB (the fetch path's current page)
 * knows when to look again.
 */
public final class Tlb implements CodeWatcher {
    /**
     * 16 MiB of reach: with 1024 entries (4 MiB) the Linux zImage decompressor's input, output and
     * heap kept evicting each other, and table walks were a tenth of its profile.
     */
    public static final int ENTRIES = 4096;
    static final int INDEX_MASK = ENTRIES - 1;
    static final int GLOBAL = 0x100;
    static final int INVALID = 0x200;

    public static final int PRIV_READ = 1;
    public static final int PRIV_WRITE = 2;
    public static final int PRIV_EXEC = 4;
    public static final int USER_READ = 8;
    public static final int USER_WRITE = 16;
    public static final int USER_EXEC = 32;
    /** Shift from a PL1 permission bit to the User one. */
    static final int USER_SHIFT = 3;
    public static final int ALL = 0x3f;

    final int[] tags = new int[ENTRIES];
    final int[] physicalPages = new int[ENTRIES];
    final int[] permissions = new int[ENTRIES];
    /** RAM backing of the entry's physical page, or null when it goes through the bus. */
    final byte[][] ramArrays = new byte[ENTRIES][];
    /** Offset of the physical page in {@link #ramArrays}. */
    final int[] ramOffsets = new int[ENTRIES];
    /** {@link #ramArrays} for writes: null also while the page holds decoded code. */
    final byte[][] writeArrays = new byte[ENTRIES][];
    /** Decoded instructions of the entry's physical page, or null when it is not memory. */
    final CodePage[] codePages = new CodePage[ENTRIES];

    /** Bumped whenever an entry may have changed or stopped matching. */
    int generation;

    /** The current ASID (CONTEXTIDR[7:0]). */
    int asid;

    /**
     * Virtual region known to hold entries from blocks larger than 4 KiB, as an address and mask: an
     * invalidation by MVA inside it must flush everything, as the block's other pieces live at other
     * indexes.
     */
    private boolean largeBlocks;
    private int largeAddress;
    private int largeMask;

    private DirectRam directRam;

    public Tlb() {
        flushAll();
    }

    /** Lets translations into {@code ram} bypass the bus (reads and writes go straight to its arrays); null turns it off. */
    public void setDirectRam(DirectRam ram) {
        directRam = ram;
        if (ram != null) {
            ram.watchCode(this);
        }
        flushAll();
    }

    /** Index of the entry for {@code va}. */
    static int index(int va) {
        return (va >>> 12) & INDEX_MASK;
    }

    void insert(int va, int physicalPage, int perms, boolean global, int blockShift) {
        int i = index(va);
        tags[i] = (va & 0xfffff000) | (global ? GLOBAL : asid);
        physicalPages[i] = physicalPage;
        permissions[i] = perms;
        byte[] array = directRam == null ? null : directRam.array(physicalPage);
        ramArrays[i] = array;
        ramOffsets[i] = array == null ? 0 : directRam.offset(physicalPage);
        CodePage code = directRam == null ? null : directRam.codePage(physicalPage);
        codePages[i] = code;
        writeArrays[i] = code != null && code.holdsCode() ? null : array;
        generation++;
        if (blockShift > 12) {
            noteLargeBlock(va, blockShift);
        }
    }

    private void noteLargeBlock(int va, int blockShift) {
        int mask = -1 << blockShift;
        if (!largeBlocks) {
            largeBlocks = true;
            largeMask = mask;
        } else {
            largeMask &= mask;
            while (((largeAddress ^ va) & largeMask) != 0) {
                largeMask <<= 1;
            }
        }
        largeAddress = va & largeMask;
    }

    /** Makes the current ASID (CONTEXTIDR[7:0]) {@code value}. */
    void setAsid(int value) {
        asid = value;
        generation++;
    }

    @Override
    public void codeAppeared(CodePage page) {
        for (int i = 0; i < ENTRIES; i++) {
            if (codePages[i] == page) {
                writeArrays[i] = null;
            }
        }
    }

    @Override
    public void codeDropped(CodePage page) {
        for (int i = 0; i < ENTRIES; i++) {
            if (codePages[i] == page) {
                writeArrays[i] = ramArrays[i];
            }
        }
    }

    public void flushAll() {
        generation++;
        Arrays.fill(tags, INVALID);
        largeBlocks = false;
    }

    /** TLBIMVA: entries for the page of {@code mva} that are global or belong to {@code entryAsid}. */
    void flushVa(int mva, int entryAsid) {
        generation++;
        if (coversLargeBlock(mva)) {
            flushAll();
            return;
        }
        int i = index(mva);
        int tag = tags[i];
        int page = mva & 0xfffff000;
        if (tag == (page | GLOBAL) || tag == (page | (entryAsid & 0xff))) {
            tags[i] = INVALID;
        }
    }

    /** TLBIMVAA: entries for the page of {@code mva}, whatever their ASID. */
    void flushVaAllAsids(int mva) {
        generation++;
        if (coversLargeBlock(mva)) {
            flushAll();
            return;
        }
        int i = index(mva);
        if ((tags[i] & 0xfffff000) == (mva & 0xfffff000) && (tags[i] & INVALID) == 0) {
            tags[i] = INVALID;
        }
    }

    /** TLBIASID: every non-global entry of {@code entryAsid}. */
    void flushAsid(int entryAsid) {
        generation++;
        int wanted = entryAsid & 0xff;
        for (int i = 0; i < ENTRIES; i++) {
            int tag = tags[i];
            if ((tag & (GLOBAL | INVALID)) == 0 && (tag & 0xff) == wanted) {
                tags[i] = INVALID;
            }
        }
    }

    private boolean coversLargeBlock(int mva) {
        return largeBlocks && (mva & largeMask) == largeAddress;
    }
}
