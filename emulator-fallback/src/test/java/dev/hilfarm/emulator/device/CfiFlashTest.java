package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vexpress-a9 NOR flash as a guest driver (U-Boot's CFI driver, Linux's physmap) talks to it:
 * 32-bit accesses to a bank of two 16-bit devices, every answer replicated in both halves.
 */
class CfiFlashTest {
    private static final int FLASH0 = 0x40000000;
    private static final int FLASH1 = 0x44000000;
    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;

    private static VexpressA9Machine machine(List<Path> files) {
        return VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"), MachineOptions.defaults().withPflash(files));
    }

    private Path image(String name) throws Exception {
        Path file = tmp.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        return file;
    }

    @Test
    void cfiQueryAndIdentifiersAnswerAsQemusPflash() {
        PhysicalBus bus = machine(List.of()).bus();
        bus.write32(FLASH0 + 0x55 * 4, 0x00980098);
        assertEquals(0x00510051, bus.read32(FLASH0 + 0x10 * 4), "Q");
        assertEquals(0x00520052, bus.read32(FLASH0 + 0x11 * 4), "R");
        assertEquals(0x00590059, bus.read32(FLASH0 + 0x12 * 4), "Y");
        assertEquals(0x00010001, bus.read32(FLASH0 + 0x13 * 4), "Intel command set");
        assertEquals(0x00190019, bus.read32(FLASH0 + 0x27 * 4), "2^25: 32 MiB per device");
        assertEquals(0x00ff00ff, bus.read32(FLASH0 + 0x2d * 4), "256 blocks");
        assertEquals(0x00020002, bus.read32(FLASH0 + 0x30 * 4), "128 KiB per block per device");
        bus.write32(FLASH0, 0x00ff00ff);
        bus.write32(FLASH0, 0x00900090);
        assertEquals(0x00890089, bus.read32(FLASH0), "manufacturer");
        assertEquals(0x00180018, bus.read32(FLASH0 + 4), "device");
        bus.write32(FLASH0, 0x00ff00ff);
        assertEquals(0, bus.read32(FLASH0), "read array again: a flash without a file reads zero, as QEMU's");
    }

    @Test
    void programEraseAndBufferedWritePersistInTheFile() throws Exception {
        Path f0 = image("flash0.img");
        Path f1 = image("flash1.img");
        VexpressA9Machine m = machine(List.of(f0, f1));
        PhysicalBus bus = m.bus();
        // Block erase of flash 1's last sector, then a word program and a buffered write of 4 words.
        int sector = FLASH1 + (int) SIZE - 256 * 1024;
        bus.write32(sector, 0x00200020);
        bus.write32(sector, 0x00d000d0);
        assertEquals(0x00800080, bus.read32(sector), "status: ready");
        bus.write32(sector, 0x00ff00ff);
        assertEquals(0xffffffff, bus.read32(sector + 1000), "erased");
        bus.write32(sector, 0x00400040);
        bus.write32(sector, 0xcafef00d);
        bus.write32(sector, 0x00ff00ff);
        assertEquals(0xcafef00d, bus.read32(sector));
        bus.write32(sector + 16, 0x00e800e8);
        bus.write32(sector + 16, 0x00030003);
        for (int i = 0; i < 4; i++) {
            bus.write32(sector + 16 + 4 * i, 0x11111111 * (i + 1));
        }
        bus.write32(sector + 16, 0x00d000d0);
        bus.write32(sector, 0x00ff00ff);
        assertEquals(0x44444444, bus.read32(sector + 28));
        // A new machine on the same files sees it all: the writes went through to the file.
        PhysicalBus again = machine(List.of(f0, f1)).bus();
        assertEquals(0xcafef00d, again.read32(sector));
        assertEquals(0x22222222, again.read32(sector + 20));
        assertEquals(0xffffffff, again.read32(sector + 1000));
        assertEquals(0, again.read32(sector - 4), "the sector before was not erased");
        byte[] file = Files.readAllBytes(f1);
        assertEquals((byte) 0x0d, file[(int) SIZE - 256 * 1024]);
    }

    @Test
    void flashZeroIsAlsoAtAddressZero() throws Exception {
        Path f0 = image("flash0.img");
        VexpressA9Machine m = machine(List.of(f0));
        m.bus().write32(FLASH0 + 0x100, 0x00400040);
        m.bus().write32(FLASH0 + 0x100, 0xe1a00000);
        m.bus().write32(0, 0x00ff00ff);
        assertEquals(0xe1a00000, m.bus().read32(0x100), "the alias shows the programmed word");
        m.bus().write32(0, 0x00700070);
        assertEquals(0x00800080, m.bus().read32(FLASH0), "and a command through the alias reaches the same chip");
    }

    @Test
    void aFlashImageOfTheWrongSizeIsNamed() throws Exception {
        Path small = Files.write(tmp.resolve("small.img"), new byte[4096]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> machine(List.of(small)));
        assertTrue(e.getMessage().startsWith("flash image " + small + " is 4096 bytes; NOR flash 0 needs exactly 67108864 bytes"),
                e.getMessage());
    }
}
