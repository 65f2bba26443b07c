package dev.hilfarm.board.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One property of a device tree node: a name and an uninterpreted byte string. Device tree
 * values carry no type; the accessors interpret them the way the devicetree specification's
 * conventions say (big-endian 32-bit cells, NUL-terminated strings, string lists).
 * Immutable: the value is copied in and out.
 */
public final class DeviceTreeProperty {
    private final String name;
    private final byte[] value;

    public DeviceTreeProperty(String name, byte[] value) {
        this.name = DeviceTreeNames.checkPropertyName(name);
        this.value = value.clone();
    }

    /** For the reader and the writer: no name check and no copy. */
    static DeviceTreeProperty trusted(String name, byte[] value) {
        return new DeviceTreeProperty(name, value, true);
    }

    /** {@code unchecked} only tells this constructor from the public one. */
    private DeviceTreeProperty(String name, byte[] value, boolean unchecked) {
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    /** A copy of the value's bytes. */
    public byte[] value() {
        return value.clone();
    }

    /** The value's bytes without a copy, for the writer. */
    byte[] rawValue() {
        return value;
    }

    public int length() {
        return value.length;
    }

    /** Whether the property is a flag without a value (e.g. {@code dma-coherent;}). */
    public boolean isEmpty() {
        return value.length == 0;
    }

    /** The value as one NUL-terminated string, if it is exactly that. */
    public Optional<String> asString() {
        List<String> strings = asStrings();
        return strings.size() == 1 ? Optional.of(strings.get(0)) : Optional.empty();
    }

    /** The value as a list of NUL-terminated strings; empty if it is not one. */
    public List<String> asStrings() {
        if (value.length == 0 || value[value.length - 1] != 0) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                strings.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return strings;
    }

    /** The value as big-endian 32-bit cells; empty if its length is not a multiple of four. */
    public Optional<int[]> asCells() {
        if (value.length % 4 != 0) {
            return Optional.empty();
        }
        int[] cells = new int[value.length / 4];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cellAt(value, i * 4);
        }
        return Optional.of(cells);
    }

    /** The value as one 32-bit cell, if it is exactly four bytes long. */
    public Optional<Integer> asU32() {
        return value.length == 4 ? Optional.of(cellAt(value, 0)) : Optional.empty();
    }

    /** The value as one 64-bit number (two cells), if it is exactly eight bytes long. */
    public Optional<Long> asU64() {
        if (value.length != 8) {
            return Optional.empty();
        }
        return Optional.of(((long) cellAt(value, 0) << 32) | (cellAt(value, 4) & 0xffffffffL));
    }

    public static int cellAt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
    }

    // ---- value encodings ----

    /** A NUL-terminated UTF-8 string. */
    public static byte[] string(String text) {
        return strings(List.of(text));
    }

    /** NUL-terminated UTF-8 strings one after the other (a {@code compatible} list). */
    public static byte[] strings(List<String> texts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String text : texts) {
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a device tree string cannot contain NUL: \"" + text.replace("\0", "\\0") + "\"");
            }
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Big-endian 32-bit cells. */
    public static byte[] cells(int... cells) {
        byte[] bytes = new byte[cells.length * 4];
        for (int i = 0; i < cells.length; i++) {
            putCell(bytes, i * 4, cells[i]);
        }
        return bytes;
    }

    /** A 64-bit number as two big-endian cells, high cell first. */
    public static byte[] u64(long value) {
        return cells((int) (value >>> 32), (int) value);
    }

    /**
     * Numbers each {@code cellCounts[i]} cells wide (1 or 2), as {@code reg = <address size>} is
     * written with the parent's {@code #address-cells} and {@code #size-cells}. A value that does
     * not fit its width is refused rather than truncated.
     */
    public static byte[] sizedCells(int[] cellCounts, long[] values) {
        if (cellCounts.length != values.length) {
            throw new IllegalArgumentException(cellCounts.length + " cell counts for " + values.length + " values");
        }
        int total = 0;
        for (int count : cellCounts) {
            if (count != 1 && count != 2) {
                throw new IllegalArgumentException("a number can be 1 or 2 cells wide, not " + count);
            }
            total += count;
        }
        byte[] bytes = new byte[total * 4];
        int at = 0;
        for (int i = 0; i < values.length; i++) {
            if (cellCounts[i] == 1) {
                if ((values[i] >>> 32) != 0) {
                    throw new IllegalArgumentException(String.format("0x%x does not fit in one 32-bit cell", values[i]));
                }
                putCell(bytes, at, (int) values[i]);
                at += 4;
            } else {
                putCell(bytes, at, (int) (values[i] >>> 32));
                putCell(bytes, at + 4, (int) values[i]);
                at += 8;
            }
        }
        return bytes;
    }

    public static void putCell(byte[] bytes, int offset, int cell) {
        bytes[offset] = (byte) (cell >>> 24);
        bytes[offset + 1] = (byte) (cell >>> 16);
        bytes[offset + 2] = (byte) (cell >>> 8);
        bytes[offset + 3] = (byte) cell;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceTreeProperty p && p.name.equals(name) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        Optional<int[]> cells = asCells();
        List<String> strings = asStrings();
        if (value.length == 0) {
            return name + ";";
        }
        if (!strings.isEmpty() && strings.stream().allMatch(DeviceTreeProperty::printable)) {
            return name + " = \"" + String.join("\", \"", strings) + "\";";
        }
        StringBuilder b = new StringBuilder(name).append(" = ");
        if (cells.isPresent()) {
            b.append('<');
            for (int i = 0; i < cells.get().length; i++) {
                b.append(i == 0 ? "" : " ").append(String.format("0x%x", cells.get()[i]));
            }
            return b.append(">;").toString();
        }
        b.append('[');
        for (int i = 0; i < value.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format("%02x", value[i] & 0xff));
        }
        return b.append("];").toString();
    }

    private static boolean printable(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
