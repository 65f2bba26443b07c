package dev.hilfarm.emulator.debug;

import java.util.Arrays;

/**
 * Software breakpoint addresses, checked against the PC before each instruction while the stub
 * runs the core (guest memory is never patched, so breakpoints also work in ROM and cannot be
 * seen or overwritten by the guest). A debugger sets a handful, so a linear scan of a primitive
 * array beats any hashing and allocates nothing.
 */
public final class Breakpoints {
    private int[] addresses = new int[8];
    private int count;

    /** Adds a breakpoint; adding an address twice keeps one. */
    public void add(int address) {
        if (contains(address)) {
            return;
        }
        if (count == addresses.length) {
            addresses = Arrays.copyOf(addresses, count * 2);
        }
        addresses[count++] = address;
    }

    /** Removes a breakpoint; returns false when there was none at the address. */
    public boolean remove(int address) {
        for (int i = 0; i < count; i++) {
            if (addresses[i] == address) {
                addresses[i] = addresses[--count];
                return true;
            }
        }
        return false;
    }

    public boolean contains(int address) {
        for (int i = 0; i < count; i++) {
            if (addresses[i] == address) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int size() {
        return count;
    }

    public void clear() {
        count = 0;
    }
}
