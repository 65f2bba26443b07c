package dev.hilfarm.board.sparse;

/** An Android sparse image that does not add up; {@code offset} is the byte where it goes wrong. */
public final class SparseFormatException extends RuntimeException {
    private final long offset;

    public SparseFormatException(long offset, String problem) {
        super(problem);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
