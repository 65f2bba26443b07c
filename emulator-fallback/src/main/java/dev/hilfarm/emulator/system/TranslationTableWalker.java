package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.memory.Bus;

/**
 * The VMSAv7 short-descriptor translation table walk (B3.5 of the ARMv7-A reference manual) for
 * one access, with the checks in the order QEMU 7.2 makes them for a Cortex-A8/A9:
 * <ol>
 *   <li>FCSE: a VA below 32 MiB is offset by FCSEIDR (with the MMU on or off);</li>
 *   <li>first-level descriptor from TTBR0 or TTBR1 as TTBCR.N splits the space; TTBCR.PD0/PD1 or an
 *       invalid or reserved (0b11, no PXN on these cores) descriptor is a section translation fault;</li>
 *   <li>domain check from the first-level descriptor, <em>before</em> the second-level fetch, so a
 *       no-access domain over a page table gives a page domain fault whatever the second level holds;</li>
 *   <li>second-level descriptor (translation fault if invalid);</li>
 *   <li>Manager domain: everything allowed, XN ignored. Client: XN on a fetch is a permission fault,
 *       then (SCTLR.AFE) AP[0] clear is an access flag fault, then AP[2:0] is checked.</li>
 * </ol>
 * A walk allocates nothing: its result is left in this object's fields.
 */
final class TranslationTableWalker {
    static final int READ = 0;
    static final int WRITE = 1;
    static final int FETCH = 2;

    private static final int[] AP_PRIVILEGED = new int[8];
    private static final int[] AP_USER = new int[8];
    private static final int[] SIMPLE_AP_PRIVILEGED = new int[4];
    private static final int[] SIMPLE_AP_USER = new int[4];
    private static final int R = 1;
    private static final int RW = 3;

    static {
        // AP[2:0] with SCTLR.AFE clear (B3.7.1): 0 no access, 1 PL1 RW, 2 PL1 RW / User RO, 3 RW,
        // 4 reserved (no access), 5 PL1 RO, 6 and 7 RO.
        int[] priv = {0, RW, RW, RW, 0, R, R, R};
        int[] user = {0, 0, R, RW, 0, 0, R, R};
        System.arraycopy(priv, 0, AP_PRIVILEGED, 0, 8);
        System.arraycopy(user, 0, AP_USER, 0, 8);
        // AP[2:1] with SCTLR.AFE set: 0 PL1 RW, 1 RW, 2 PL1 RO, 3 RO.
        int[] simplePriv = {RW, RW, R, R};
        int[] simpleUser = {0, RW, 0, R};
        System.arraycopy(simplePriv, 0, SIMPLE_AP_PRIVILEGED, 0, 4);
        System.arraycopy(simpleUser, 0, SIMPLE_AP_USER, 0, 4);
    }

    private final Bus bus;
    private final Cp15 cp15;

    /** Physical address of the access (bits 31-0). */
    int physical;
    /** Physical address bits 39-32, from a supersection's extended base address; non-zero is beyond the 32-bit bus. */
    int physicalHigh;
    /** {@link Tlb} permission bits for both privileges. */
    int permissions;
    boolean global;
    /** log2 of the translated block: 12, 16, 20 or 24. */
    int blockShift;
    /** Packed {@link MemoryAttributes}. */
    int attributes;
    /** Supersection: the PAR reports it with the SS bit. */
    boolean supersection;
    /** The NS bit of the descriptor (reported in PAR). */
    boolean nonSecure;
    /** Fault status register value (without WnR) when the walk faulted. */
    int fault;

    TranslationTableWalker(Bus bus, Cp15 cp15) {
        this.bus = bus;
        this.cp15 = cp15;
    }

    /**
     * Translates {@code va} for an access of {@code kind} ({@link #READ}, {@link #WRITE},
     * {@link #FETCH}) made as User ({@code user}) or PL1. Returns false and sets {@link #fault}
     * when it faults.
     */
    boolean walk(int va, int kind, boolean user) {
        int mva = (va & 0xfe000000) == 0 ? va + cp15.fcseidr : va;
        physicalHigh = 0;
        supersection = false;
        nonSecure = false;
        fault = 0;
        if ((cp15.sctlr & Cp15.SCTLR_M) == 0) {
            physical = mva;
            permissions = Tlb.ALL;
            global = true;
            blockShift = 12;
            attributes = MemoryAttributes.STRONGLY_ORDERED | MemoryAttributes.SHAREABLE;
            return true;
        }
        int n = cp15.ttbcr & 7;
        int table;
        if (n != 0 && (mva >>> (32 - n)) != 0) {
            if ((cp15.ttbcr & Cp15.TTBCR_PD1) != 0) {
                return fail(FaultStatus.TRANSLATION_SECTION, 0);
            }
            table = cp15.ttbr1 & 0xffffc000;
        } else {
            if ((cp15.ttbcr & Cp15.TTBCR_PD0) != 0) {
                return fail(FaultStatus.TRANSLATION_SECTION, 0);
            }
            table = cp15.ttbr0 & ~(0x3fff >>> n);
        }
        int first = readDescriptor(table | ((mva >>> 18) & 0x3ffc));
        int type = first & 3;
        if (type == 0 || type == 3) {
            return fail(FaultStatus.TRANSLATION_SECTION, 0);
        }
        boolean isSupersection = type == 2 && (first & (1 << 18)) != 0;
        int domain = isSupersection ? 0 : (first >>> 5) & 0xf;
        int domainAccess = (cp15.dacr >>> (2 * domain)) & 3;
        if (domainAccess == 0 || domainAccess == 2) {
            return fail(type == 1 ? FaultStatus.DOMAIN_PAGE : FaultStatus.DOMAIN_SECTION, domain);
        }
        int ap;
        boolean executeNever;
        boolean section = type == 2;
        boolean remap = (cp15.sctlr & Cp15.SCTLR_TRE) != 0;
        if (section) {
            if (isSupersection) {
                physical = (first & 0xff000000) | (mva & 0x00ffffff);
                physicalHigh = ((first >>> 20) & 0xf) | (((first >>> 5) & 0xf) << 4);
                blockShift = 24;
                supersection = true;
            } else {
                physical = (first & 0xfff00000) | (mva & 0x000fffff);
                blockShift = 20;
            }
            ap = ((first >>> 10) & 3) | ((first >>> 13) & 4);
            executeNever = (first & (1 << 4)) != 0;
            global = (first & (1 << 17)) == 0;
            nonSecure = (first & (1 << 19)) != 0;
            attributes = MemoryAttributes.decode((first >>> 12) & 7, (first >>> 3) & 1, (first >>> 2) & 1,
                    (first >>> 16) & 1, remap, cp15.prrr, cp15.nmrr);
        } else {
            nonSecure = (first & (1 << 3)) != 0;
            int second = readDescriptor((first & 0xfffffc00) | ((mva >>> 10) & 0x3fc));
            ap = ((second >>> 4) & 3) | ((second >>> 7) & 4);
            global = (second & (1 << 11)) == 0;
            switch (second & 3) {
                case 0:
                    return fail(FaultStatus.TRANSLATION_PAGE, domain);
                case 1:
                    physical = (second & 0xffff0000) | (mva & 0xffff);
                    executeNever = (second & (1 << 15)) != 0;
                    blockShift = 16;
                    attributes = MemoryAttributes.decode((second >>> 12) & 7, (second >>> 3) & 1, (second >>> 2) & 1,
                            (second >>> 10) & 1, remap, cp15.prrr, cp15.nmrr);
                    break;
                default:
                    physical = (second & 0xfffff000) | (mva & 0xfff);
                    executeNever = (second & 1) != 0;
                    blockShift = 12;
                    attributes = MemoryAttributes.decode((second >>> 6) & 7, (second >>> 3) & 1, (second >>> 2) & 1,
                            (second >>> 10) & 1, remap, cp15.prrr, cp15.nmrr);
                    break;
            }
        }
        if (domainAccess == 3) {
            permissions = Tlb.ALL;
            return true;
        }
        if (executeNever && kind == FETCH) {
            return fail(section ? FaultStatus.PERMISSION_SECTION : FaultStatus.PERMISSION_PAGE, domain);
        }
        int privileged;
        int unprivileged;
        if ((cp15.sctlr & Cp15.SCTLR_AFE) != 0) {
            if ((ap & 1) == 0) {
                return fail(section ? FaultStatus.ACCESS_FLAG_SECTION : FaultStatus.ACCESS_FLAG_PAGE, domain);
            }
            privileged = SIMPLE_AP_PRIVILEGED[ap >>> 1];
            unprivileged = SIMPLE_AP_USER[ap >>> 1];
        } else {
            privileged = AP_PRIVILEGED[ap];
            unprivileged = AP_USER[ap];
        }
        permissions = toPermissions(privileged, executeNever) | (toPermissions(unprivileged, executeNever) << Tlb.USER_SHIFT);
        int needed = (kind == READ ? Tlb.PRIV_READ : kind == WRITE ? Tlb.PRIV_WRITE : Tlb.PRIV_EXEC) << (user ? Tlb.USER_SHIFT : 0);
        if ((permissions & needed) == 0) {
            return fail(section ? FaultStatus.PERMISSION_SECTION : FaultStatus.PERMISSION_PAGE, domain);
        }
        return true;
    }

    /** Read/write bits to TLB bits; anything readable is executable unless XN (as QEMU's get_phys_addr_v6). */
    private static int toPermissions(int readWrite, boolean executeNever) {
        int perms = 0;
        if ((readWrite & R) != 0) {
            perms |= Tlb.PRIV_READ;
        }
        if ((readWrite & 2) != 0) {
            perms |= Tlb.PRIV_WRITE;
        }
        if (readWrite != 0 && !executeNever) {
            perms |= Tlb.PRIV_EXEC;
        }
        return perms;
    }

    private int readDescriptor(int address) {
        int value = bus.read32(address);
        return (cp15.sctlr & Cp15.SCTLR_EE) != 0 ? Integer.reverseBytes(value) : value;
    }

    private boolean fail(int status, int domain) {
        fault = FaultStatus.of(status, domain);
        return false;
    }
}
