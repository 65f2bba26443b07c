package dev.hilfarm.board.fdt;

/**
 * A device tree blob that cannot be read: the message names the blob, the byte offset (from the
 * start of the blob) and what was wrong there, e.g.
 * {@code vexpress.dtb: byte offset 0x1a4 (420): unknown token 0x00000007 in the structure block}.
 */
public final class DeviceTreeFormatException extends RuntimeException {
    private final String source;
    private final long offset;

    public DeviceTreeFormatException(String source, long offset, String problem) {
        super(String.format("%s: byte offset 0x%x (%d): %s", source, offset, offset, problem));
        this.source = source;
        this.offset = offset;
    }

    /** The blob's name (usually its file name). */
    public String source() {
        return source;
    }

    /** Where in the blob the problem is. */
    public long offset() {
        return offset;
    }
}
