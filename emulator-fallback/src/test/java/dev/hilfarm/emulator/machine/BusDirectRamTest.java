package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.memory.Memory;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The RAM fast path of the standard core: TLB hits on RAM use the bus's own arrays, nothing else does. */
class BusDirectRamTest {
    private static final int RAM = 0x60000000;

    private final VexpressA9Machine machine = VexpressA9Machine.create(VexpressA9MachineTest.VEXPRESS, MachineOptions.defaults());
    private final PhysicalBus bus = machine.bus();
    private final Memory memory = machine.cpu().memory;

    @Test
    void ramPagesAreTheBusArraysAndNothingElseIsDirect() {
        BusDirectRam direct = new BusDirectRam(bus);
        int page = RAM + 0x123000;
        byte[] array = direct.array(page);
        assertNotNull(array);
        assertSame(bus.pageForWrite(page), array);
        assertEquals(0x23000, direct.offset(page));
        assertTrue(direct.array(machine.layout().flash0()) == null, "ROM goes through the bus, which ignores writes");
        assertTrue(direct.array(machine.layout().uarts().get(0)) == null, "device registers go through the bus");
        int unmapped = 0xf0000000;
        assertTrue(bus.memoryAt(unmapped) == null && bus.deviceAt(unmapped) == null, "test premise: nothing at 0xf0000000");
        assertTrue(direct.array(unmapped) == null, "unmapped space");
    }

    @Test
    void cpuWritesAndBusWritesSeeEachOtherOnRam() {
        int a = RAM + 0x200010;
        assertEquals(0, memory.read32(a), "an untouched page reads as zero");
        bus.write32(a, 0x11223344); // after the TLB entry (and its array) exists
        assertEquals(0x11223344, memory.read32(a));
        memory.write16(a + 4, 0xbeef);
        memory.write8(a + 6, 0x5a);
        assertEquals(0x5abeef, bus.read32(a + 4));
        assertEquals(0x3344, memory.read16(a));
        assertEquals(0x22, memory.read8(a + 2));
    }

    @Test
    void loadedImagesAreVisibleThroughTheFastPath() {
        byte[] code = {1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(0, memory.read32(RAM + 0x300000));
        bus.load(RAM + 0x300000, code, 0, code.length);
        assertEquals(0x04030201, memory.fetch32(RAM + 0x300000));
        assertEquals(0x08070605, memory.read32(RAM + 0x300004));
        byte[] back = new byte[8];
        System.arraycopy(bus.pageForRead(RAM + 0x300000), 0, back, 0, 8);
        assertArrayEquals(code, back);
    }

    @Test
    void romIgnoresWritesAndDevicesStillSeeAccesses() {
        int flash = machine.layout().flash0();
        bus.load(flash, new byte[] {0x78, 0x56, 0x34, 0x12}, 0, 4);
        memory.write32(flash, 0xdeadbeef);
        assertEquals(0x12345678, memory.read32(flash));

        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        machine.uart(0).output(sent::write);
        memory.write8(machine.layout().uarts().get(0), 'x');
        memory.write8(machine.layout().uarts().get(0), 'y');
        assertEquals("xy", sent.toString());
    }
}
