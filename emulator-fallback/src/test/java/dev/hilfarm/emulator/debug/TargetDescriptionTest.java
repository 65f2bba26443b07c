package dev.hilfarm.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The target description XML and the register encoding that follows from it. */
class TargetDescriptionTest {

    private static Document parse(String xml) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<String> registers(Element feature) {
        List<String> names = new ArrayList<>();
        NodeList regs = feature.getElementsByTagName("reg");
        for (int i = 0; i < regs.getLength(); i++) {
            Element reg = (Element) regs.item(i);
            names.add(reg.getAttribute("name") + "/" + reg.getAttribute("bitsize") + "/" + reg.getAttribute("regnum"));
        }
        return names;
    }

    @Test
    void coreOnlyDescription() throws Exception {
        Document doc = parse(TargetDescription.xml(0));
        assertEquals("arm", doc.getElementsByTagName("architecture").item(0).getTextContent());
        NodeList features = doc.getElementsByTagName("feature");
        assertEquals(1, features.getLength());
        Element core = (Element) features.item(0);
        assertEquals("org.gnu.gdb.arm.core", core.getAttribute("name"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            expected.add("r" + i + "/32/" + i);
        }
        expected.addAll(List.of("sp/32/13", "lr/32/14", "pc/32/15", "cpsr/32/25"));
        assertEquals(expected, registers(core));
    }

    @Test
    void vfpFeatureListsTheDoubleRegistersAndFpscr() throws Exception {
        Document doc = parse(TargetDescription.xml(16));
        Element vfp = (Element) doc.getElementsByTagName("feature").item(1);
        assertEquals("org.gnu.gdb.arm.vfp", vfp.getAttribute("name"));
        List<String> regs = registers(vfp);
        assertEquals(17, regs.size());
        assertEquals("d0/64/26", regs.get(0));
        assertEquals("d15/64/41", regs.get(15));
        assertEquals("fpscr/32/42", regs.get(16));
        List<String> d32 = registers((Element) parse(TargetDescription.xml(32)).getElementsByTagName("feature").item(1));
        assertEquals("d31/64/57", d32.get(31));
        assertEquals("fpscr/32/58", d32.get(32));
    }

    @Test
    void registerPacketsCarryCoreThenVfpInRegnumOrder() {
        TestBoard board = new TestBoard();
        TestVfp vfp = new TestVfp(16);
        board.cpu().state.r[0] = 0x11223344;
        board.cpu().state.pc = 0x60000010;
        board.cpu().state.n = 1;
        vfp.d[0] = 0x3ff0000000000000L; // 1.0
        vfp.d[15] = 0x0102030405060708L;
        vfp.fpscr = 0x03000000;
        GdbRegisters regs = new GdbRegisters(board.cpu().state, vfp);
        PacketBuilder g = new PacketBuilder(16);
        regs.appendAll(g);
        String text = g.asString();
        assertEquals(regs.allRegistersHexLength(), text.length());
        assertEquals(17 * 8 + 16 * 16 + 8, text.length());
        assertTrue(text.startsWith("44332211"));
        assertEquals("10000060", text.substring(15 * 8, 16 * 8));
        assertEquals("d30100c0", text.substring(16 * 8, 17 * 8), "CPSR with N set (and Z, set at reset as on QEMU)");
        assertEquals("000000000000f03f", text.substring(17 * 8, 17 * 8 + 16));
        assertEquals("0807060504030201", text.substring(17 * 8 + 15 * 16, 17 * 8 + 16 * 16));
        assertEquals("00000003", text.substring(text.length() - 8));

        PacketBuilder p = new PacketBuilder(16);
        assertTrue(regs.append(42, p));
        assertEquals("00000003", p.asString());
        assertTrue(!regs.append(43, p.clear()) && !regs.append(16, p) && !regs.append(58, p));

        // Writing the same packet back changes nothing; writing a different one changes everything.
        regs.writeAll(text.getBytes(StandardCharsets.US_ASCII), 0);
        assertEquals(0x11223344, board.cpu().state.r[0]);
        String changed = text.replace("44332211", "88776655").replace("000000000000f03f", "0000000000000040");
        regs.writeAll(changed.getBytes(StandardCharsets.US_ASCII), 0);
        assertEquals(0x55667788, board.cpu().state.r[0]);
        assertEquals(0x4000000000000000L, vfp.d[0]);
        assertTrue(regs.write(27, "0000000000000840".getBytes(StandardCharsets.US_ASCII), 0, 16));
        assertEquals(0x4008000000000000L, vfp.d[1]);
        assertTrue(!regs.write(27, "00000000".getBytes(StandardCharsets.US_ASCII), 0, 8), "a D register needs 64 bits");
    }
}
