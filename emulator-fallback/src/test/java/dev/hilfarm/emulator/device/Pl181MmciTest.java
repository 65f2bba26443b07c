package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PL181 with an SD card, driven through its registers as U-Boot's and Linux's drivers do. */
class Pl181MmciTest {
    private static final int RESP = Pl181Mmci.CMD_RESPONSE;
    private static final int LONG = Pl181Mmci.CMD_RESPONSE | Pl181Mmci.CMD_LONGRESP;

    @TempDir
    Path dir;

    private boolean irq0;
    private Pl181Mmci mmci;

    private Path image(long size) throws IOException {
        Path file = dir.resolve("sd.img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            byte[] block = new byte[512];
            for (int i = 0; i < 512; i++) {
                block[i] = (byte) (i * 7 + 3);
            }
            f.seek(512 * 5);
            f.write(block);
        }
        return file;
    }

    private int cmd(int index, int argument, int flags) {
        mmci.write(Pl181Mmci.MCI_CLEAR, 4, 0x7ff);
        mmci.write(Pl181Mmci.MCI_ARGUMENT, 4, argument);
        mmci.write(Pl181Mmci.MCI_COMMAND, 4, index | flags | Pl181Mmci.CMD_ENABLE);
        // Only the command flags: with no transfer under way QEMU also reports DATAEND.
        return mmci.read(Pl181Mmci.MCI_STATUS, 4) & 0xff;
    }

    private int response(int i) {
        return mmci.read(Pl181Mmci.MCI_RESPONSE0 + 4 * i, 4);
    }

    /** CMD0, CMD8, ACMD41, CMD2, CMD3, CMD7: returns the RCA. */
    private int initialise() {
        cmd(0, 0, 0);
        assertEquals(Pl181Mmci.STATUS_CMDRESPEND, cmd(8, 0x1aa, RESP));
        assertEquals(0x1aa, response(0));
        cmd(55, 0, RESP);
        cmd(41, 0x00ff8000, RESP);
        assertEquals(0x80ffff00, response(0), "powered up, standard capacity");
        assertEquals(Pl181Mmci.STATUS_CMDRESPEND, cmd(2, 0, LONG));
        assertEquals(0xaa58590e, response(0) & 0xffffff00 | 0x0e, "CID: manufacturer 0xaa, OEM XY");
        cmd(3, 0, RESP);
        int rca = response(0) >>> 16;
        assertEquals(0x4567, rca);
        assertEquals(Pl181Mmci.STATUS_CMDRESPEND, cmd(7, rca << 16, RESP));
        return rca;
    }

    @Test
    void identifiesReadsAndWritesBlocksThatPersist() throws IOException {
        Path file = image(1 << 20);
        mmci = new Pl181Mmci(SdCard.open(file), level -> irq0 = level, level -> { });
        assertEquals(0x81, mmci.read(0xfe0, 4), "PrimeCell part number 0x181");
        int rca = initialise();
        assertEquals(4 << 9, cmd(13, rca << 16, RESP) == Pl181Mmci.STATUS_CMDRESPEND ? response(0) & 0x1e00 : -1,
                "transfer state");
        assertEquals(Pl181Mmci.STATUS_CMDTIMEOUT, cmd(13, 0x1234 << 16, RESP), "another card's address: no response");

        // Read block 5, data path set up first as U-Boot does.
        mmci.write(Pl181Mmci.MCI_MASK0, 4, Pl181Mmci.STATUS_DATAEND);
        mmci.write(Pl181Mmci.MCI_DATALENGTH, 4, 512);
        mmci.write(Pl181Mmci.MCI_DATACTRL, 4, Pl181Mmci.DATA_ENABLE | Pl181Mmci.DATA_DIRECTION_READ | (9 << 4));
        cmd(17, 512 * 5, RESP);
        byte[] got = new byte[512];
        int n = 0;
        while (n < 512) {
            int status = mmci.read(Pl181Mmci.MCI_STATUS, 4);
            assertTrue((status & Pl181Mmci.STATUS_RXDATAAVLBL) != 0, "data available until the block is read");
            int word = mmci.read(Pl181Mmci.MCI_FIFO, 4);
            for (int i = 0; i < 4; i++) {
                got[n++] = (byte) (word >>> (8 * i));
            }
        }
        assertEquals((byte) 3, got[0]);
        assertEquals((byte) (511 * 7 + 3), got[511]);
        int status = mmci.read(Pl181Mmci.MCI_STATUS, 4);
        assertTrue((status & Pl181Mmci.STATUS_DATAEND) != 0);
        assertTrue(irq0, "DATAEND unmasked on MASK0");
        mmci.write(Pl181Mmci.MCI_CLEAR, 4, 0x7ff);
        assertFalse(irq0);

        // Write two blocks at block 2 with CMD25 and stop.
        mmci.write(Pl181Mmci.MCI_DATALENGTH, 4, 1024);
        cmd(25, 512 * 2, RESP);
        mmci.write(Pl181Mmci.MCI_DATACTRL, 4, Pl181Mmci.DATA_ENABLE | (9 << 4));
        for (int w = 0; w < 256; w++) {
            assertTrue((mmci.read(Pl181Mmci.MCI_STATUS, 4) & Pl181Mmci.STATUS_TXFIFOHALFEMPTY) != 0);
            mmci.write(Pl181Mmci.MCI_FIFO, 4, 0x01010101 * (w & 0xff) ^ 0xa5000000);
        }
        assertTrue((mmci.read(Pl181Mmci.MCI_STATUS, 4) & Pl181Mmci.STATUS_DATAEND) != 0);
        assertEquals(0, mmci.read(Pl181Mmci.MCI_DATACNT, 4));
        cmd(12, 0, RESP);
        mmci.card().close();

        byte[] disk = Files.readAllBytes(file);
        assertEquals(0x00, disk[1024] & 0xff);
        assertEquals(0xa5, disk[1024 + 3] & 0xff);
        assertEquals(0xff, disk[1024 + 1020] & 0xff, "word 255");
        assertEquals(0xff ^ 0xa5, disk[1024 + 1023] & 0xff);

        // A new controller and card on the same file read what was written.
        mmci = new Pl181Mmci(SdCard.open(file), level -> { }, level -> { });
        initialise();
        mmci.write(Pl181Mmci.MCI_DATALENGTH, 4, 512);
        mmci.write(Pl181Mmci.MCI_DATACTRL, 4, Pl181Mmci.DATA_ENABLE | Pl181Mmci.DATA_DIRECTION_READ);
        cmd(17, 512 * 3, RESP);
        mmci.read(Pl181Mmci.MCI_STATUS, 4);
        assertEquals(0xa5000000 ^ 0x80808080, mmci.read(Pl181Mmci.MCI_FIFO, 4), "word 128 of the write");
    }

    @Test
    void csdDescribesTheCardAndLargeCardsAreHighCapacity() throws IOException {
        mmci = new Pl181Mmci(SdCard.open(image(1 << 20)), level -> { }, level -> { });
        cmd(0, 0, 0);
        cmd(55, 0, RESP);
        cmd(41, 0x00ff8000, RESP);
        cmd(2, 0, LONG);
        cmd(3, 0, RESP);
        cmd(9, 0x4567 << 16, LONG);
        // C_SIZE = 1 MiB / 256 KiB - 1 = 3, READ_BL_LEN 9, C_SIZE_MULT 7
        assertEquals(0x5f59, response(1) >>> 16, "CCC 0x5f5 and READ_BL_LEN 9");
        assertEquals(0x00, response(0) >>> 24, "CSD version 1");
        SdCard card = SdCard.open(image(1 << 20));
        byte[] r = new byte[16];
        card.command(0, 0, r);
        card.command(55, 0, r);
        card.command(41, 0x00ff8000, r);
        card.command(2, 0, r);
        card.command(3, 0, r);
        assertEquals(16, card.command(9, 0x4567 << 16, r));
        int cSize = ((r[6] & 3) << 10) | ((r[7] & 0xff) << 2) | ((r[8] & 0xff) >> 6);
        assertEquals(3, cSize);
        assertEquals(SdCard.crc7(r, 15), (r[15] & 0xff) >> 1, "CRC7 of the CSD");
        assertFalse(card.highCapacity());
        card.close();
    }

    @Test
    void anEmptySlotTimesOutAndBadImagesAreRefusedNamingTheFile() throws IOException {
        mmci = new Pl181Mmci(null, level -> { }, level -> { });
        assertEquals(Pl181Mmci.STATUS_CMDTIMEOUT, cmd(8, 0x1aa, RESP));
        assertEquals(Pl181Mmci.STATUS_CMDSENT, cmd(0, 0, 0));
        Path odd = dir.resolve("odd.img");
        Files.write(odd, new byte[3000]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SdCard.open(odd));
        assertTrue(e.getMessage().contains(odd.toString()) && e.getMessage().contains("power of two"), e.getMessage());
        Path missing = dir.resolve("missing.img");
        e = assertThrows(IllegalArgumentException.class, () -> SdCard.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void commandsInTheWrongStateAreIllegal() throws IOException {
        mmci = new Pl181Mmci(SdCard.open(image(1 << 20)), level -> { }, level -> { });
        cmd(0, 0, 0);
        assertEquals(Pl181Mmci.STATUS_CMDTIMEOUT, cmd(17, 0, RESP), "no read before selection");
        assertArrayEquals(new int[] {0}, new int[] {mmci.read(Pl181Mmci.MCI_DATACNT, 4)});
    }
}
