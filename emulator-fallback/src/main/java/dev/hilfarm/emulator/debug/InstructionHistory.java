package dev.hilfarm.emulator.debug;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N instructions a core executed, as (instruction number, PC, Thumb state), in a ring
 * of primitive arrays: recording one costs three array stores and allocates nothing.
 */
public final class InstructionHistory {
    /** One executed instruction: its 1-based number in the run, address and instruction set. */
    public record Entry(long number, int pc, boolean thumb) {
    }

    private final long[] numbers;
    private final int[] pcs;
    private final boolean[] thumb;
    private long recorded;

    public InstructionHistory(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("history capacity must be positive: " + capacity);
        }
        numbers = new long[capacity];
        pcs = new int[capacity];
        thumb = new boolean[capacity];
    }

    public void record(long number, int pc, boolean thumbState) {
        int slot = (int) (recorded % numbers.length);
        numbers[slot] = number;
        pcs[slot] = pc;
        thumb[slot] = thumbState;
        recorded++;
    }

    /** The recorded entries, oldest first (at most the capacity). */
    public List<Entry> entries() {
        int count = (int) Math.min(recorded, numbers.length);
        List<Entry> list = new ArrayList<>(count);
        for (long i = recorded - count; i < recorded; i++) {
            int slot = (int) (i % numbers.length);
            list.add(new Entry(numbers[slot], pcs[slot], thumb[slot]));
        }
        return list;
    }
}
