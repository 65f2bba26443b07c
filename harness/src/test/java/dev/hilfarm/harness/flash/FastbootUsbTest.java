package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.flash.FastbootUsbLink;
import dev.hilfarm.emulator.flash.FastbootDevice;
import dev.hilfarm.emulator.flash.FastbootUsbFunction;
import dev.hilfarm.emulator.flash.StorageRegion;
import dev.hilfarm.emulator.usb.EmulatedUsbPort;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fastboot over the in-process USB transport: the same client and device as over TCP, on bulk endpoints. */
class FastbootUsbTest {
    private static final UsbId GADGET = new UsbId(0x18d1, 0x4ee0);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void flashThroughTheGadgetWritesThePartition() throws Exception {
        Path storage = tmp.resolve("sd.img");
        Files.write(storage, new byte[4 << 20]);
        EmulatedUsbPort port = new EmulatedUsbPort();
        FastbootDevice device = new FastbootDevice("vexpress-a9", "EMU1", 8 << 20,
                List.of(new StorageRegion("boot", storage, 1 << 20, 2 << 20)), new FastbootDevice.Listener() { });
        try (FastbootUsbFunction gadget = new FastbootUsbFunction(GADGET, "EMU1", device)) {
            port.attach(gadget);
            byte[] image = new byte[1_700_000];
            new Random(3).nextBytes(image);
            try (FastbootClient client = new FastbootClient(FastbootUsbLink.open(port.open(port.devices().get(0)), TIMEOUT))) {
                assertEquals("EMU1", client.getvar("serialno"));
                client.download(image, n -> { });
                client.flash("boot");
                assertArrayEquals(image, client.upload());
            }
            byte[] after = Files.readAllBytes(storage);
            assertArrayEquals(image, java.util.Arrays.copyOfRange(after, 1 << 20, (1 << 20) + image.length));
        }
    }

    @Test
    void aGadgetUnpluggedMidDownloadIsAnInterruption() throws Exception {
        EmulatedUsbPort port = new EmulatedUsbPort();
        FastbootDevice device = new FastbootDevice("vexpress-a9", "EMU2", 8 << 20, List.of(), new FastbootDevice.Listener() { });
        try (FastbootUsbFunction gadget = new FastbootUsbFunction(GADGET, "EMU2", device)) {
            port.attach(gadget);
            FastbootClient client = new FastbootClient(FastbootUsbLink.open(port.open(port.devices().get(0)), TIMEOUT));
            InfrastructureException e = assertThrows(InfrastructureException.class, () -> client.download(new byte[3 << 20], n -> {
                if (n == 1 << 20) {
                    port.detach();
                }
            }));
            assertTrue(e.getMessage().startsWith("fastboot download:00300000: the link broke while sending data"), e.getMessage());
        }
    }

    @Test
    void aGadgetThatDoesNotAnswerTimesOut() throws Exception {
        EmulatedUsbPort port = new EmulatedUsbPort();
        // A device whose gadget thread has stopped: transfers are accepted, nothing comes back.
        FastbootUsbFunction gadget = new FastbootUsbFunction(GADGET, "EMU3",
                new FastbootDevice("x", "EMU3", 1024, List.of(), new FastbootDevice.Listener() { }));
        gadget.close();
        port.attach(gadget);
        FastbootClient client = new FastbootClient(FastbootUsbLink.open(port.open(port.devices().get(0)), Duration.ofMillis(200)));
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> client.getvar("product"));
        assertTrue(e.getMessage().startsWith("fastboot getvar:product: no answer from the device: fastboot gadget: nothing to send"),
                e.getMessage());
    }
}
