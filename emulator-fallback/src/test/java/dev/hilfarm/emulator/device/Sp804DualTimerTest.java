package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.machine.ManualClock;
import org.junit.jupiter.api.Test;

/** SP804 at 1 MHz (1000 ns per tick) in virtual time. */
class Sp804DualTimerTest {
    private static final int ENABLE = 0x80;
    private static final int PERIODIC = 0x40;
    private static final int INT_ENABLE = 0x20;
    private static final int BITS32 = 0x02;
    private static final int ONESHOT = 0x01;

    private final ManualClock clock = new ManualClock();
    private boolean irq;
    private final Sp804DualTimer timer = new Sp804DualTimer(clock.scheduler(), 1_000_000, "t", level -> irq = level);

    private int r(int offset) {
        return timer.read(offset, 4);
    }

    private void w(int offset, int value) {
        timer.write(offset, 4, value);
    }

    @Test
    void resetValuesAndIds() {
        assertEquals(0x20, r(0x08));
        assertEquals(0x20, r(0x28));
        assertEquals(0, r(0x00));
        assertEquals(0, r(0x04), "QEMU's counter reads zero until loaded");
        assertEquals(0, r(0xf00));
        int[] ids = {0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
        for (int i = 0; i < 8; i++) {
            assertEquals(ids[i], r(0xfe0 + 4 * i));
        }
    }

    @Test
    void loadAndBackgroundLoadAsQemuModelsThem() {
        w(0x00, 0x12345678);
        assertEquals(0x12345678, r(0x00));
        assertEquals(0xffff, r(0x04), "free-running 16-bit: the counter reloads to its maximum");
        w(0x18, 0x100);
        assertEquals(0x100, r(0x18));
        assertEquals(0x100, r(0x00), "BGLoad is read back through Load");
        assertEquals(0xffff, r(0x04), "and does not touch the counter");
        w(0x08, 0xffffffff);
        assertEquals(0xff, r(0x08));
    }

    @Test
    void oneShotCountsDownInterruptsOnceAndStopsAtZero() {
        w(0x00, 100);
        w(0x08, ENABLE | INT_ENABLE | BITS32 | ONESHOT);
        clock.advance(40_000);
        assertEquals(60, r(0x04));
        assertFalse(irq);
        clock.advance(59_999);
        assertEquals(1, r(0x04));
        assertFalse(irq);
        clock.advance(1);
        assertTrue(irq);
        assertEquals(1, r(0x10));
        assertEquals(1, r(0x14));
        assertEquals(0, r(0x04));
        assertEquals(0xa3, r(0x08), "the enable bit stays set");
        clock.advance(10_000_000);
        assertEquals(0, r(0x04));
        w(0x0c, 0);
        assertFalse(irq, "any write to IntClr clears it");
        assertEquals(0, r(0x10));
    }

    @Test
    void periodicReloadsEveryLoadTicksAndTheInterruptStaysUntilCleared() {
        w(0x00, 10);
        w(0x08, ENABLE | INT_ENABLE | BITS32 | PERIODIC);
        int interrupts = 0;
        for (int tick = 1; tick <= 100; tick++) {
            clock.advance(1000);
            if (irq) {
                interrupts++;
                w(0x0c, 1);
            }
            int expected = 10 - tick % 10;
            assertEquals(expected, r(0x04), "at tick " + tick);
        }
        assertEquals(10, interrupts);
        w(0x18, 4);
        clock.advance(10_000);
        assertTrue(irq, "BGLoad takes effect at the next reload");
        w(0x0c, 1);
        clock.advance(4_000);
        assertTrue(irq, "now the period is 4 ticks");
        assertEquals(4, r(0x04));
    }

    @Test
    void aLateCpuSeesTheCountWrapAndOneInterrupt() {
        w(0x00, 10);
        w(0x08, ENABLE | INT_ENABLE | BITS32 | PERIODIC);
        clock.advance(35_000);
        assertTrue(irq);
        assertEquals(5, r(0x04));
    }

    @Test
    void freeRunningWrapsAtTheCounterWidthAndPrescalerDivides() {
        w(0x08, ENABLE | INT_ENABLE); // 16-bit, free-running
        clock.advance(0x10000 * 1000L);
        assertTrue(irq, "wrapped after 0xffff ticks");
        w(0x0c, 1);
        w(0x08, 0);
        w(0x00, 1000);
        w(0x08, ENABLE | PERIODIC | BITS32 | (1 << 2)); // divide by 16
        clock.advance(16_000 * 10);
        assertEquals(990, r(0x04));
        w(0x08, ENABLE | PERIODIC | BITS32 | (2 << 2)); // divide by 256, reloads
        clock.advance(256_000 * 10);
        assertEquals(990, r(0x04));
    }

    @Test
    void stoppingFreezesTheCountAndMaskingHidesTheInterrupt() {
        w(0x00, 500);
        w(0x08, ENABLE | PERIODIC | BITS32);
        clock.advance(100_000);
        w(0x08, PERIODIC | BITS32);
        clock.advance(1_000_000);
        assertEquals(400, r(0x04));
        w(0x08, ENABLE | PERIODIC | BITS32);
        clock.advance(500_000);
        assertEquals(1, r(0x10));
        assertEquals(0, r(0x14), "interrupt enable clear: raw status only");
        assertFalse(irq);
    }

    @Test
    void bothTimersShareOneInterruptLine() {
        w(0x20, 5);
        w(0x28, ENABLE | INT_ENABLE | ONESHOT | BITS32);
        w(0x00, 8);
        w(0x08, ENABLE | INT_ENABLE | ONESHOT | BITS32);
        clock.advance(5_000);
        assertTrue(irq);
        assertEquals(1, r(0x30));
        assertEquals(0, r(0x10));
        w(0x2c, 1);
        assertFalse(irq);
        clock.advance(3_000);
        assertTrue(irq);
        timer.reset();
        assertFalse(irq);
        assertEquals(0x20, r(0x08));
    }
}
