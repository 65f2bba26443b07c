package dev.hilfarm.image.format;

/**
 * An image file that cannot be read: the message names the file, the byte offset from the start
 * of the file and what was wrong there, in one line, e.g.
 * {@code kernel.uimg: byte offset 0x4 (4): header CRC is 0x12345678, the header's bytes give 0x9abcdef0}.
 */
public final class ImageFormatException extends RuntimeException {
    private final String source;
    private final long offset;

    public ImageFormatException(String source, long offset, String problem) {
        super(String.format("%s: byte offset 0x%x (%d): %s", source, offset, offset, problem));
        this.source = source;
        this.offset = offset;
    }

    public String source() {
        return source;
    }

    public long offset() {
        return offset;
    }
}
