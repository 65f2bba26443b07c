package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.machine.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SCU, private timer, watchdog and global timer through the private region at 0x1E000000 (PERIPHCLK 100 MHz). */
class A9PrivatePeripheralsTest {
    private static final int BASE = 0x1e000000;
    private static final int PT = BASE + 0x600;
    private static final int WD = BASE + 0x620;
    private static final int GT = BASE + 0x200;

    private final ManualClock clock = new ManualClock();
    private final PhysicalBus bus = new PhysicalBus();
    private final Gic gic = new Gic();
    private int resets;

    @BeforeEach
    void build() {
        bus.mapDevice("private", BASE, new A9PrivateRegion(new A9Scu(1), gic,
                new A9GlobalTimer(clock.scheduler(), gic.input(27)),
                new A9PrivateTimer(clock.scheduler(), "timer", gic.input(29)),
                new A9Watchdog(clock.scheduler(), gic.input(30), () -> resets++)));
    }

    private int r(int address) {
        return bus.read32(address);
    }

    private void w(int address, int value) {
        bus.write32(address, value);
    }

    private boolean pending(int id) {
        return (r(BASE + 0x1200) & (1 << id)) != 0;
    }

    @Test
    void scuReportsOneCpuAndKeepsItsRegisters() {
        assertEquals(0, r(BASE));
        assertEquals(0x10, r(BASE + 4));
        w(BASE, 0xffffffff);
        assertEquals(1, r(BASE));
        w(BASE + 8, 0xffffffff);
        assertEquals(0xffffffff, r(BASE + 8));
        w(BASE + 0xc, 0xffff);
        assertEquals(0, r(BASE + 0xc));
        assertEquals(0, r(BASE + 0x40));
        assertEquals(0, r(BASE + 0xffc), "the private region has no PrimeCell IDs");
    }

    @Test
    void privateTimerOneShotAndAutoReload() {
        w(PT, 0x1000);
        assertEquals(0x1000, r(PT + 4), "writing Load writes the counter");
        w(PT, 0x10);
        w(PT + 8, 0x5); // enable, IRQ enable, one-shot
        clock.advance(150);
        assertEquals(1, r(PT + 4));
        assertFalse(pending(29));
        clock.advance(10);
        assertEquals(1, r(PT + 0xc));
        assertEquals(0, r(PT + 4));
        assertTrue(pending(29));
        w(PT + 0xc, 1);
        assertFalse(pending(29));
        clock.advance(10_000);
        assertEquals(0, r(PT + 0xc), "one-shot: no second event");

        w(PT + 8, 0x7 | (4 << 8)); // auto-reload, prescaler 4: 50 ns per tick
        assertEquals(0x10, r(PT + 4), "enabling auto-reload at zero starts from Load");
        clock.advance(16 * 50);
        assertEquals(1, r(PT + 0xc));
        w(PT + 0xc, 1);
        clock.advance(50);
        assertEquals(0x10, r(PT + 4), "the tick after zero reloads");
        clock.advance(16 * 50);
        assertEquals(1, r(PT + 0xc), "a period is Load + 1 ticks");
        w(PT + 8, 0xffffffff);
        assertEquals(0xff07, r(PT + 8));
    }

    @Test
    void watchdogInTimerModeInterruptsAndInWatchdogModeResets() {
        w(WD, 20);
        w(WD + 8, 0x5);
        clock.advance(200);
        assertTrue(pending(30));
        w(WD + 0xc, 1);
        w(WD + 8, 0);
        w(WD, 20);
        w(WD + 8, 0x9); // watchdog mode, enabled
        clock.advance(199);
        assertEquals(0, resets);
        w(WD, 20); // kick
        clock.advance(199);
        assertEquals(0, resets);
        clock.advance(1);
        assertEquals(1, resets);
        assertEquals(1, r(WD + 0x10));
        assertFalse(pending(30), "watchdog mode resets instead of interrupting");
        w(WD + 8, 0);
        assertEquals(8, r(WD + 8) & 8, "the mode bit cannot be cleared through the control register");
        w(WD + 0x14, 0x12345678);
        w(WD + 0x14, 0x87654321);
        assertEquals(0, r(WD + 8) & 8);
        w(WD + 0x10, 1);
        assertEquals(0, r(WD + 0x10));
    }

    @Test
    void globalTimerCountsWhileEnabledAndMatchesTheComparator() {
        w(GT, 0x100);
        w(GT + 4, 2);
        assertEquals(2, r(GT + 4), "writable while disabled");
        clock.advance(1000);
        assertEquals(0x100, r(GT), "not counting while disabled");
        w(GT + 0x10, 0x100 + 50);
        w(GT + 0x14, 2);
        w(GT + 0x18, 30);
        w(GT + 8, 0xf); // enable, comparator, IRQ, auto-increment
        w(GT, 0);
        assertEquals(0x100, r(GT), "not writable while enabled");
        clock.advance(490);
        assertEquals(0x100 + 49, r(GT));
        assertFalse(pending(27));
        clock.advance(10);
        assertTrue(pending(27));
        assertEquals(0x100 + 80, r(GT + 0x10), "auto-increment moved the comparator on");
        w(GT + 0xc, 1);
        assertFalse(pending(27));
        clock.advance(300);
        assertTrue(pending(27));
        w(GT + 8, 0);
        long before = r(GT);
        clock.advance(5000);
        assertEquals(before, r(GT));
    }
}
