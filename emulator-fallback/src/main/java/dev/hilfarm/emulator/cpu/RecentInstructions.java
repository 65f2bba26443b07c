package dev.hilfarm.emulator.cpu;

/**
 * The addresses of the last instructions the core executed, in a ring of ints (Thumb ones with
 * bit 0 set), so that a kernel panic, a timeout or an emulator fault can show how the guest got
 * there. Recording is one array store and an increment per instruction; nothing is allocated.
 */
public final class RecentInstructions {
    private final int[] ring;
    private final int mask;
    private long recorded;

    /** @param capacity a power of two */
    public RecentInstructions(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        ring = new int[capacity];
        mask = capacity - 1;
    }

    public void record(int pc, boolean thumb) {
        ring[(int) recorded & mask] = thumb ? pc | 1 : pc;
        recorded++;
    }

    /** How many are held: the capacity once that many have run. */
    public int size() {
        return (int) Math.min(recorded, ring.length);
    }

    /** The address of the instruction {@code age} instructions ago (0: the latest). */
    public int pc(int age) {
        return entry(age) & ~1;
    }

    /** Whether that instruction was executed in Thumb state. */
    public boolean thumb(int age) {
        return (entry(age) & 1) != 0;
    }

    private int entry(int age) {
        if (age < 0 || age >= size()) {
            throw new IndexOutOfBoundsException("age " + age + " of " + size());
        }
        return ring[(int) (recorded - 1 - age) & mask];
    }

    public void clear() {
        recorded = 0;
    }
}
