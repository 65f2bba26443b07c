package dev.hilfarm.emulator.cpu;

/**
 * The local exclusive monitor of LDREX/STREX: the tagged physical address and the value the
 * load-exclusive read. One CPU, so no global monitor is modelled; CLREX, exception return and
 * every store-exclusive clear it.
 *
 * <p>A store-exclusive succeeds when its address is the tagged one and memory still holds the
 * tagged value, which is how QEMU implements it (a compare-and-swap): a plain store that changed
 * the location in between makes it fail, one that wrote the same value does not, and the sizes of
 * the load and the store need not agree. The architecture allows either outcome for these
 * IMPLEMENTATION DEFINED cases; matching QEMU keeps lock-free code printing the same on both.
 */
public final class ExclusiveMonitor {
    private long taggedAddress = -1;
    private long taggedValue;

    /** LDREX*: tags {@code physicalAddress}, which held {@code value} (zero-extended; LDREXD: high word first). */
    public void mark(long physicalAddress, long value) {
        taggedAddress = physicalAddress;
        taggedValue = value;
    }

    /** Whether a store-exclusive to {@code physicalAddress} may go on to compare the value. */
    public boolean tagged(long physicalAddress) {
        return taggedAddress >= 0 && taggedAddress == physicalAddress;
    }

    /** The value the load-exclusive read. */
    public long taggedValue() {
        return taggedValue;
    }

    public void clear() {
        taggedAddress = -1;
        taggedValue = 0;
    }

    public boolean isOpen() {
        return taggedAddress >= 0;
    }
}
