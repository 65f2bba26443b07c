package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.emulator.flash.DfuFunction;
import dev.hilfarm.emulator.flash.StorageRegion;
import dev.hilfarm.emulator.usb.EmulatedUsbPort;
import dev.hilfarm.emulator.usb.UsbFunction;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hilfarm's DFU client against the emulated DFU function, through the in-process USB port. */
class DfuClientTest {
    private static final UsbId ID = new UsbId(0x1f3a, 0x1010);
    private static final int SMALL = 2 << 20;
    private static final int LARGE = 9 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;
    private final EmulatedUsbPort port = new EmulatedUsbPort();
    private final List<Long> pauses = new ArrayList<>();
    private Path storage;

    private DfuClient board(boolean tolerant) throws IOException {
        storage = tmp.resolve("storage.img");
        byte[] fill = new byte[SMALL + LARGE];
        Arrays.fill(fill, (byte) 0xee);
        Files.write(storage, fill);
        new DfuFunction(port, ID, List.of(new StorageRegion("u-boot", storage, 0, SMALL),
                new StorageRegion("rootfs", storage, SMALL, LARGE)), 4096, tolerant).attach(false);
        return new DfuClient(port, ID, TIMEOUT, pauses::add);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 4095, 4096, 4097, 1 << 20})
    void downloadsOfEverySizeAtTheBlockBoundariesLandAndReadBack(int size) throws IOException {
        DfuClient dfu = board(true);
        byte[] image = random(size);
        List<Long> progress = new ArrayList<>();
        dfu.download("u-boot", image, progress::add);
        byte[] stored = Files.readAllBytes(storage);
        assertArrayEquals(image, Arrays.copyOf(stored, size));
        assertEquals((byte) 0xee, stored[size], "nothing written past the image");
        assertEquals((long) size, progress.get(progress.size() - 1));
        assertEquals((size + 4095) / 4096, progress.size(), "one progress report per wTransferSize block");
        assertTrue(pauses.contains(5L), "bwPollTimeout honoured: " + pauses);
        assertArrayEquals(image, dfu.upload("u-boot", size), "upload reads back what was flashed");
    }

    @Test
    void eightMegabytesToTheSecondTarget() throws IOException {
        DfuClient dfu = board(true);
        byte[] image = random(8 << 20);
        dfu.download("rootfs", image, n -> { });
        assertArrayEquals(image, Arrays.copyOfRange(Files.readAllBytes(storage), SMALL, SMALL + image.length));
    }

    @Test
    void aDeviceThatResetsDuringManifestationHasFinished() throws IOException {
        DfuClient dfu = board(false);
        byte[] image = random(10_000);
        dfu.download("u-boot", image, n -> { });
        assertArrayEquals(image, Arrays.copyOf(Files.readAllBytes(storage), image.length));
        assertTrue(port.devices().get(0).find(0xfe, 1, 1).isPresent(), "back in run-time mode after its reset");
        dfu.download("u-boot", image, n -> { }); // and it can be flashed again
    }

    @Test
    void tooLargeAnImageIsRefusedWithTheDeviceStatusAndWhatArrivedStays() throws IOException {
        DfuClient dfu = board(true);
        byte[] image = random(SMALL + 4096);
        DfuFailure e = assertThrows(DfuFailure.class, () -> dfu.download("u-boot", image, n -> { }));
        assertTrue(e.getMessage().endsWith("the device refused DNLOAD block 512: errADDRESS"), e.getMessage());
        assertArrayEquals(Arrays.copyOf(image, SMALL), Arrays.copyOf(Files.readAllBytes(storage), SMALL), "partial result kept");
        byte[] fits = random(5000);
        dfu.download("u-boot", fits, n -> { }); // the error was cleared
        assertArrayEquals(fits, Arrays.copyOf(Files.readAllBytes(storage), fits.length));
    }

    @Test
    void aDeviceUnpluggedMidDownloadIsAnInterruptionNotASuccess() throws IOException {
        DfuClient dfu = board(true);
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> dfu.download("u-boot", random(40_000), n -> {
            if (n == 3 * 4096) {
                port.detach();
            }
        }));
        assertTrue(e.getMessage().contains("after 12288 of 40000 bytes: the flash is incomplete"), e.getMessage());
    }

    @Test
    void anUnknownTargetListsTheKnownOnes() throws IOException {
        DfuClient dfu = board(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dfu.download("kernel", new byte[10], n -> { }));
        assertEquals("dfu: device 1f3a:1010 has no target 'kernel' (it has: u-boot, rootfs)", e.getMessage());
    }

    @Test
    void aDeviceThatNeverComesBackAfterDetachTimesOut() {
        port.attach(new UsbFunction() {
            @Override
            public UsbDeviceInfo info() {
                return new UsbDeviceInfo(ID, "X", List.of(new UsbInterface(0, 0, 0xfe, 1, 1, List.of(), "DFU", List.of())));
            }

            @Override
            public int control(int requestType, int request, int value, int index, byte[] data, int length) throws UsbException {
                return 0; // accepts DETACH and stays as it is
            }
        });
        DfuClient dfu = new DfuClient(port, ID, Duration.ofMillis(300), ms -> { });
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> dfu.download("u-boot", new byte[10], n -> { }));
        assertTrue(e.getMessage().contains("did not come back in DFU mode"), e.getMessage());
    }

    @Test
    void noDeviceIsNamed() {
        DfuClient dfu = new DfuClient(port, ID, TIMEOUT, ms -> { });
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> dfu.download("u-boot", new byte[10], n -> { }));
        assertEquals("dfu: no device 1f3a:1010 on the bus", e.getMessage());
    }
}
