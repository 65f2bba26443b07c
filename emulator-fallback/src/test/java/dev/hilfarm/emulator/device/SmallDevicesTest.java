package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The PL310 and SP810 register files. */
class SmallDevicesTest {
    @Test
    void pl310IdentifiesAsQemusAndCompletesMaintenanceAtOnce() {
        Pl310L2Cache l2 = new Pl310L2Cache();
        assertEquals(0x410000c8, l2.read(0x000, 4));
        assertEquals(0x1c100100, l2.read(0x004, 4));
        assertEquals(0x02020000, l2.read(0x104, 4));
        l2.write(0x104, 4, 0);
        assertEquals(0x1c100100, l2.read(0x004, 4));
        l2.write(0x100, 4, 0xff);
        assertEquals(1, l2.read(0x100, 4));
        l2.write(0x77c, 4, 0xff);
        assertEquals(0, l2.read(0x77c, 4), "invalidate by way has completed");
        l2.write(0x730, 4, 0);
        assertEquals(0, l2.read(0x730, 4));
        l2.write(0x108, 4, 0x123);
        assertEquals(0x123, l2.read(0x108, 4));
        l2.write(0xc00, 4, 0x123);
        assertEquals(0x123, l2.read(0xc00, 4));
        l2.write(0xf60, 4, 0x123);
        assertEquals(0, l2.read(0xf60, 4));
        assertEquals(0, l2.read(0xfe0, 4), "no PrimeCell IDs on QEMU's l2x0");
        l2.write(0x104, 4, 0x00060000);
        assertEquals(0x1c100100 | (0xc << 18) | (0xc << 6), l2.read(0x004, 4), "way size follows AUX_CONTROL");
        l2.reset();
        assertEquals(0x1c100100, l2.read(0x004, 4));
    }

    @Test
    void sp810HoldsItsRegistersAndAnswersItsIds() {
        Sp810SystemController sp810 = new Sp810SystemController();
        assertEquals(0x9, sp810.read(0, 4), "DOZE requested and reached");
        sp810.write(0, 4, (1 << 15) | (1 << 17) | 0x4 | 0x78);
        assertEquals((1 << 15) | (1 << 17) | 0x4 | (0x4 << 3), sp810.read(0, 4), "NORMAL; status bits are read-only");
        assertTrue(sp810.timerUsesTimclk(0) && sp810.timerUsesTimclk(1) && !sp810.timerUsesTimclk(2));
        sp810.write(0x28, 4, 0xf);
        assertEquals(0xfffffff0, sp810.read(0x2c, 4));
        sp810.write(0x24, 4, 0x1);
        assertEquals(0xfffffff1, sp810.read(0x30, 4));
        int[] ids = {0x10, 0x18, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
        for (int i = 0; i < 8; i++) {
            assertEquals(ids[i], sp810.read(0xfe0 + 4 * i, 4));
        }
    }
}
