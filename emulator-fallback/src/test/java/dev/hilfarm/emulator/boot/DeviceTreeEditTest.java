package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Edits made through the tree API, checked in what Debian's dtc makes of the written blob. */
class DeviceTreeEditTest {

    private static DeviceTree vexpress() throws IOException {
        return DeviceTree.read(DebianImages.dtb(DebianImages.VEXPRESS_DTB));
    }

    /** {@code text} with {@code from} replaced by {@code to}, which must occur exactly once. */
    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "exactly one \"" + from + "\" in the dts");
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    @Test
    void bootargsAndMemoryEditsShowUpInDtcsOutput() throws IOException {
        DeviceTree tree = vexpress();
        String before = Dtc.dts(tree.toDtb());
        tree.node("/chosen").orElseThrow().setString("bootargs", "console=ttyAMA0 rdinit=/init");
        tree.node("/memory").orElseThrow().setReg("reg", 1, 0x60000000L, 1, 0x08000000L);

        String expected = replaceOnce(before, "\tchosen {\n\t};", "\tchosen {\n\t\tbootargs = \"console=ttyAMA0 rdinit=/init\";\n\t};");
        expected = replaceOnce(expected, "reg = <0x60000000 0x40000000>;", "reg = <0x60000000 0x8000000>;");
        String after = Dtc.dts(tree.toDtb());
        assertNotEquals(before, after);
        assertEquals(expected, after);
    }

    @Test
    void theInitrdRangeIsWrittenAsCellsAfterExistingProperties() throws IOException {
        DeviceTree tree = vexpress();
        String before = Dtc.dts(tree.toDtb());
        DeviceTreeNode chosen = tree.node("/chosen").orElseThrow();
        chosen.setString("bootargs", "quiet");
        chosen.setU32("linux,initrd-start", 0x68000000);
        chosen.setU32("linux,initrd-end", 0x680d797c);
        chosen.setString("bootargs", "console=ttyAMA0"); // replaced in place, stays first
        String expected = replaceOnce(before, "\tchosen {\n\t};", "\tchosen {\n\t\tbootargs = \"console=ttyAMA0\";\n"
                + "\t\tlinux,initrd-start = <0x68000000>;\n\t\tlinux,initrd-end = <0x680d797c>;\n\t};");
        assertEquals(expected, Dtc.dts(tree.toDtb()));
    }

    @Test
    void removedNodesAndPropertiesAreGoneFromDtcsOutput() throws IOException {
        DeviceTree tree = vexpress();
        String before = Dtc.dts(tree.toDtb());
        assertEquals(1, tree.root().removeChildren(n -> n.name().equals("chosen")));
        assertTrue(tree.root().removeProperty("arm,hbi"));
        assertFalse(tree.root().removeProperty("arm,hbi"));
        String expected = replaceOnce(before, "\tchosen {\n\t};\n\n", "");
        expected = replaceOnce(expected, "\tarm,hbi = <0x191>;\n", "");
        assertEquals(expected, Dtc.dts(tree.toDtb()));
    }

    @Test
    void aTreeBuiltThroughTheApiIsWhatDtcCompilesFromTheSameSource() {
        DeviceTree tree = DeviceTree.empty();
        tree.root().setU32("#address-cells", 1).setU32("#size-cells", 1).setString("model", "hil test")
                .setStrings("compatible", List.of("hil,test", "hil,base"));
        DeviceTreeNode uart = tree.createNode("/soc/uart@1000");
        uart.setReg("reg", 1, 0x1000, 1, 0x100).setCells("interrupts", 0, 5, 4).setFlag("dma-coherent")
                .setU64("big", 0x0123456789abcdefL).setProperty("bytes", new byte[] {1, 2, 3});
        uart.insertProperty(0, "compatible", DeviceTreeProperty.string("arm,pl011"));
        tree.createNode("/chosen").setString("bootargs", "console=ttyAMA0");
        tree.node("/soc").orElseThrow().insertChild(0, "intc").setU32("linux,phandle", 9);
        tree.createNode("/soc/timer@2000").setU32("phandle", 7);
        tree.reservations().add(new DeviceTree.Reservation(0x61000000L, 0x1000));

        String source = """
                /dts-v1/;
                /memreserve/ 0x61000000 0x1000;
                / {
                	#address-cells = <1>;
                	#size-cells = <1>;
                	model = "hil test";
                	compatible = "hil,test", "hil,base";
                	soc {
                		intc { linux,phandle = <9>; };
                		uart@1000 {
                			compatible = "arm,pl011";
                			reg = <0x1000 0x100>;
                			interrupts = <0 5 4>;
                			dma-coherent;
                			big = /bits/ 64 <0x0123456789abcdef>;
                			bytes = [01 02 03];
                		};
                		timer@2000 { phandle = <7>; };
                	};
                	chosen { bootargs = "console=ttyAMA0"; };
                };
                """;
        byte[] compiled = Dtc.compile(source);
        byte[] written = tree.toDtb();
        assertEquals(Dtc.dts(compiled), Dtc.dts(written));
        assertArrayEquals(compiled, written, "laid out byte for byte as dtc lays it out");
        // "phandle" is not stored again: it points at the tail of "linux,phandle", as dtc does it
        String blobText = new String(written, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(blobText.indexOf("phandle\0"), blobText.lastIndexOf("phandle\0"));
    }

    @Test
    void headerFieldsAndPaddingAreWhatFdtdumpReports() {
        DeviceTree tree = DeviceTree.empty();
        tree.root().setU32("#address-cells", 1);
        tree.setBootCpuId(3);
        byte[] padded = tree.toDtb(0x10000);
        assertEquals(0x10000, padded.length);
        String dump = Dtc.fdtdump(padded);
        assertTrue(dump.contains("// totalsize:\t\t0x10000 (65536)"), dump);
        assertTrue(dump.contains("// boot_cpuid_phys:\t0x3"), dump);
        assertTrue(dump.contains("// version:\t\t17"), dump);
        assertTrue(dump.contains("// last_comp_version:\t16"), dump);
        assertEquals(Dtc.dts(tree.toDtb()), Dtc.dts(padded), "free space changes nothing dtc shows");
        DeviceTree reread = DeviceTree.parse("padded", padded);
        assertEquals(3, reread.bootCpuId());
        assertTrue(reread.sameContentAs(tree));
    }

    @Test
    void reservationsSurviveARoundTripAndEdits() throws IOException {
        DeviceTree tree = DeviceTree.read(DebianImages.dtb("bcm2711-rpi-4-b.dtb"));
        assertFalse(tree.reservations().isEmpty(), "the Raspberry Pi 4 dtb reserves memory");
        tree.reservations().add(new DeviceTree.Reservation(0x1_2345_6000L, 0x2000));
        String dts = Dtc.dts(tree.toDtb());
        assertTrue(dts.contains("/memreserve/\t0x0000000123456000 0x0000000000002000;"), dts.substring(0, 300));
        assertEquals(tree.reservations(), DeviceTree.parse("edited", tree.toDtb()).reservations());
    }

    @Test
    void pathsResolveAsLibfdtResolvesThem() throws IOException {
        DeviceTree tree = vexpress();
        assertEquals("/memory@60000000", tree.node("/memory").orElseThrow().path(), "a name without unit address matches any unit");
        assertEquals("/memory@60000000", tree.node("/memory@60000000/").orElseThrow().path());
        assertEquals(Optional.empty(), tree.node("/memory@70000000"));
        assertEquals(Optional.empty(), tree.node("/chosen@0"));
        assertEquals("/", tree.node("/").orElseThrow().path());
        assertEquals("/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/uart@9000",
                tree.node("serial0").orElseThrow().path(), "an alias from /aliases");
        assertEquals(Optional.empty(), tree.node("nosuchalias"));
        assertEquals("/chosen", tree.createNode("/chosen").path(), "createNode finds an existing node");
        assertEquals("/a/b", tree.createNode("/a/b").path());
        assertThrows(IllegalArgumentException.class, () -> tree.createNode("relative/path"));
        assertThrows(IllegalArgumentException.class, () -> tree.root().addChild("chosen"));
        assertThrows(IllegalArgumentException.class, () -> tree.root().addChild("a/b"));
        assertThrows(IllegalArgumentException.class, () -> tree.root().insertProperty(0, "model", new byte[0]));
        assertEquals("/interrupt-controller@1e001000", tree.findCompatible("arm,cortex-a9-gic").orElseThrow().path());
    }

    @Test
    void propertyValuesReadAsTheirConventionsSay() throws IOException {
        DeviceTreeNode root = vexpress().root();
        assertEquals(List.of("arm,vexpress,v2p-ca9", "arm,vexpress"), root.property("compatible").orElseThrow().asStrings());
        assertEquals(Optional.of("V2P-CA9"), root.property("model").orElseThrow().asString());
        assertEquals(Optional.of(1), root.property("#address-cells").orElseThrow().asU32());
        assertEquals(Optional.empty(), root.property("compatible").orElseThrow().asString(), "two strings are not one");
        DeviceTreeProperty wide = new DeviceTreeProperty("x", DeviceTreeProperty.u64(0x1122334455667788L));
        assertEquals(Optional.of(0x1122334455667788L), wide.asU64());
        assertArrayEquals(new int[] {0x11223344, 0x55667788}, wide.asCells().orElseThrow());
        assertEquals("x = <0x11223344 0x55667788>;", wide.toString());
        assertEquals(Optional.empty(), new DeviceTreeProperty("y", new byte[] {1, 2, 3}).asCells());
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3},
                DeviceTreeProperty.sizedCells(new int[] {1, 2}, new long[] {1, 0x200000003L}));
        assertThrows(IllegalArgumentException.class, () -> DeviceTreeProperty.sizedCells(new int[] {1}, new long[] {0x100000000L}));
        assertThrows(IllegalArgumentException.class, () -> DeviceTreeProperty.sizedCells(new int[] {3}, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> DeviceTreeProperty.string("a\0b"));
    }
}
