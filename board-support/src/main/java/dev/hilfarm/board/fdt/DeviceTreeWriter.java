package dev.hilfarm.board.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link DeviceTree} as a version 17 blob laid out the way dtc lays it out: the 40-byte
 * header, the memory reservation map at offset 40, the structure block right after it and the
 * strings block last, every block 4-byte aligned and the reservation map 8-byte aligned.
 *
 * <p>Property names go into the strings block in the order the structure block first uses them,
 * and a name is stored once: a later use points at an earlier copy, even at the tail of a longer
 * name ({@code phandle} inside {@code linux,phandle}), as dtc does. A blob dtc wrote therefore
 * reads back and writes out byte for byte.
 */
final class DeviceTreeWriter {
    private static final int LAST_COMPATIBLE_VERSION = 16;
    private static final int RESERVATION_ENTRY = 16;

    private final ByteArrayOutputStream structure = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    /** Offsets found so far; the first occurrence of a name never moves, so they stay right. */
    private final java.util.Map<String, Integer> known = new java.util.HashMap<>();

    private DeviceTreeWriter() {
    }

    static byte[] write(DeviceTree tree, int minimumTotalSize) {
        return new DeviceTreeWriter().toBlob(tree, minimumTotalSize);
    }

    private byte[] toBlob(DeviceTree tree, int minimumTotalSize) {
        writeNode(tree.root());
        token(DeviceTreeReader.TOKEN_END);
        byte[] structBlock = structure.toByteArray();
        byte[] stringsBlock = strings.toByteArray();

        int reservationsStart = DeviceTreeReader.HEADER_V17; // 40: already 8-byte aligned
        int structStart = reservationsStart + (tree.reservations().size() + 1) * RESERVATION_ENTRY;
        int stringsStart = structStart + structBlock.length;
        long used = (long) stringsStart + stringsBlock.length;
        long total = Math.max(used, minimumTotalSize);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalStateException("the device tree does not fit a blob: " + total + " bytes");
        }
        byte[] blob = new byte[(int) total];
        put(blob, DeviceTreeReader.OFF_MAGIC, DeviceTreeReader.MAGIC);
        put(blob, DeviceTreeReader.OFF_TOTALSIZE, (int) total);
        put(blob, DeviceTreeReader.OFF_DT_STRUCT, structStart);
        put(blob, DeviceTreeReader.OFF_DT_STRINGS, stringsStart);
        put(blob, DeviceTreeReader.OFF_MEM_RSVMAP, reservationsStart);
        put(blob, DeviceTreeReader.OFF_VERSION, DeviceTreeReader.NEWEST_VERSION);
        put(blob, DeviceTreeReader.OFF_LAST_COMP_VERSION, LAST_COMPATIBLE_VERSION);
        put(blob, DeviceTreeReader.OFF_BOOT_CPUID_PHYS, tree.bootCpuId());
        put(blob, DeviceTreeReader.OFF_SIZE_DT_STRINGS, stringsBlock.length);
        put(blob, DeviceTreeReader.OFF_SIZE_DT_STRUCT, structBlock.length);
        int at = reservationsStart;
        for (DeviceTree.Reservation r : tree.reservations()) {
            put(blob, at, (int) (r.address() >>> 32));
            put(blob, at + 4, (int) r.address());
            put(blob, at + 8, (int) (r.size() >>> 32));
            put(blob, at + 12, (int) r.size());
            at += RESERVATION_ENTRY;
        }
        // The terminating entry is the zeros already there.
        System.arraycopy(structBlock, 0, blob, structStart, structBlock.length);
        System.arraycopy(stringsBlock, 0, blob, stringsStart, stringsBlock.length);
        return blob;
    }

    private void writeNode(DeviceTreeNode node) {
        token(DeviceTreeReader.TOKEN_BEGIN_NODE);
        byte[] name = node.name().getBytes(StandardCharsets.ISO_8859_1);
        structure.writeBytes(name);
        structure.write(0);
        pad();
        for (DeviceTreeProperty property : node.properties()) {
            byte[] value = property.rawValue();
            token(DeviceTreeReader.TOKEN_PROP);
            token(value.length);
            token(nameOffset(property.name()));
            structure.writeBytes(value);
            pad();
        }
        for (DeviceTreeNode child : node.children()) {
            writeNode(child);
        }
        token(DeviceTreeReader.TOKEN_END_NODE);
    }

    /** Where {@code name} followed by NUL already occurs in the strings block, else appends it. */
    private int nameOffset(String name) {
        Integer cached = known.get(name);
        if (cached != null) {
            return cached;
        }
        int offset = findOrAppend(name);
        known.put(name, offset);
        return offset;
    }

    private int findOrAppend(String name) {
        byte[] wanted = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] table = strings.toByteArray();
        search:
        for (int start = 0; start + wanted.length < table.length; start++) {
            for (int i = 0; i < wanted.length; i++) {
                if (table[start + i] != wanted[i]) {
                    continue search;
                }
            }
            if (table[start + wanted.length] == 0) {
                return start;
            }
        }
        int offset = table.length;
        strings.writeBytes(wanted);
        strings.write(0);
        return offset;
    }

    private void token(int word) {
        structure.write(word >>> 24);
        structure.write(word >>> 16);
        structure.write(word >>> 8);
        structure.write(word);
    }

    private void pad() {
        while ((structure.size() & 3) != 0) {
            structure.write(0);
        }
    }

    private static void put(byte[] blob, int offset, int word) {
        DeviceTreeProperty.putCell(blob, offset, word);
    }
}
