package dev.hilfarm.emulator.cpu;

/**
 * The local exclusive monitor of LDREX/STREX: one tagged physical address and size. One CPU, so
 * no global monitor is modelled; CLREX, exception return and a successful or failed STREX clear it.
 */
public final class ExclusiveMonitor {
    private long taggedAddress = -1;
    private int taggedSize;

    public void mark(long physicalAddress, int size) {
        taggedAddress = physicalAddress;
        taggedSize = size;
    }

    /** Whether a STREX of {@code size} bytes at {@code physicalAddress} may write; clears the monitor either way. */
    public boolean checkAndClear(long physicalAddress, int size) {
        boolean ok = taggedAddress == physicalAddress && taggedSize == size;
        clear();
        return ok;
    }

    public void clear() {
        taggedAddress = -1;
        taggedSize = 0;
    }

    public boolean isOpen() {
        return taggedAddress >= 0;
    }
}
