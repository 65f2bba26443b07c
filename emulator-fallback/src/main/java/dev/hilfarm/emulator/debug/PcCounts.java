package dev.hilfarm.emulator.debug;

import java.util.Arrays;

/**
 * How many times each instruction address was executed: an open-addressing map from int keys
 * (the PC, with bit 0 set for Thumb) to int counts in two primitive arrays, so counting every
 * instruction of a long run allocates nothing but the occasional doubling.
 */
final class PcCounts {
    private static final int EMPTY = 0;

    /** Keys are stored plus one, so that 0 can mean "empty" (a PC of 0xffffffff never happens: bit 0 is the Thumb flag). */
    private int[] keys = new int[1 << 12];
    private int[] counts = new int[1 << 12];
    private int size;

    void increment(int key) {
        int slot = find(key);
        if (keys[slot] == EMPTY) {
            keys[slot] = key + 1;
            if (++size * 2 > keys.length) {
                grow();
                slot = find(key);
            }
        }
        counts[slot]++;
    }

    int get(int key) {
        int slot = find(key);
        return keys[slot] == EMPTY ? 0 : counts[slot];
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
        Arrays.fill(counts, 0);
        size = 0;
    }

    private int find(int key) {
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != EMPTY && keys[slot] != key + 1) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int mix(int key) {
        int h = key * 0x9e3779b9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new int[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = find(oldKeys[i] - 1);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
