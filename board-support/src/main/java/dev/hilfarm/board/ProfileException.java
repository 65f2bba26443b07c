package dev.hilfarm.board;

/**
 * A board profile that cannot be used, with where the problem is: the file, the line (1-based, 0
 * when the problem is the file as a whole) and the dotted field path.
 */
public final class ProfileException extends RuntimeException {
    private final String file;
    private final int line;
    private final String field;

    public ProfileException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : ": " + field) + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
