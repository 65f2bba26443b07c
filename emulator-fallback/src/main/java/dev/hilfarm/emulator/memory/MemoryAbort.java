package dev.hilfarm.emulator.memory;

/**
 * Thrown by {@link Memory} when an access faults. Its details (fault status, address, whether
 * it was an instruction fetch) are already in the system control registers when it is thrown;
 * the two instances are preallocated and carry no stack trace, so aborting costs no allocation.
 */
public final class MemoryAbort extends RuntimeException {
    public static final MemoryAbort DATA = new MemoryAbort("data abort");
    public static final MemoryAbort PREFETCH = new MemoryAbort("prefetch abort");

    private MemoryAbort(String what) {
        super(what, null, false, false);
    }

    public boolean isPrefetch() {
        return this == PREFETCH;
    }
}
