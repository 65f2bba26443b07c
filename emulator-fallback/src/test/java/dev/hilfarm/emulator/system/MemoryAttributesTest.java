package dev.hilfarm.emulator.system;

import org.junit.jupiter.api.Test;

import static dev.hilfarm.emulator.system.MemoryAttributes.DEVICE;
import static dev.hilfarm.emulator.system.MemoryAttributes.NON_CACHEABLE;
import static dev.hilfarm.emulator.system.MemoryAttributes.NORMAL;
import static dev.hilfarm.emulator.system.MemoryAttributes.STRONGLY_ORDERED;
import static dev.hilfarm.emulator.system.MemoryAttributes.WRITE_BACK;
import static dev.hilfarm.emulator.system.MemoryAttributes.WRITE_BACK_ALLOCATE;
import static dev.hilfarm.emulator.system.MemoryAttributes.WRITE_THROUGH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TEX/C/B/S decoding, without and with TEX remap (B3.8.2 and B3.8.3 of the ARMv7-A reference manual). */
class MemoryAttributesTest {
    /** Linux's PRRR and NMRR for ARMv7 with the short-descriptor format (proc-v7-2level.S). */
    private static final int LINUX_PRRR = 0xff0a81a8;
    private static final int LINUX_NMRR = 0x40e040e0;

    private static int plain(int tex, int c, int b, int s) {
        return MemoryAttributes.decode(tex, c, b, s, false, 0, 0);
    }

    private static int remapped(int tex, int c, int b, int s) {
        return MemoryAttributes.decode(tex, c, b, s, true, LINUX_PRRR, LINUX_NMRR);
    }

    @Test
    void withoutRemap() {
        assertEquals(STRONGLY_ORDERED, MemoryAttributes.type(plain(0, 0, 0, 0)));
        assertTrue(MemoryAttributes.shareable(plain(0, 0, 0, 0)), "strongly-ordered is always shareable");
        assertEquals(DEVICE, MemoryAttributes.type(plain(0, 0, 1, 0)));
        assertTrue(MemoryAttributes.shareable(plain(0, 0, 1, 0)), "TEX 000 B: shareable device");
        assertEquals(DEVICE, MemoryAttributes.type(plain(2, 0, 0, 1)));
        assertFalse(MemoryAttributes.shareable(plain(2, 0, 0, 1)), "TEX 010: non-shareable device whatever S says");
        int writeThrough = plain(0, 1, 0, 1);
        assertEquals(NORMAL, MemoryAttributes.type(writeThrough));
        assertTrue(MemoryAttributes.shareable(writeThrough));
        assertEquals(WRITE_THROUGH, MemoryAttributes.innerPolicy(writeThrough));
        assertEquals(WRITE_BACK, MemoryAttributes.innerPolicy(plain(0, 1, 1, 0)));
        assertEquals(NON_CACHEABLE, MemoryAttributes.innerPolicy(plain(1, 0, 0, 0)));
        assertEquals(WRITE_BACK_ALLOCATE, MemoryAttributes.outerPolicy(plain(1, 1, 1, 0)));
        int outerAndInner = plain(0b110, 0, 1, 0); // TEX 1BB with BB = 10, AA = C:B = 01
        assertEquals(NORMAL, MemoryAttributes.type(outerAndInner));
        assertEquals(WRITE_BACK_ALLOCATE, MemoryAttributes.innerPolicy(outerAndInner));
        assertEquals(WRITE_THROUGH, MemoryAttributes.outerPolicy(outerAndInner));
    }

    @Test
    void withLinuxsRemap() {
        assertEquals(STRONGLY_ORDERED, MemoryAttributes.type(remapped(0, 0, 0, 0)), "index 0: uncached");
        int bufferable = remapped(0, 0, 1, 0);
        assertEquals(NORMAL, MemoryAttributes.type(bufferable), "index 1: normal non-cacheable");
        assertEquals(NON_CACHEABLE, MemoryAttributes.innerPolicy(bufferable));
        assertEquals(WRITE_THROUGH, MemoryAttributes.innerPolicy(remapped(0, 1, 0, 0)), "index 2");
        assertEquals(WRITE_BACK, MemoryAttributes.outerPolicy(remapped(0, 1, 1, 0)), "index 3");
        int device = remapped(1, 0, 0, 1);
        assertEquals(DEVICE, MemoryAttributes.type(device), "index 4: shared device");
        assertTrue(MemoryAttributes.shareable(device), "PRRR.DS1 for S = 1");
        assertFalse(MemoryAttributes.shareable(remapped(1, 0, 0, 0)), "PRRR.DS0 for S = 0");
        int writeAlloc = remapped(1, 1, 1, 1);
        assertEquals(NORMAL, MemoryAttributes.type(writeAlloc), "index 7: write-back, write-allocate");
        assertEquals(WRITE_BACK_ALLOCATE, MemoryAttributes.innerPolicy(writeAlloc));
        assertTrue(MemoryAttributes.shareable(writeAlloc), "PRRR.NS1 for S = 1");
        assertEquals(remapped(0, 0, 0, 0), remapped(0b110, 0, 0, 0), "TEX[2:1] do not take part in the remap");
    }
}
