package dev.hilfarm.board.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a flattened device tree blob (devicetree specification, chapter 5) into a
 * {@link DeviceTree}. Every check names the byte offset where the blob goes wrong, so that a
 * truncated download or a file that is not a dtb at all is reported as such rather than as a
 * kernel that hangs.
 *
 * <p>Layout: a header of big-endian words, a memory reservation map of (address, size) pairs
 * ended by a zero pair, a structure block of 32-bit tokens (BEGIN_NODE name, PROP length
 * name-offset value, END_NODE, NOP, END) and a strings block of NUL-terminated property names.
 */
final class DeviceTreeReader {
    static final int MAGIC = 0xd00dfeed;
    static final int TOKEN_BEGIN_NODE = 1;
    static final int TOKEN_END_NODE = 2;
    static final int TOKEN_PROP = 3;
    static final int TOKEN_NOP = 4;
    static final int TOKEN_END = 9;

    // Header word offsets.
    static final int OFF_MAGIC = 0;
    static final int OFF_TOTALSIZE = 4;
    static final int OFF_DT_STRUCT = 8;
    static final int OFF_DT_STRINGS = 12;
    static final int OFF_MEM_RSVMAP = 16;
    static final int OFF_VERSION = 20;
    static final int OFF_LAST_COMP_VERSION = 24;
    static final int OFF_BOOT_CPUID_PHYS = 28;
    static final int OFF_SIZE_DT_STRINGS = 32;
    static final int OFF_SIZE_DT_STRUCT = 36;
    /** Header size of versions 16 (no size_dt_struct) and 17. */
    static final int HEADER_V16 = 36;
    static final int HEADER_V17 = 40;
    /** Every version this reader understands is at least this one (names are plain, not full paths). */
    static final int OLDEST_VERSION = 16;
    static final int NEWEST_VERSION = 17;

    private final String source;
    private final byte[] blob;
    private int totalSize;
    private int stringsStart;
    private int stringsEnd;

    private DeviceTreeReader(String source, byte[] blob) {
        this.source = source;
        this.blob = blob;
    }

    static DeviceTree read(String source, byte[] blob) {
        return new DeviceTreeReader(source, blob).read();
    }

    private DeviceTree read() {
        if (blob.length < 4) {
            throw error(0, "only " + blob.length + " bytes: too short for a device tree header");
        }
        int magic = word(OFF_MAGIC);
        if (magic != MAGIC) {
            String hint = startsWithText("/dts-v1/") ? " (this is device tree source: compile it with dtc -I dts -O dtb)" : "";
            throw error(OFF_MAGIC, String.format("bad magic 0x%08x, a dtb starts with 0xd00dfeed%s", magic, hint));
        }
        if (blob.length < OFF_BOOT_CPUID_PHYS) {
            throw error(blob.length, "the header is truncated: the file ends after " + blob.length + " bytes");
        }
        int version = word(OFF_VERSION);
        int lastCompatible = word(OFF_LAST_COMP_VERSION);
        if (version < OLDEST_VERSION) {
            throw error(OFF_VERSION, "version " + version + " is not supported; versions 16 and 17 are (recompile with dtc -O dtb)");
        }
        if (lastCompatible > NEWEST_VERSION) {
            throw error(OFF_LAST_COMP_VERSION, "version " + version + " is readable only by readers of version "
                    + lastCompatible + " or later; this one reads 16 and 17");
        }
        int headerSize = version >= 17 ? HEADER_V17 : HEADER_V16;
        if (blob.length < headerSize) {
            throw error(blob.length, "the version " + version + " header needs " + headerSize + " bytes, the file has " + blob.length);
        }
        totalSize = word(OFF_TOTALSIZE);
        if (Integer.compareUnsigned(totalSize, blob.length) > 0) {
            throw error(OFF_TOTALSIZE, String.format("totalsize 0x%x is larger than the file (0x%x bytes): the blob is truncated",
                    totalSize & 0xffffffffL, blob.length));
        }
        if (totalSize < headerSize) {
            throw error(OFF_TOTALSIZE, String.format("totalsize 0x%x is smaller than the %d-byte header", totalSize, headerSize));
        }

        int structStart = blockOffset(OFF_DT_STRUCT, "off_dt_struct", headerSize);
        if ((structStart & 3) != 0) {
            throw error(OFF_DT_STRUCT, String.format("off_dt_struct 0x%x is not 4-byte aligned", structStart));
        }
        int structEnd = totalSize;
        if (version >= 17) {
            structEnd = blockEnd(structStart, OFF_SIZE_DT_STRUCT, "size_dt_struct", "structure block");
        }
        stringsStart = blockOffset(OFF_DT_STRINGS, "off_dt_strings", headerSize);
        stringsEnd = blockEnd(stringsStart, OFF_SIZE_DT_STRINGS, "size_dt_strings", "strings block");
        int reservationsStart = blockOffset(OFF_MEM_RSVMAP, "off_mem_rsvmap", headerSize);

        DeviceTree tree = DeviceTree.empty();
        tree.setBootCpuId(word(OFF_BOOT_CPUID_PHYS));
        readReservations(tree, reservationsStart);
        readStructure(tree, structStart, structEnd);
        return tree;
    }

    /** A header field that gives a block's offset: inside the blob, after the header. */
    private int blockOffset(int field, String name, int headerSize) {
        int offset = word(field);
        if (Integer.compareUnsigned(offset, totalSize) > 0) {
            throw error(field, String.format("%s 0x%x points beyond totalsize 0x%x", name, offset & 0xffffffffL, totalSize));
        }
        if (offset < headerSize) {
            throw error(field, String.format("%s 0x%x points into the %d-byte header", name, offset, headerSize));
        }
        return offset;
    }

    /** A header field that gives a block's size: the block must end inside the blob. */
    private int blockEnd(int start, int field, String name, String block) {
        long size = word(field) & 0xffffffffL;
        if (start + size > totalSize) {
            throw error(field, String.format("%s 0x%x: the %s at 0x%x would end at 0x%x, beyond totalsize 0x%x",
                    name, size, block, start, start + size, totalSize));
        }
        return (int) (start + size);
    }

    private void readReservations(DeviceTree tree, int start) {
        for (int at = start; ; at += 16) {
            if (at + 16 > totalSize) {
                throw error(at, String.format("the memory reservation map runs past totalsize 0x%x without its terminating zero entry", totalSize));
            }
            long address = doubleWord(at);
            long size = doubleWord(at + 8);
            if (address == 0 && size == 0) {
                return;
            }
            tree.reservations().add(new DeviceTree.Reservation(address, size));
        }
    }

    private void readStructure(DeviceTree tree, int start, int end) {
        Deque<DeviceTreeNode> open = new ArrayDeque<>();
        boolean rootDone = false;
        int at = start;
        while (true) {
            if (at + 4 > end) {
                String what = open.isEmpty() ? "" : " while node " + open.peek().path() + " is still open";
                throw error(at, String.format("the structure block ends at 0x%x without an END token%s (truncated?)", end, what));
            }
            int tokenAt = at;
            int token = word(at);
            at += 4;
            switch (token) {
                case TOKEN_BEGIN_NODE -> {
                    int nameEnd = terminator(at, end, "node name", tokenAt);
                    String name = new String(blob, at, nameEnd - at, StandardCharsets.ISO_8859_1);
                    at = align4(nameEnd + 1);
                    if (open.isEmpty()) {
                        if (rootDone) {
                            throw error(tokenAt, "a second root node (\"" + name + "\") after the first one ended");
                        }
                        if (!name.isEmpty()) {
                            throw error(tokenAt, "the root node's name must be empty, not \"" + name + "\"");
                        }
                        open.push(tree.root());
                    } else {
                        if (name.isEmpty() || name.indexOf('/') >= 0) {
                            throw error(tokenAt, "bad node name \"" + name + "\" under " + open.peek().path());
                        }
                        DeviceTreeNode child = open.peek().appendTrustedChild(name);
                        if (child == null) {
                            throw error(tokenAt, open.peek().path() + " has two child nodes named " + name);
                        }
                        open.push(child);
                    }
                }
                case TOKEN_END_NODE -> {
                    if (open.isEmpty()) {
                        throw error(tokenAt, "END_NODE token without an open node");
                    }
                    open.pop();
                    rootDone |= open.isEmpty();
                }
                case TOKEN_PROP -> {
                    if (at + 8 > end) {
                        throw error(tokenAt, "PROP token header runs past the end of the structure block at 0x" + Integer.toHexString(end));
                    }
                    long length = word(at) & 0xffffffffL;
                    long nameOffset = word(at + 4) & 0xffffffffL;
                    at += 8;
                    if (open.isEmpty()) {
                        throw error(tokenAt, "property outside any node");
                    }
                    if (at + length > end) {
                        throw error(tokenAt, String.format("property value of 0x%x bytes runs past the end of the structure block at 0x%x",
                                length, end));
                    }
                    String name = propertyName(nameOffset, tokenAt);
                    byte[] value = java.util.Arrays.copyOfRange(blob, at, at + (int) length);
                    at = align4(at + (int) length);
                    if (!open.peek().appendTrusted(DeviceTreeProperty.trusted(name, value))) {
                        throw error(tokenAt, open.peek().path() + " has two properties named " + name);
                    }
                }
                case TOKEN_NOP -> {
                    // Space libfdt left behind when it deleted something.
                }
                case TOKEN_END -> {
                    if (!open.isEmpty()) {
                        throw error(tokenAt, "END token while node " + open.peek().path() + " is still open");
                    }
                    if (!rootDone) {
                        throw error(tokenAt, "END token before any root node");
                    }
                    return;
                }
                default -> throw error(tokenAt, String.format("unknown token 0x%08x in the structure block", token));
            }
        }
    }

    /** The offset of the NUL that ends a string starting at {@code from}, before {@code end}. */
    private int terminator(int from, int end, String what, int reportAt) {
        for (int i = from; i < end; i++) {
            if (blob[i] == 0) {
                return i;
            }
        }
        throw error(reportAt, what + " is not NUL-terminated before the end of its block at 0x" + Integer.toHexString(end));
    }

    private String propertyName(long nameOffset, int tokenAt) {
        long start = stringsStart + nameOffset;
        if (start >= stringsEnd) {
            throw error(tokenAt, String.format("property name offset 0x%x lies beyond the strings block (0x%x bytes at 0x%x)",
                    nameOffset, stringsEnd - stringsStart, stringsStart));
        }
        int nameEnd = terminator((int) start, stringsEnd, "property name at strings offset 0x" + Long.toHexString(nameOffset), tokenAt);
        if (nameEnd == start) {
            throw error(tokenAt, String.format("property name at strings offset 0x%x is empty", nameOffset));
        }
        return new String(blob, (int) start, nameEnd - (int) start, StandardCharsets.ISO_8859_1);
    }

    private boolean startsWithText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        while (i < blob.length && (blob[i] == ' ' || blob[i] == '\n' || blob[i] == '\r' || blob[i] == '\t')) {
            i++;
        }
        if (blob.length - i < bytes.length) {
            return false;
        }
        for (int j = 0; j < bytes.length; j++) {
            if (blob[i + j] != bytes[j]) {
                return false;
            }
        }
        return true;
    }

    private static int align4(int offset) {
        return (offset + 3) & ~3;
    }

    private int word(int offset) {
        return DeviceTreeProperty.cellAt(blob, offset);
    }

    private long doubleWord(int offset) {
        return ((long) word(offset) << 32) | (word(offset + 4) & 0xffffffffL);
    }

    private DeviceTreeFormatException error(long offset, String problem) {
        return new DeviceTreeFormatException(source, offset, problem);
    }
}
