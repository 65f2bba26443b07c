package dev.hilfarm.harness.console;

/**
 * Normalised output that no expect has consumed yet, in one growable char array, with a zero-copy
 * {@link CharSequence} view for regex matching.
 *
 * <p>Bounded: past {@code limit} chars the oldest unconsumed text is dropped (it is still in the
 * transcript), so a board that floods the console cannot exhaust memory, and each match attempt
 * scans at most {@code limit} chars. {@link #dropped()} counts what was lost this way so callers that
 * need every char (command output) can tell.
 *
 * <p>Not thread-safe: the console guards it with its lock.
 */
final class PendingText {
    private static final int INITIAL_CAPACITY = 8 * 1024;

    private final int limit;
    private char[] chars;
    private int start;
    private int end;
    private long dropped;
    private final View view = new View();

    PendingText(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
        this.chars = new char[Math.min(INITIAL_CAPACITY, limit)];
    }

    void append(char[] source, int offset, int length) {
        if (length >= limit) {
            dropped += (end - start) + (length - limit);
            start = 0;
            end = 0;
            offset += length - limit;
            length = limit;
        } else if (end - start + length > limit) {
            int excess = end - start + length - limit;
            start += excess;
            dropped += excess;
        }
        makeRoom(length);
        System.arraycopy(source, offset, chars, end, length);
        end += length;
    }

    private void makeRoom(int length) {
        if (end + length <= chars.length) {
            return;
        }
        int pending = end - start;
        if (pending + length > chars.length) {
            int capacity = chars.length;
            while (capacity < pending + length) {
                capacity = Math.min(limit, capacity * 2);
            }
            char[] grown = new char[capacity];
            System.arraycopy(chars, start, grown, 0, pending);
            chars = grown;
        } else {
            System.arraycopy(chars, start, chars, 0, pending);
        }
        start = 0;
        end = pending;
    }

    /** The unconsumed text, valid until the next change. */
    CharSequence view() {
        return view;
    }

    int length() {
        return end - start;
    }

    String text(int from, int to) {
        return new String(chars, start + from, to - from);
    }

    void consume(int count) {
        start += count;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    void clear() {
        start = 0;
        end = 0;
    }

    long dropped() {
        return dropped;
    }

    private final class View implements CharSequence {
        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            return chars[start + index];
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return text(from, to);
        }

        @Override
        public String toString() {
            return text(0, end - start);
        }
    }
}
