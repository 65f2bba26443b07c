package dev.hilfarm.emulator.debug;

import java.util.Arrays;

/**
 * Write watchpoints as the stub implements them: the watched bytes are read back (through
 * {@link DebugMemory}, without side effects on the core) after every instruction while the stub
 * runs the core, and a watchpoint triggers when its bytes changed. That is exactly what GDB's
 * {@code watch} reports (a write of the same value is not a change to it), and the stop comes
 * after the writing instruction, as with QEMU's gdbstub. Ranges are 1 to 8 bytes, in memory.
 * Allocation-free once set.
 */
public final class Watchpoints {
    /** The widest range one watchpoint covers (GDB splits larger objects). */
    public static final int MAX_LENGTH = 8;

    private int[] addresses = new int[4];
    private int[] lengths = new int[4];
    private long[] values = new long[4];
    private int count;
    private final byte[] buffer = new byte[MAX_LENGTH];

    /** Adds a watchpoint on [address, address + length), remembering the bytes there now. */
    public void add(int address, int length, DebugMemory memory) {
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("watchpoints cover 1 to " + MAX_LENGTH + " bytes, not " + length);
        }
        for (int i = 0; i < count; i++) {
            if (addresses[i] == address && lengths[i] == length) {
                return;
            }
        }
        if (count == addresses.length) {
            addresses = Arrays.copyOf(addresses, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        addresses[count] = address;
        lengths[count] = length;
        values[count] = read(address, length, memory);
        count++;
    }

    public boolean remove(int address, int length) {
        for (int i = 0; i < count; i++) {
            if (addresses[i] == address && lengths[i] == length) {
                count--;
                addresses[i] = addresses[count];
                lengths[i] = lengths[count];
                values[i] = values[count];
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public void clear() {
        count = 0;
    }

    /** Takes the watched bytes as they are now as the old values (after the debugger itself wrote memory). */
    public void refresh(DebugMemory memory) {
        for (int i = 0; i < count; i++) {
            values[i] = read(addresses[i], lengths[i], memory);
        }
    }

    /**
     * Reads every watched range again; returns the address of the first one whose bytes changed
     * since the last look (remembering the new bytes of all of them), or -1 as a long when none did.
     */
    public long firstChanged(DebugMemory memory) {
        long hit = -1;
        for (int i = 0; i < count; i++) {
            long now = read(addresses[i], lengths[i], memory);
            if (now != values[i]) {
                values[i] = now;
                if (hit < 0) {
                    hit = addresses[i] & 0xffffffffL;
                }
            }
        }
        return hit;
    }

    /**
     * The watched bytes as one number; an unmapped range reads as Long.MIN_VALUE + length, which
     * 1 to 7 bytes cannot be, so mapping or unmapping the range counts as a change.
     */
    private long read(int address, int length, DebugMemory memory) {
        if (memory.read(address, buffer, length) < length) {
            return Long.MIN_VALUE + length;
        }
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (buffer[i] & 0xff);
        }
        return value;
    }
}
