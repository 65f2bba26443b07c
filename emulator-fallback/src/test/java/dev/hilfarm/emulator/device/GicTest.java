package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.machine.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GIC as the CPU sees it through the A9 private region at 0x1E000000. The expected values
 * are what the same accesses return on QEMU 7.2's vexpress-a9 (recorded with a bare-metal probe
 * program printing each register).
 */
class GicTest {
    private static final int D = 0x1e001000;
    private static final int C = 0x1e000100;

    private final PhysicalBus bus = new PhysicalBus();
    private final Gic gic = new Gic();
    private boolean irq;
    private boolean fiq;

    @BeforeEach
    void build() {
        ManualClock clock = new ManualClock();
        A9PrivateRegion region = new A9PrivateRegion(new A9Scu(1), gic,
                new A9GlobalTimer(clock.scheduler(), gic.input(27)),
                new A9PrivateTimer(clock.scheduler(), "timer", gic.input(29)),
                new A9Watchdog(clock.scheduler(), gic.input(30), () -> { }));
        bus.mapDevice("private", 0x1e000000, region);
        gic.connect(level -> irq = level, level -> fiq = level);
    }

    private int r(int address) {
        return bus.read32(address);
    }

    private void w(int address, int value) {
        bus.write32(address, value);
    }

    private void w8(int address, int value) {
        bus.write8(address, value);
    }

    @Test
    void resetValuesAndIdentification() {
        assertEquals(0, r(D));
        assertEquals(0x402, r(D + 4), "ICDICTR: 96 interrupts, one CPU, Security Extensions");
        assertEquals(0x43b, r(D + 8));
        assertEquals(0xffff, r(D + 0x100), "SGIs always enabled, PPIs disabled");
        assertEquals(0xaaaaaaaa, r(D + 0xc00), "SGIs are edge-triggered");
        assertEquals(0, r(D + 0xc04));
        assertEquals(0, r(D + 0x800), "targets are RAZ on a uniprocessor GIC");
        int[] ids = {0x04, 0, 0, 0, 0x90, 0xb3, 0x1b, 0, 0x0d, 0xf0, 0x05, 0xb1};
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i], r(D + 0xfd0 + 4 * i), "ID register at 0x" + Integer.toHexString(0xfd0 + 4 * i));
        }
        assertEquals(0, r(C));
        assertEquals(0, r(C + 4));
        assertEquals(0, r(C + 8));
        assertEquals(0x3ff, r(C + 0xc));
        assertEquals(0xff, r(C + 0x14));
        assertEquals(0x3ff, r(C + 0x18));
        assertEquals(1, r(C + 0x1c));
        assertEquals(0x0001043b, r(C + 0xfc));
    }

    @Test
    void registerWidthsAndMasksMatchQemu() {
        w(D + 0x400, 0xffffffff);
        assertEquals(0xf8f8f8f8, r(D + 0x400), "five priority bits");
        w(D + 0x420, 0x12345678);
        assertEquals(0x10305078, r(D + 0x420));
        w8(D + 0x421, 0xff);
        assertEquals(0x1030f878, r(D + 0x420), "priorities are byte-accessible");
        w(C + 4, 0xff);
        assertEquals(0xf8, r(C + 4));
        w(C + 4, 0x13);
        assertEquals(0x10, r(C + 4));
        w(C + 8, 0xff);
        assertEquals(7, r(C + 8));
        w(C + 8, 0);
        assertEquals(0, r(C + 8));
        w(C + 0x1c, 0);
        assertEquals(1, r(C + 0x1c), "the aliased binary point is at least 1");
        w(C + 0x1c, 7);
        assertEquals(7, r(C + 0x1c));
        w(C, 0xff);
        assertEquals(0x1f, r(C));
        w(C, 0);
        w(D, 0xff);
        assertEquals(3, r(D));
        w(D + 0x80, 0xffffffff);
        assertEquals(0xffffffff, r(D + 0x80));
        w(D + 0x8c, 0xffffffff);
        assertEquals(0, r(D + 0x8c), "no interrupts 96-127");
        w(D + 0x80, 0);
        w(D + 0xc08, 0xffffffff);
        assertEquals(0xaaaaaaaa, r(D + 0xc08), "only the edge bit of each field is writable");
        w(D + 0xc04, 0xffffffff);
        assertEquals(0xaaaaaaaa, r(D + 0xc04));
        w(D + 0xc00, 0);
        assertEquals(0xaaaaaaaa, r(D + 0xc00), "SGIs stay edge-triggered");
        w(D + 0x800, 0xffffffff);
        assertEquals(0, r(D + 0x800));
        w(D + 0x104, 0xffffffff);
        assertEquals(0xffffffff, r(D + 0x104));
        w(D + 0x10c, 0xffffffff);
        assertEquals(0, r(D + 0x10c));
        w(D + 0x184, 0xffffffff);
        assertEquals(0, r(D + 0x104));
        w(D + 0x180, 0xffffffff);
        assertEquals(0xffff, r(D + 0x100), "SGIs cannot be disabled");
    }

    @Test
    void acknowledgePreemptionAndEndOfInterruptFollowTheActivePriorities() {
        for (int i = 0; i < 96; i += 4) {
            w(D + 0x400 + i, 0xa0a0a0a0);
        }
        w(D + 0x204, 0xffffffff);
        assertEquals(0xffffffff, r(D + 0x204));
        w(D + 0x284, 0xffffffff);
        w(D + 0x208, 3);
        assertEquals(3, r(D + 0x208));
        assertEquals(0x3ff, r(C + 0x18), "distributor and CPU interface disabled");
        assertEquals(0x3ff, r(C + 0xc));
        w(D, 1);
        w(C, 1);
        w(C + 4, 0xff);
        assertEquals(0x3ff, r(C + 0x18), "64 and 65 pending but not enabled");
        assertFalse(irq);
        w(D + 0x108, 3);
        w8(D + 0x440, 0x80);
        w8(D + 0x441, 0x40);
        assertTrue(irq, "65 is signalled");
        assertEquals(0x41, r(C + 0x18));
        assertEquals(0xff, r(C + 0x14));
        assertEquals(0x41, r(C + 0xc));
        assertFalse(irq, "64 (0x80) cannot preempt 65 (0x40)");
        assertEquals(0x40, r(C + 0x14));
        assertEquals(2, r(D + 0x308));
        assertEquals(1, r(D + 0x208));
        assertEquals(0x40, r(C + 0x18), "the highest pending ignores the running priority");
        assertEquals(0x3ff, r(C + 0xc));
        w8(D + 0x440, 0x30);
        assertTrue(irq, "now 64 can preempt");
        assertEquals(0x40, r(C + 0xc));
        assertEquals(0x3ff, r(C + 0x18));
        w(C + 0x10, 0x41);
        assertEquals(0x40, r(C + 0x14), "EOI drops the highest active priority (64's) but deactivates 65");
        assertEquals(1, r(D + 0x308));
        assertEquals(0x3ff, r(C + 0xc));
        w(C + 0x10, 0x3ff);
        w(C + 0x10, 65);
        assertEquals(0xff, r(C + 0x14));
        assertEquals(0x3ff, r(C + 0xc));
    }

    @Test
    void softwareGeneratedInterruptsCarryTheirSourceAndHonourTheTargetFilter() {
        w(D, 1);
        w(C, 1);
        w(C + 4, 0xff);
        w(D + 0xf00, (1 << 16) | 5);
        assertEquals(0x20, r(D + 0x200));
        assertEquals(0x100, r(D + 0xf24), "SGI 5 pending from CPU 0");
        assertEquals(5, r(C + 0x18));
        assertTrue(irq);
        int ack = r(C + 0xc);
        assertEquals(5, ack);
        w(C + 0x10, ack);
        assertEquals(0xff, r(C + 0x14));
        w(D + 0xf00, (2 << 24) | 7);
        assertEquals(7, r(C + 0xc), "filter 2: to the requesting CPU");
        w(C + 0x10, 7);
        w(D + 0xf00, (1 << 24) | 3);
        assertEquals(0x3ff, r(C + 0xc), "filter 1: to every other CPU, of which there is none");
        w(D + 0xf00, (2 << 16) | 3);
        assertEquals(0x3ff, r(C + 0xc), "to CPU 1, which does not exist");
        w(D + 0xf00, (3 << 24) | 3);
        assertEquals(3, r(C + 0xc), "reserved filter: QEMU sends to every CPU");
        w(C + 0x10, 3);
        w(D + 0xf20, 0x01000000);
        assertEquals(1 << 3, r(D + 0x200), "SPENDSGIR sets SGI 3 pending");
        w(D + 0xf10, 0x01000000);
        assertEquals(0, r(D + 0x200), "CPENDSGIR clears it");
    }

    @Test
    void groupOneInterruptsNeedAckCtlAndGroupZeroOnesCanBeFiqs() {
        w(C + 4, 0xff);
        w(D + 0x88, 1 << 2);
        w8(D + 0x442, 0x10);
        w8(D + 0x443, 0x20);
        w(D + 0x108, (1 << 2) | (1 << 3));
        w(D + 0x208, (1 << 2) | (1 << 3));
        w(D, 1);
        w(C, 1);
        assertEquals(0x3fe, r(C + 0x18), "group 1 is hidden behind 1022 while AckCtl is clear");
        assertTrue(!irq && !fiq, "group 1 is not enabled, and it is the highest priority pending");
        w(D, 3);
        w(C, 3);
        assertEquals(0x3fe, r(C + 0xc));
        assertTrue(irq);
        w(C, 7);
        assertEquals(0x42, r(C + 0x18));
        int a = r(C + 0xc);
        assertEquals(0x42, a);
        assertEquals(0x10, r(C + 0x14));
        w(C + 0x10, a);
        assertEquals(0xff, r(C + 0x14));
        w(D, 2);
        assertEquals(0x43, r(C + 0x18));
        assertFalse(irq, "group 0 is disabled in the distributor, so not signalled");
        assertEquals(0x43, r(C + 0xc), "but still acknowledged, as on QEMU");
        w(C + 0x10, 0x43);
        w(D, 3);
        w(C, 1 | 2 | 8);
        w(D + 0x208, 1 << 3);
        assertTrue(fiq && !irq, "FIQEn: group 0 is signalled as FIQ");
    }

    @Test
    void levelSensitiveInputsStayPendingWhileHighAndEdgeInputsLatch() {
        w(D, 1);
        w(C, 1);
        w(C + 4, 0xff);
        w(D + 0x104, 1 << 2); // SPI 2 = ID 34
        gic.spi(2).set(true);
        assertTrue(irq);
        assertEquals(34, r(C + 0xc));
        assertFalse(irq, "active now");
        w(C + 0x10, 34);
        assertTrue(irq, "still high, so pending again");
        gic.spi(2).set(false);
        assertFalse(irq);
        assertEquals(0, r(D + 0x204));

        w(D + 0xc08, 2 << 4); // ID 34 edge-triggered
        gic.spi(2).set(true);
        gic.spi(2).set(false);
        assertTrue(irq, "the rising edge latched it");
        assertEquals(34, r(C + 0xc));
        w(C + 0x10, 34);
        assertFalse(irq);
    }

    @Test
    void binaryPointGroupsPrioritiesForPreemption() {
        w(D, 1);
        w(C, 1);
        w(C + 4, 0xff);
        w(C + 8, 3); // group priority is bits [7:4]
        w8(D + 0x444, 0x48);
        w8(D + 0x445, 0x40);
        w(D + 0x108, (1 << 4) | (1 << 5));
        w(D + 0x208, 1 << 4);
        assertEquals(0x44, r(C + 0xc));
        assertEquals(0x40, r(C + 0x14), "running priority is the group priority");
        w(D + 0x208, 1 << 5);
        assertEquals(0x45, r(C + 0x18));
        assertEquals(0x3ff, r(C + 0xc), "0x40 is not above group priority 0x40");
        w(C + 8, 0);
        assertEquals(0x3ff, r(C + 0xc), "the running priority was fixed when 68 was acknowledged");
        w(C + 0x10, 0x44);
        assertEquals(0x45, r(C + 0xc));
    }
}
