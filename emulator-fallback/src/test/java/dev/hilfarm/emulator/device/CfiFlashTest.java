package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vexpress NOR flash through the machine's bus, as U-Boot's CFI driver talks to it. */
class CfiFlashTest {
    private static final int FLASH0 = 0x40000000;
    private static final int FLASH1 = 0x44000000;

    @TempDir
    Path dir;

    private Path image(String name) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(CfiFlash.VEXPRESS_SIZE);
            f.seek(0);
            f.write(new byte[] {0x11, 0x22, 0x33, 0x44});
        }
        return file;
    }

    private static VexpressA9Machine machine(Path... flashes) {
        return VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"),
                MachineOptions.defaults().withFlashImages(List.of(flashes)));
    }

    @Test
    void answersIdAndCfiQueriesInBothDeviceLanes() throws IOException {
        PhysicalBus bus = machine(image("f0.img")).bus();
        assertEquals(0x44332211, bus.read32(FLASH0), "array mode shows the file");
        assertEquals(0x44332211, bus.read32(0), "and so does the alias at 0");
        bus.write32(FLASH0, CfiFlash.CMD_READ_ID * 0x10001);
        assertEquals(0x00890089, bus.read32(FLASH0));
        assertEquals(0x00180018, bus.read32(FLASH0 + 4));
        assertEquals(0x00890089, bus.read32(0), "the alias is the same device");
        bus.write32(FLASH0, 0x00ff00ff);
        bus.write32(FLASH0 + 0x55 * 4, 0x00980098);
        assertEquals(0x00510051, bus.read32(FLASH0 + 0x10 * 4), "Q");
        assertEquals(0x00520052, bus.read32(FLASH0 + 0x11 * 4), "R");
        assertEquals(0x00590059, bus.read32(FLASH0 + 0x12 * 4), "Y");
        assertEquals(25, bus.read32(FLASH0 + 0x27 * 4) & 0xffff, "32 MiB per device");
        assertEquals(0xff, bus.read32(FLASH0 + 0x2d * 4) & 0xffff, "256 blocks");
        assertEquals(0x02, bus.read32(FLASH0 + 0x30 * 4) & 0xffff, "128 KiB per device: 256 KiB per bank");
        bus.write32(FLASH0, 0x00ff00ff);
        assertEquals(0x44332211, bus.read32(FLASH0));
    }

    @Test
    void eraseAndProgramPersistAcrossAMachineOnTheSameFile() throws IOException {
        Path f0 = image("f0.img");
        Path f1 = image("f1.img");
        VexpressA9Machine m = machine(f0, f1);
        PhysicalBus bus = m.bus();
        int sector = FLASH1 + 3 * CfiFlash.VEXPRESS_SECTOR;
        bus.write32(sector, 0x00600060);
        bus.write32(sector, 0x00d000d0); // unlock
        bus.write32(sector, 0x00200020);
        bus.write32(sector, 0x00d000d0);
        assertEquals(0x00800080, bus.read32(sector), "status: ready");
        bus.write32(sector, 0x00ff00ff);
        assertEquals(0xffffffff, bus.read32(sector + 0x100), "erased");
        bus.write32(sector + 8, 0x00400040);
        bus.write32(sector + 8, 0xcafef00d);
        assertEquals(0x00800080, bus.read32(sector), "status after a program");
        // Buffered write of four words (count - 1 = 3 per device).
        bus.write32(sector + 0x40, 0x00e800e8);
        assertEquals(0x00800080, bus.read32(sector + 0x40), "buffer available");
        bus.write32(sector + 0x40, 0x00030003);
        for (int i = 0; i < 4; i++) {
            bus.write32(sector + 0x40 + 4 * i, 0x01020304 * (i + 1));
        }
        bus.write32(sector + 0x40, 0x00d000d0);
        bus.write32(sector, 0x00500050);
        bus.write32(sector, 0x00ff00ff);
        assertEquals(0xcafef00d, bus.read32(sector + 8));
        assertEquals(0x01020304 * 4, bus.read32(sector + 0x4c));

        byte[] disk = Files.readAllBytes(f1);
        int at = 3 * CfiFlash.VEXPRESS_SECTOR;
        assertEquals(0x0d, disk[at + 8] & 0xff, "written through to the file");
        assertEquals(0xff, disk[at + 0x100] & 0xff);
        assertEquals(0x11, Files.readAllBytes(f0)[0], "flash 0 untouched");

        PhysicalBus again = machine(f0, f1).bus();
        assertEquals(0xcafef00d, again.read32(sector + 8), "a new machine on the same file sees the program");
        assertEquals(0xffffffff, again.read32(sector + 0x200));
        assertEquals(0x01020304 * 3, again.read32(sector + 0x48));
    }

    @Test
    void aMachineResetReturnsToArrayModeAndWrongSizesAreRefused() throws IOException {
        VexpressA9Machine m = machine(image("f0.img"));
        m.bus().write32(FLASH0, 0x00900090);
        m.reset();
        assertEquals(0x44332211, m.bus().read32(FLASH0));
        Path small = dir.resolve("small.img");
        Files.write(small, new byte[4096]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> machine(small));
        assertTrue(e.getMessage().contains(small.toString()) && e.getMessage().contains("67108864"), e.getMessage());
        Path missing = dir.resolve("none.img");
        e = assertThrows(IllegalArgumentException.class, () -> machine(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void withoutAFileTheFlashWorksButStartsZeroed() {
        PhysicalBus bus = machine().bus();
        assertEquals(0, bus.read32(FLASH1));
        bus.write32(FLASH1, 0x00400040);
        bus.write32(FLASH1, 0x12345678);
        bus.write32(FLASH1, 0x00ff00ff);
        assertEquals(0x12345678, bus.read32(FLASH1));
    }
}
