package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ImageLoadingTest {
    /** A minimal ELF: header, program headers, then each segment's file bytes. */
    static byte[] elf(int machine, int entry, int[][] segments, byte[][] contents) {
        int headers = 52 + 32 * segments.length;
        int total = headers;
        for (byte[] c : contents) {
            total += c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) machine).putInt(1).putInt(entry).putInt(52).putInt(0).putInt(0x05000400);
        b.putShort((short) 52).putShort((short) 32).putShort((short) segments.length).putShort((short) 40)
                .putShort((short) 0).putShort((short) 0);
        int offset = headers;
        for (int i = 0; i < segments.length; i++) {
            int paddr = segments[i][0];
            int memsz = segments[i][1];
            b.putInt(1).putInt(offset).putInt(paddr + 0x1000).putInt(paddr).putInt(contents[i].length).putInt(memsz)
                    .putInt(5).putInt(4);
            offset += contents[i].length;
        }
        for (byte[] c : contents) {
            b.put(c);
        }
        return b.array();
    }

    private static VexpressA9Machine machine() {
        return VexpressA9Machine.create(VexpressA9MachineTest.VEXPRESS, MachineOptions.defaults(), new ScriptedCore());
    }

    @Test
    void elfSegmentsLandAtTheirPhysicalAddressesWithBssZeroed() {
        VexpressA9Machine m = machine();
        m.bus().write32(0x60002004, 0xffffffff); // stale memory where .bss goes
        byte[] image = elf(40, 0x60000001, new int[][] {{0x60000000, 8}, {0x60002000, 16}},
                new byte[][] {{1, 2, 3, 4, 5, 6, 7, 8}, {9, 10, 11, 12}});
        LoadedImage loaded = m.loadElf("prog.elf", image);
        assertEquals(0x60000001, loaded.entry());
        assertEquals(0x04030201, m.bus().read32(0x60000000));
        assertEquals(0x08070605, m.bus().read32(0x60000004));
        assertEquals(0x0c0b0a09, m.bus().read32(0x60002000));
        assertEquals(0, m.bus().read32(0x60002004), "p_memsz beyond p_filesz is zeroed");
        assertEquals(0x60000000, m.cpu().state.pc);
        assertTrue(m.cpu().state.thumb, "bit 0 of the entry point selects Thumb");
    }

    @Test
    void rawBinariesLoadAtTheirAddress() {
        VexpressA9Machine m = machine();
        m.loadRaw("boot.bin", new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xea}, 0x60100000);
        assertEquals(0xeafffffe, m.bus().read32(0x60100000));
        assertEquals(0x60100000, m.cpu().state.pc);
        assertFalse(m.cpu().state.thumb);
    }

    @Test
    void imagesThatAreNotArmExecutablesAreRefusedWithAReason() {
        VexpressA9Machine m = machine();
        assertMessage("not an ELF file", () -> m.loadElf("notes.txt", "hello world, this is not an ELF image at all......".getBytes()));
        byte[] x86 = elf(3, 0x60000000, new int[][] {{0x60000000, 4}}, new byte[][] {{0, 0, 0, 0}});
        assertMessage("not an ARM image", () -> m.loadElf("x86.elf", x86));
        byte[] wide = elf(40, 0x60000000, new int[][] {{0x60000000, 4}}, new byte[][] {{0, 0, 0, 0}});
        wide[4] = 2;
        assertMessage("not a 32-bit ELF", () -> m.loadElf("a64.elf", wide));
        byte[] big = elf(40, 0x60000000, new int[][] {{0x60000000, 4}}, new byte[][] {{0, 0, 0, 0}});
        big[5] = 2;
        assertMessage("big-endian", () -> m.loadElf("be.elf", big));
        byte[] shared = elf(40, 0x60000000, new int[][] {{0x60000000, 4}}, new byte[][] {{0, 0, 0, 0}});
        shared[16] = 3;
        assertMessage("not an executable", () -> m.loadElf("lib.so", shared));
        byte[] truncated = elf(40, 0x60000000, new int[][] {{0x60000000, 4}}, new byte[][] {{0, 0, 0, 0}});
        assertMessage("truncated", () -> m.loadElf("cut.elf", java.util.Arrays.copyOf(truncated, truncated.length - 2)));
    }

    @Test
    void imagesOverlappingDeviceMemoryAreRefusedAndNothingIsLoaded() {
        VexpressA9Machine m = machine();
        byte[] image = elf(40, 0x60000000, new int[][] {{0x60000000, 4}, {0x10009000, 4}},
                new byte[][] {{1, 1, 1, 1}, {2, 2, 2, 2}});
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> m.loadElf("dev.elf", image));
        assertTrue(e.getMessage().contains("PL011 UART0") && e.getMessage().contains("0x10009000"), e.getMessage());
        assertEquals(0, m.bus().read32(0x60000000), "no segment is placed when one does not fit");
        assertMessage("unmapped space", () -> m.loadRaw("high.bin", new byte[16], 0xa0000000));
        assertMessage("at 0xfffffff8", () -> m.loadRaw("wrap.bin", new byte[16], 0xfffffff8));
    }

    private static void assertMessage(String fragment, Runnable load) {
        InvalidImageException e = assertThrows(InvalidImageException.class, load::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
