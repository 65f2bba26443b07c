package dev.hilfarm.emulator.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.memory.MmioDevice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicalBusTest {
    /** Records accesses; reads answer the offset plus a marker. */
    static final class RecordingDevice implements MmioDevice {
        final List<String> log = new ArrayList<>();
        final int size;
        int resets;

        RecordingDevice(int size) {
            this.size = size;
        }

        @Override
        public int windowSize() {
            return size;
        }

        @Override
        public int read(int offset, int size) {
            log.add("r" + size + "@" + Integer.toHexString(offset));
            return 0xabcd0000 | offset;
        }

        @Override
        public void write(int offset, int size, int value) {
            log.add("w" + size + "@" + Integer.toHexString(offset) + "=" + Integer.toHexString(value));
        }

        @Override
        public void reset() {
            resets++;
        }
    }

    @Test
    void unmappedAddressesReadZeroAndIgnoreWrites() {
        PhysicalBus bus = new PhysicalBus();
        bus.mapRam("RAM", 0x60000000, 1L << 20);
        bus.write32(0x20000000, 0x12345678);
        bus.write8(0xfffffffc, 1);
        assertEquals(0, bus.read32(0x20000000));
        assertEquals(0, bus.read16(0xfffffffe));
        assertEquals(0, bus.read8(0x60100000), "just past the RAM");
        assertEquals("unmapped space", bus.describe(0x20000000));
    }

    @Test
    void ramIsLittleEndianAndAllocatedPageByPageOnFirstWrite() {
        PhysicalBus bus = new PhysicalBus();
        MemoryRegion ram = bus.mapRam("RAM", 0x60000000, 1L << 30);
        assertEquals(0, ram.allocatedPages());
        assertEquals(0, bus.read32(0x6abcdef0), "untouched memory reads zero without being allocated");
        assertEquals(0, ram.allocatedPages());

        bus.write32(0x60000000, 0x11223344);
        bus.write16(0x60000004, 0xbeef);
        bus.write8(0x6fffffff, 0x7f);
        assertEquals(2, ram.allocatedPages());
        assertEquals(0x44, bus.read8(0x60000000));
        assertEquals(0x1122, bus.read16(0x60000002));
        assertEquals(0xbeef, bus.read16(0x60000004));
        assertEquals(0x0000beef, bus.read32(0x60000004));
        assertEquals(0x7f000000, bus.read32(0x6ffffffc));
        bus.write16(0x60000006, 0x8001);
        assertEquals(0x8001, bus.read16(0x60000006), "16-bit reads are zero-extended");
        assertEquals(0x80, bus.read8(0x60000007), "8-bit reads are zero-extended");
    }

    @Test
    void anAliasSharesTheRegionsBytesEitherWay() {
        PhysicalBus bus = new PhysicalBus();
        MemoryRegion ram = bus.mapRam("RAM", 0x60000000, 128L << 20);
        bus.mapAlias(ram, 0x00000000, 64L << 20, 0);
        bus.write32(0x00000100, 0xcafef00d);
        assertEquals(0xcafef00d, bus.read32(0x60000100));
        bus.write32(0x63fffffc, 0x01020304);
        assertEquals(0x01020304, bus.read32(0x03fffffc));
        assertEquals(0, bus.read32(0x04000000), "the alias covers only 64 MiB");
        assertSame(ram, bus.memoryAt(0x0));
        assertEquals(2, ram.allocatedPages(), "one page written through the alias, one directly");
    }

    @Test
    void romReadsWhatLoadersPutThereAndIgnoresTheGuestsWrites() {
        PhysicalBus bus = new PhysicalBus();
        MemoryRegion flash = bus.mapRom("flash", 0x40000000, 64L << 20);
        bus.mapAlias(flash, 0x0, 64L << 20, 0);
        assertEquals(0, bus.read32(0x0));
        bus.write32(0x0, 0xdeadbeef);
        assertEquals(0, bus.read32(0x0), "a guest write to flash changes nothing");
        bus.load(0x40000010, new byte[] {1, 2, 3, 4}, 0, 4);
        assertEquals(0x04030201, bus.read32(0x10), "the alias shows what was loaded");
        assertNull(bus.pageForWrite(0x40000000), "no direct writes to ROM");
        assertNotNull(bus.pageForRead(0x40000000));
    }

    @Test
    void devicesGetOffsetsWithinTheirWindowAndNarrowAccessesAreMasked() {
        PhysicalBus bus = new PhysicalBus();
        RecordingDevice uart = new RecordingDevice(0x1000);
        RecordingDevice small = new RecordingDevice(0x100);
        bus.mapDevice("uart", 0x10009000, uart);
        bus.mapDevice("small", 0x1000a000, small);
        assertEquals(0xabcd0018, bus.read32(0x10009018));
        assertEquals(0x18, bus.read8(0x10009018), "a byte read returns the low byte the device answers");
        bus.write8(0x10009000, 0x141);
        assertEquals(List.of("r4@18", "r1@18", "w1@0=41"), uart.log);
        assertEquals(0xabcd0010, bus.read32(0x1000a010));
        assertEquals(0, bus.read32(0x1000a100), "past the end of a window smaller than 4 KiB");
        assertEquals(1, small.log.size());
        assertSame(uart, bus.deviceAt(0x10009ffc).device());
        assertEquals("small", bus.describe(0x1000a0f0));
    }

    @Test
    void resetDevicesResetsEachDeviceOnce() {
        PhysicalBus bus = new PhysicalBus();
        RecordingDevice d = new RecordingDevice(0x2000);
        bus.mapDevice("two pages", 0x1e000000, d);
        bus.resetDevices();
        assertEquals(1, d.resets);
    }

    @Test
    void overlappingOrMisalignedMappingsAreRefused() {
        PhysicalBus bus = new PhysicalBus();
        bus.mapRam("RAM", 0x60000000, 16L << 20);
        bus.mapDevice("uart", 0x10009000, new RecordingDevice(0x1000));
        assertThrows(IllegalArgumentException.class, () -> bus.mapRam("more", 0x60f00000, 2L << 20));
        assertThrows(IllegalArgumentException.class, () -> bus.mapRam("odd", 0x70080000, 1L << 20));
        assertThrows(IllegalArgumentException.class, () -> bus.mapRam("odd size", 0x70000000, 12345));
        assertThrows(IllegalArgumentException.class, () -> bus.mapDevice("same", 0x10009000, new RecordingDevice(0x1000)));
        assertThrows(IllegalArgumentException.class, () -> bus.mapDevice("in RAM", 0x60001000, new RecordingDevice(0x1000)));
        assertThrows(IllegalArgumentException.class, () -> bus.mapDevice("unaligned", 0x10010800, new RecordingDevice(0x100)));
        assertThrows(IllegalArgumentException.class, () -> bus.mapRam("over a device", 0x10000000, 1L << 20));
    }

    @Test
    void loadingOutsideMemoryNamesWhatIsThere() {
        PhysicalBus bus = new PhysicalBus();
        bus.mapRam("RAM", 0x60000000, 1L << 20);
        bus.mapDevice("uart", 0x600ff000 + 0x1000, new RecordingDevice(0x1000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.load(0x600ffff0, new byte[0x20], 0, 0x20));
        assertTrue(e.getMessage().contains("0x60100000") && e.getMessage().contains("uart"), e.getMessage());
        byte[] data = {9, 8, 7, 6, 5};
        bus.load(0x600ffffc, data, 1, 4);
        assertEquals(0x05060708, bus.read32(0x600ffffc));
        bus.zero(0x600ffffd, 2);
        assertEquals(0x05000008, bus.read32(0x600ffffc));
        assertTrue(bus.isMemory(0x60000000, 1L << 20));
        assertTrue(!bus.isMemory(0x60000000, (1L << 20) + 1));
    }

    @Test
    void pagesSpanningAMegabyteBoundaryLoadAcrossIt() {
        PhysicalBus bus = new PhysicalBus();
        bus.mapRam("RAM", 0x60000000, 4L << 20);
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        bus.load(0x60080000, data, 0, data.length);
        byte[] back = new byte[data.length];
        for (int i = 0; i < back.length; i++) {
            back[i] = (byte) bus.read8(0x60080000 + i);
        }
        assertArrayEquals(data, back);
    }
}
