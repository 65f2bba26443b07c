package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeFormatException;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad blobs are refused with the blob's name, the byte offset and what was wrong there. */
class DeviceTreeErrorTest {
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int NOP = 4;
    private static final int END = 9;
    /** In blobs this writer makes: the structure block starts after the header and the empty reservation map. */
    private static final int STRUCT = 56;

    /**
     * A small valid blob, laid out as:
     * 0x38 BEGIN_NODE "" | 0x40 PROP #address-cells | 0x50 BEGIN_NODE "a" | 0x58 PROP b = "x" |
     * 0x68 END_NODE | 0x6c END_NODE | 0x70 END | 0x74 strings "#address-cells\0b\0".
     */
    private static byte[] small() {
        DeviceTree tree = DeviceTree.empty();
        tree.root().setU32("#address-cells", 1);
        tree.createNode("/a").setString("b", "x");
        byte[] blob = tree.toDtb();
        assertEquals(0x74 + 17, blob.length, "the layout the offsets below assume");
        assertEquals(END, word(blob, 0x70));
        return blob;
    }

    private static DeviceTreeFormatException refused(byte[] blob) {
        return assertThrows(DeviceTreeFormatException.class, () -> DeviceTree.parse("bad.dtb", blob));
    }

    private static void assertRefused(byte[] blob, int offset, String problem) {
        DeviceTreeFormatException e = refused(blob);
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith(String.format("bad.dtb: byte offset 0x%x (%d): ", offset, offset)), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void theSmallBlobIsValid() {
        assertEquals("/a", DeviceTree.parse("good.dtb", small()).node("/a").orElseThrow().path());
    }

    @Test
    void wrongMagic() {
        byte[] blob = small();
        blob[0] = 0;
        assertRefused(blob, 0, "bad magic 0x000dfeed, a dtb starts with 0xd00dfeed");
    }

    @Test
    void deviceTreeSourceInsteadOfABlob() {
        assertRefused("/dts-v1/;\n/ { };\n".getBytes(StandardCharsets.US_ASCII), 0, "this is device tree source");
    }

    @Test
    void truncatedFiles() {
        assertRefused(new byte[2], 0, "too short for a device tree header");
        assertRefused(Arrays.copyOf(small(), 20), 20, "the header is truncated");
        assertRefused(Arrays.copyOf(small(), 38), 38, "header needs 40 bytes, the file has 38");
        assertRefused(Arrays.copyOf(small(), 100), 4, "totalsize 0x85 is larger than the file (0x64 bytes): the blob is truncated");
    }

    @Test
    void unsupportedVersions() {
        byte[] old = small();
        put(old, 20, 15);
        assertRefused(old, 20, "version 15 is not supported");
        byte[] future = small();
        put(future, 20, 19);
        put(future, 24, 18);
        assertRefused(future, 24, "readable only by readers of version 18");
    }

    @Test
    void offsetsBeyondTheBlob() {
        byte[] structure = small();
        put(structure, 8, 0x1000);
        assertRefused(structure, 8, "off_dt_struct 0x1000 points beyond totalsize 0x85");
        byte[] strings = small();
        put(strings, 12, 8);
        assertRefused(strings, 12, "off_dt_strings 0x8 points into the 40-byte header");
        byte[] size = small();
        put(size, 36, 0x1000);
        assertRefused(size, 36, "size_dt_struct 0x1000: the structure block at 0x38 would end at 0x1038, beyond totalsize 0x85");
        byte[] stringsSize = small();
        put(stringsSize, 32, 0x20);
        assertRefused(stringsSize, 32, "size_dt_strings 0x20");
        byte[] reservations = small();
        put(reservations, 16, 0x80);
        assertRefused(reservations, 0x80, "the memory reservation map runs past totalsize 0x85 without its terminating zero entry");
        byte[] misaligned = small();
        put(misaligned, 8, 0x3a);
        assertRefused(misaligned, 8, "off_dt_struct 0x3a is not 4-byte aligned");
    }

    @Test
    void badToken() {
        byte[] blob = small();
        put(blob, 0x68, 7);
        assertRefused(blob, 0x68, "unknown token 0x00000007 in the structure block");
    }

    @Test
    void truncatedStructureBlock() {
        byte[] blob = small();
        put(blob, 36, 0x6c - STRUCT); // the block now ends before the root's END_NODE
        assertRefused(blob, 0x6c, "the structure block ends at 0x6c without an END token while node / is still open");
        byte[] value = small();
        put(value, 0x58 + 4, 0x40); // b's length now runs past the block
        assertRefused(value, 0x58, "property value of 0x40 bytes runs past the end of the structure block at 0x74");
    }

    @Test
    void propertyNamesOutsideTheStringsBlock() {
        byte[] blob = small();
        put(blob, 0x40 + 8, 0x100);
        assertRefused(blob, 0x40, "property name offset 0x100 lies beyond the strings block (0x11 bytes at 0x74)");
        byte[] unterminated = small();
        put(unterminated, 32, 5); // the strings block now ends inside "#address-cells"
        assertRefused(unterminated, 0x40, "property name at strings offset 0x0 is not NUL-terminated before the end of its block at 0x79");
    }

    @Test
    void badStructure() {
        assertRefused(blob(new int[] {PROP, 4, 0, 1, END}, "p"), STRUCT, "property outside any node");
        assertRefused(blob(new int[] {END_NODE, END}, ""), STRUCT, "END_NODE token without an open node");
        assertRefused(blob(new int[] {NOP, END}, ""), STRUCT + 4, "END token before any root node");
        assertRefused(blob(new int[] {BEGIN_NODE, 0, END}, ""), STRUCT + 8, "END token while node / is still open");
        assertRefused(blob(new int[] {BEGIN_NODE, 0, END_NODE, BEGIN_NODE, 0, END_NODE, END}, ""), STRUCT + 12,
                "a second root node (\"\") after the first one ended");
        assertRefused(blob(new int[] {BEGIN_NODE, 0x72000000, END_NODE, END}, ""), STRUCT, "the root node's name must be empty, not \"r\"");
        assertRefused(blob(new int[] {BEGIN_NODE, 0, PROP, 0, 0, PROP, 0, 0, END_NODE, END}, "p"), STRUCT + 20,
                "/ has two properties named p");
        int a = 0x61000000; // "a\0\0\0"
        assertRefused(blob(new int[] {BEGIN_NODE, 0, BEGIN_NODE, a, END_NODE, BEGIN_NODE, a, END_NODE, END_NODE, END}, ""), STRUCT + 20,
                "/ has two child nodes named a");
        assertRefused(blob(new int[] {BEGIN_NODE, 0, PROP, 0, 1, END_NODE, END}, "\0"), STRUCT + 8,
                "property name at strings offset 0x1 is empty");
    }

    @Test
    void nopTokensAreSkipped() {
        DeviceTree tree = DeviceTree.parse("nop.dtb", blob(new int[] {NOP, BEGIN_NODE, 0, NOP, PROP, 0, 0, NOP, END_NODE, NOP, END}, "p"));
        assertTrue(tree.root().property("p").orElseThrow().isEmpty());
    }

    /** A version 17 blob with an empty reservation map, the given structure words and strings. */
    private static byte[] blob(int[] structure, String strings) {
        byte[] stringBytes = (strings.isEmpty() ? "" : strings + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int stringsAt = STRUCT + structure.length * 4;
        byte[] blob = new byte[stringsAt + stringBytes.length];
        put(blob, 0, 0xd00dfeed);
        put(blob, 4, blob.length);
        put(blob, 8, STRUCT);
        put(blob, 12, stringsAt);
        put(blob, 16, 40);
        put(blob, 20, 17);
        put(blob, 24, 16);
        put(blob, 32, stringBytes.length);
        put(blob, 36, structure.length * 4);
        for (int i = 0; i < structure.length; i++) {
            put(blob, STRUCT + 4 * i, structure[i]);
        }
        System.arraycopy(stringBytes, 0, blob, stringsAt, stringBytes.length);
        return blob;
    }

    private static void put(byte[] blob, int offset, int word) {
        DeviceTreeProperty.putCell(blob, offset, word);
    }

    private static int word(byte[] blob, int offset) {
        return DeviceTreeProperty.cellAt(blob, offset);
    }
}
