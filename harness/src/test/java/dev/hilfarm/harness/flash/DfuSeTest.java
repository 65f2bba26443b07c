package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.usb.DfuSeLayout;
import dev.hilfarm.emulator.flash.DfuFunction;
import dev.hilfarm.emulator.flash.StorageRegion;
import dev.hilfarm.emulator.usb.EmulatedUsbPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DfuSe (ST's DFU extension) between hilfarm's client and the emulated DfuSe device: sector
 * erase before write, the address pointer, reads back, flash rules (no writing unerased flash, no
 * addresses outside the layout, errors cleared for the next operation), DfuSe files and the DFU
 * suffix (checked with dfu-util's dfu-suffix).
 */
class DfuSeTest {
    private static final UsbId ID = new UsbId(0x0483, 0xdf11);
    private static final String LAYOUT = "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg";
    private static final int FLASH = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;
    private final EmulatedUsbPort port = new EmulatedUsbPort();
    private Path storage;

    private DfuClient board() throws IOException {
        storage = tmp.resolve("flash.img");
        byte[] programmed = new byte[FLASH];
        Arrays.fill(programmed, (byte) 0x3c); // old firmware everywhere: nothing is erased yet
        Files.write(storage, programmed);
        DfuFunction.dfuse(port, ID, List.of(new StorageRegion("flash", storage, 0, FLASH)), List.of(LAYOUT), 2048).attach(false);
        return new DfuClient(port, ID, TIMEOUT, ms -> { });
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void theLayoutStringDescribesTheSectors() {
        DfuSeLayout layout = DfuSeLayout.parse(LAYOUT);
        assertEquals("Internal Flash", layout.name());
        assertEquals(12, layout.sectors().size());
        assertEquals(0x08000000L, layout.base());
        assertEquals(1 << 20, layout.size());
        assertEquals(List.of(0x08004000L, 0x08008000L, 0x0800c000L, 0x08010000L),
                layout.sectors(0x08004000L, 0x10000).stream().map(DfuSeLayout.Sector::address).toList());
        assertEquals(List.of(), layout.sectors(0x080ff000L, 0x2000), "past the end");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DfuSeLayout.parse("@Flash/0x08000000/04*016Kg,1x64Kg"));
        assertTrue(bad.getMessage().contains("character 27: sector group '1x64Kg'"), bad.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2047, 2048, 2049, 100_000})
    void aDownloadErasesItsSectorsWritesAtTheAddressAndReadsBack(int size) throws IOException {
        DfuClient dfu = board();
        byte[] image = random(size);
        dfu.dfuseDownload("Internal Flash", 0x08004000L, image, n -> { });
        byte[] flash = Files.readAllBytes(storage);
        assertArrayEquals(image, Arrays.copyOfRange(flash, 0x4000, 0x4000 + size));
        assertEquals((byte) 0x3c, flash[0x3fff], "the sector before is untouched");
        int end = 0x4000 + size;
        long sectorEnd = DfuSeLayout.parse(LAYOUT).sectors(0x08000000L + end - 1, 1).get(0).end() - 0x08000000L;
        if (end < sectorEnd) {
            assertEquals((byte) 0xff, flash[end], "the rest of the last sector is erased");
        }
        assertArrayEquals(image, dfu.dfuseUpload("Internal Flash", 0x08004000L, size));
    }

    @Test
    void flashRulesAreEnforcedAndTheErrorIsClearedForTheNextOperation() throws IOException {
        DfuClient dfu = board();
        DfuFailure outside = assertThrows(DfuFailure.class, () -> dfu.dfuseUpload("Internal Flash", 0x09000000L, 16));
        assertTrue(outside.getMessage().contains("set address 0x09000000: errTARGET"), outside.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> dfu.dfuseDownload("Internal Flash", 0x080ff000L, new byte[0x2000], n -> { }));
        assertTrue(tooBig.getMessage().contains("do not fit Internal Flash"), tooBig.getMessage());
        // The device is usable after the refusal: CLRSTATUS on the next open.
        byte[] image = random(5000);
        dfu.dfuseDownload("Internal Flash", 0x08000000L, image, n -> { });
        assertArrayEquals(image, dfu.dfuseUpload("Internal Flash", 0x08000000L, 5000));
    }

    @Test
    void aDfuSeFileIsWrittenElementByElementAndItsSuffixPassesDfuSuffix() throws IOException {
        DfuClient dfu = board();
        byte[] boot = random(3000);
        byte[] app = random(70_000);
        DfuFile file = DfuFile.dfuse(ID, List.of(new DfuFile.Target(0, "Internal Flash", List.of(
                new DfuFile.Element(0x08000000L, boot), new DfuFile.Element(0x08020000L, app)))));
        Path path = tmp.resolve("firmware.dfu");
        Files.write(path, file.toBytes());
        HostCommand.Result check = HostCommand.of("dfu-suffix", "-c", path.toString()).providedBy("dfu-util")
                .timeout(Duration.ofSeconds(30)).run();
        assertEquals(0, check.exitStatus(), check.stdout() + check.stderr());
        String said = check.stdout() + check.stderr();
        assertTrue(said.contains("BCD DFU:\t0x011A") && said.contains("Vendor ID:\t0x0483") && said.contains("Product ID:\t0xDF11"),
                said);
        // dfu-suffix reads the same CRC hilfarm wrote
        long written = java.nio.ByteBuffer.wrap(Files.readAllBytes(path), (int) Files.size(path) - 4, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        assertTrue(said.contains(String.format("CRC:\t\t0x%08X", written)), said);

        DfuFile read = DfuFile.parse(path.toString(), Files.readAllBytes(path));
        dfu.flash(read, path.toString(), n -> { });
        byte[] flash = Files.readAllBytes(storage);
        assertArrayEquals(boot, Arrays.copyOf(flash, 3000));
        assertArrayEquals(app, Arrays.copyOfRange(flash, 0x20000, 0x20000 + app.length));

        byte[] corrupt = Files.readAllBytes(path);
        corrupt[100] ^= 1;
        IllegalArgumentException crc = assertThrows(IllegalArgumentException.class, () -> DfuFile.parse("bad.dfu", corrupt));
        assertTrue(crc.getMessage().startsWith("bad.dfu: byte offset " + (corrupt.length - 4) + ": DFU suffix CRC"), crc.getMessage());
    }

    /** A suffix dfu-suffix added is read by hilfarm, CRC and IDs included. */
    @Test
    void readsTheSuffixDfuUtilWrites() throws IOException {
        Path raw = tmp.resolve("u-boot.bin");
        byte[] firmware = random(12_345);
        Files.write(raw, firmware);
        HostCommand.Result add = HostCommand.of("dfu-suffix", "-a", raw.toString(), "-v", "1f3a", "-p", "1010", "-d", "0x0200")
                .providedBy("dfu-util").timeout(Duration.ofSeconds(30)).run();
        assertEquals(0, add.exitStatus(), add.stdout() + add.stderr());
        DfuFile file = DfuFile.parse(raw.toString(), Files.readAllBytes(raw));
        assertArrayEquals(firmware, file.firmware());
        assertEquals(new UsbId(0x1f3a, 0x1010), file.id());
        assertEquals(0x0200, file.bcdDevice());
        assertEquals(0x0100, file.bcdDfu(), "dfu-suffix writes bcdDFU 1.0 unless told otherwise");
    }
}
