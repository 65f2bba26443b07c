package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.machine.ManualClock;
import org.junit.jupiter.api.Test;

class Pl031RtcTest {
    private static final long SECOND = 1_000_000_000L;
    private final ManualClock clock = new ManualClock();
    private boolean irq;
    private final Pl031Rtc rtc = new Pl031Rtc(clock.scheduler(), 1_700_000_000L, level -> irq = level);

    private int r(int offset) {
        return rtc.read(offset, 4);
    }

    private void w(int offset, int value) {
        rtc.write(offset, 4, value);
    }

    @Test
    void countsVirtualSecondsFromTheConfiguredEpoch() {
        assertEquals(1_700_000_000, r(0));
        clock.advance(SECOND - 1);
        assertEquals(1_700_000_000, r(0));
        clock.advance(1);
        assertEquals(1_700_000_001, r(0));
        assertEquals(1, r(0x0c), "always running");
        w(0x0c, 0);
        assertEquals(1, r(0x0c));
        int[] ids = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
        for (int i = 0; i < 8; i++) {
            assertEquals(ids[i], r(0xfe0 + 4 * i));
        }
    }

    @Test
    void loadSetsTheTimeAndReadsBack() {
        w(0x08, 1000);
        assertEquals(1000, r(0x08));
        assertEquals(1000, r(0x00));
        clock.advance(3 * SECOND);
        assertEquals(1003, r(0x00));
        rtc.reset();
        assertEquals(1003, r(0x00), "the clock keeps its time over a reset");
    }

    @Test
    void matchRaisesTheInterruptWhenTheCounterStepsToIt() {
        w(0x08, 1000);
        w(0x04, 1002);
        w(0x10, 1);
        assertEquals(1, r(0x10));
        clock.advance(2 * SECOND - 1);
        assertFalse(irq);
        assertEquals(0, r(0x14));
        clock.advance(1);
        assertTrue(irq);
        assertEquals(1, r(0x14));
        assertEquals(1, r(0x18));
        w(0x1c, 1);
        assertFalse(irq);
        assertEquals(0, r(0x14));
        w(0x04, 1002);
        assertEquals(1, r(0x14), "a match with the current count is immediate");
        w(0x10, 0);
        assertFalse(irq);
        assertEquals(0, r(0x18));
    }
}
