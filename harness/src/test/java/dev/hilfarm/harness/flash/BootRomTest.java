package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.emulator.flash.FelBootRom;
import dev.hilfarm.emulator.flash.ImxSdpBootRom;
import dev.hilfarm.emulator.flash.OmapBootRom;
import dev.hilfarm.emulator.flash.RomMemory;
import dev.hilfarm.emulator.usb.EmulatedUsbPort;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SoC boot ROM clients against the emulated ROMs on the in-process USB port. */
class BootRomTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final UsbId DM37X = new UsbId(0x0451, 0xd00e);
    private static final UsbId OMAP4430 = new UsbId(0x0451, 0xd00f);
    private static final UsbId FEL = new UsbId(0x1f3a, 0xefe8);
    private static final UsbId IMX6Q = new UsbId(0x15a2, 0x0054);

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void omap3RomSendsItsAsicIdAndRunsTheImage() {
        EmulatedUsbPort port = new EmulatedUsbPort();
        List<byte[]> booted = new ArrayList<>();
        port.attach(new OmapBootRom(DM37X, 0x3630, false, 64 * 1024, booted::add));
        byte[] mlo = random(45_000);
        OmapPeripheralBoot.AsicId id = OmapPeripheralBoot.load(port, DM37X, false, mlo, TIMEOUT);
        assertEquals(0x3630, id.chip());
        assertTrue(id.generalPurpose());
        assertEquals(69, id.raw().length);
        assertEquals(1, booted.size());
        assertArrayEquals(mlo, booted.get(0));
    }

    @Test
    void omap4RomWaitsToBeAskedForItsAsicId() {
        EmulatedUsbPort port = new EmulatedUsbPort();
        List<byte[]> booted = new ArrayList<>();
        port.attach(new OmapBootRom(OMAP4430, 0x4430, true, 56 * 1024, booted::add));
        // Without the request an OMAP4 says nothing: the OMAP3 sequence times out.
        InfrastructureException silent = assertThrows(InfrastructureException.class,
                () -> OmapPeripheralBoot.load(port, OMAP4430, false, new byte[100], Duration.ofMillis(100)));
        assertTrue(silent.getMessage().contains("nothing to send"), silent.getMessage());
        port.attach(new OmapBootRom(OMAP4430, 0x4430, true, 56 * 1024, booted::add));
        byte[] spl = random(30_000);
        assertEquals(0x4430, OmapPeripheralBoot.load(port, OMAP4430, true, spl, TIMEOUT).chip());
        assertArrayEquals(spl, booted.get(0));
    }

    @Test
    void anImageTooLargeForTheSramIsRefused() {
        EmulatedUsbPort port = new EmulatedUsbPort();
        port.attach(new OmapBootRom(DM37X, 0x3630, false, 64 * 1024, b -> { }));
        BootRomFailure e = assertThrows(BootRomFailure.class,
                () -> OmapPeripheralBoot.load(port, DM37X, false, new byte[64 * 1024 + 1], TIMEOUT));
        assertTrue(e.getMessage().contains("refused an image of 65537 bytes"), e.getMessage());
    }

    @Test
    void aRomThatNeverAppearsIsNamed() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> OmapPeripheralBoot.load(new EmulatedUsbPort(), DM37X, false, new byte[10], Duration.ofMillis(100)));
        assertTrue(e.getMessage().startsWith("OMAP peripheral boot: no boot ROM 0451:d00e appeared"), e.getMessage());
    }

    @Test
    void aTruncatedAsicIdNamesTheOffset() {
        byte[] raw = {5, 0x01, 0x05, 0x01, 0x36, 0x30, 0x07, 0x00, 0x13, 0x02};
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> OmapPeripheralBoot.parse(raw));
        assertEquals("OMAP boot ROM ASIC ID: sub-block 1 at byte offset 8 runs past the 10 bytes received", e.getMessage());
    }

    /** A10 memory as FEL reaches it: SRAM A at 0 (48 KiB) and 1 MiB of DRAM at 0x40000000. */
    private static final class A10Memory implements RomMemory {
        final byte[] sram = new byte[48 * 1024];
        final byte[] dram = new byte[1 << 20];

        private byte[] region(long address, long length) {
            if (address + length <= sram.length) {
                return sram;
            }
            if (address >= 0x40000000L && address + length <= 0x40000000L + dram.length) {
                return dram;
            }
            return null;
        }

        @Override
        public boolean contains(long address, long length) {
            return region(address, length) != null;
        }

        @Override
        public void write(long address, byte[] data, int offset, int length) {
            byte[] r = region(address, length);
            System.arraycopy(data, offset, r, (int) (r == sram ? address : address - 0x40000000L), length);
        }

        @Override
        public void read(long address, byte[] into, int offset, int length) {
            byte[] r = region(address, length);
            System.arraycopy(r, (int) (r == sram ? address : address - 0x40000000L), into, offset, length);
        }
    }

    @Test
    void felVersionWriteReadExec() throws Exception {
        EmulatedUsbPort port = new EmulatedUsbPort();
        A10Memory memory = new A10Memory();
        List<Integer> jumps = new ArrayList<>();
        port.attach(new FelBootRom(FEL, 0x1623, 0x2000, memory, jumps::add));
        try (FelClient fel = FelClient.open(port, FEL, TIMEOUT)) {
            FelClient.Version v = fel.version();
            assertEquals(0x1623, v.socId());
            assertEquals(0x2000, v.scratchpad());
            byte[] spl = random(24 * 1024);
            List<Long> progress = new ArrayList<>();
            fel.write(0x2000, spl, progress::add);
            assertArrayEquals(spl, java.util.Arrays.copyOfRange(memory.sram, 0x2000, 0x2000 + spl.length));
            byte[] uboot = random(300 * 1024);
            fel.write(0x40000000, uboot, progress::add);
            assertEquals(List.of(24L * 1024, 128L * 1024, 256L * 1024, 300L * 1024), progress, "128 KiB pieces");
            assertArrayEquals(uboot, fel.read(0x40000000, uboot.length));
            fel.exec(0x2000);
            assertEquals(List.of(0x2000), jumps);
            assertEquals(0x1623, fel.version().socId(), "the ROM still answers after a full exchange");
        }
    }

    @Test
    void felRefusesAddressesOutsideItsMemory() throws Exception {
        EmulatedUsbPort port = new EmulatedUsbPort();
        port.attach(new FelBootRom(FEL, 0x1623, 0x2000, new A10Memory(), a -> { }));
        try (FelClient fel = FelClient.open(port, FEL, TIMEOUT)) {
            BootRomFailure e = assertThrows(BootRomFailure.class, () -> fel.write(0x01c20000, new byte[16], n -> { }));
            assertTrue(e.getMessage().contains("not memory the ROM reaches"), e.getMessage());
            assertEquals(0x1623, fel.version().socId(), "usable again after a refusal");
        }
    }

    /** A DCD table with one write-data command of two 32-bit register writes. */
    private static byte[] dcd() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 + 16);
        b.put((byte) 0xd2).putShort((short) 24).put((byte) 0x40);
        b.put((byte) 0xcc).putShort((short) 20).put((byte) 0x04);
        b.putInt(0x020c4068).putInt(0xffffffff);
        b.putInt(0x021b0000).putInt(0x84180000);
        return b.array();
    }

    @Test
    void imxSdpRunsTheDcdLoadsTheImageAndJumps() throws Exception {
        EmulatedUsbPort port = new EmulatedUsbPort();
        A10Memory memory = new A10Memory(); // any RAM will do: 1 MiB at 0x40000000
        List<String> registers = new ArrayList<>();
        List<Integer> jumps = new ArrayList<>();
        port.attach(new ImxSdpBootRom(IMX6Q, memory, (a, v, w) -> registers.add(String.format("%08x=%08x/%d", a, v, w)),
                jumps::add));
        try (ImxSdpClient sdp = ImxSdpClient.open(port, IMX6Q, TIMEOUT)) {
            assertEquals(ImxSdpClient.Hab.OPEN, sdp.dcdWrite(0x00910000, dcd()));
            assertEquals(List.of("020c4068=ffffffff/4", "021b0000=84180000/4"), registers);
            byte[] uboot = random(5000);
            List<Long> progress = new ArrayList<>();
            sdp.writeFile(0x40001000, uboot, progress::add);
            assertEquals(List.of(1024L, 2048L, 3072L, 4096L, 5000L), progress, "1 KiB data reports");
            assertArrayEquals(uboot, java.util.Arrays.copyOfRange(memory.dram, 0x1000, 0x1000 + uboot.length));
            sdp.jump(0x40001000);
            assertEquals(List.of(0x40001000), jumps);
        }
    }

    @Test
    void imxSdpRefusesWritesOutsideMemory() throws Exception {
        EmulatedUsbPort port = new EmulatedUsbPort();
        port.attach(new ImxSdpBootRom(IMX6Q, new A10Memory(), (a, v, w) -> { }, a -> { }));
        try (ImxSdpClient sdp = ImxSdpClient.open(port, IMX6Q, TIMEOUT)) {
            BootRomFailure e = assertThrows(BootRomFailure.class, () -> sdp.writeFile(0x10000000, new byte[100], n -> { }));
            assertTrue(e.getMessage().contains("WRITE_FILE of 100 bytes at 0x10000000"), e.getMessage());
        }
    }
}
