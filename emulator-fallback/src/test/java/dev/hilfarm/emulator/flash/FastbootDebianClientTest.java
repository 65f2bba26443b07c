package dev.hilfarm.emulator.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulated fastboot device as Debian's own {@code fastboot} client (29.0.6) sees it over TCP:
 * what it prints, what it leaves in the partitions, and how it reports the device's refusals.
 */
@Tag("fastboot")
class FastbootDebianClientTest {
    private static final int PARTITION = 1 << 20;

    @TempDir
    Path tmp;
    private Path storage;
    private FastbootTcpServer server;
    private final List<String> reboots = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        storage = tmp.resolve("sd.img");
        byte[] pattern = new byte[3 * PARTITION];
        Arrays.fill(pattern, (byte) 0xa5);
        Files.write(storage, pattern);
        List<StorageRegion> partitions = List.of(
                new StorageRegion("boot", storage, PARTITION, PARTITION),
                new StorageRegion("rootfs", storage, 2L * PARTITION, PARTITION));
        FastbootDevice device = new FastbootDevice("vexpress-a9", "HIL0001", 8 << 20, partitions, new FastbootDevice.Listener() {
            @Override
            public void reboot(boolean toBootloader) {
                reboots.add(toBootloader ? "bootloader" : "system");
            }
        });
        server = FastbootTcpServer.start(device, 0, message -> { });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private HostCommand.Result fastboot(String... args) {
        List<String> command = new ArrayList<>(List.of("fastboot", "-s", "tcp:127.0.0.1:" + server.port()));
        command.addAll(List.of(args));
        return HostCommand.of(command.toArray(String[]::new)).providedBy("fastboot").timeout(Duration.ofSeconds(60)).run();
    }

    @Test
    void getvarAnswersAsABootloaderDoes() {
        HostCommand.Result product = fastboot("getvar", "product");
        assertEquals(0, product.exitStatus(), product.stderr());
        assertTrue(product.stderr().contains("product: vexpress-a9"), product.stderr());
        HostCommand.Result size = fastboot("getvar", "partition-size:boot");
        assertTrue(size.stderr().contains("partition-size:boot: 0x0000000000100000"), size.stderr());
        HostCommand.Result missing = fastboot("getvar", "no-such-variable");
        assertTrue(missing.stderr().contains("GetVar: variable no-such-variable not found"), missing.stderr());
    }

    @Test
    void flashWritesThePartitionAndNothingElse() throws IOException {
        byte[] image = new byte[300_000];
        new Random(7).nextBytes(image);
        Path file = tmp.resolve("boot.img");
        Files.write(file, image);
        HostCommand.Result flash = fastboot("flash", "boot", file.toString());
        assertEquals(0, flash.exitStatus(), flash.stdout() + flash.stderr());
        assertTrue(flash.stderr().contains("Writing 'boot'") && flash.stderr().contains("OKAY"), flash.stderr());
        byte[] after = Files.readAllBytes(storage);
        assertArrayEquals(image, Arrays.copyOfRange(after, PARTITION, PARTITION + image.length));
        assertEquals((byte) 0xa5, after[PARTITION - 1], "the byte before the partition is untouched");
        assertEquals((byte) 0xa5, after[PARTITION + image.length], "the rest of the partition is untouched");
        assertEquals((byte) 0xa5, after[2 * PARTITION], "the next partition is untouched");
    }

    @Test
    void eraseZeroesThePartition() throws IOException {
        HostCommand.Result erase = fastboot("erase", "rootfs");
        assertEquals(0, erase.exitStatus(), erase.stderr());
        byte[] after = Files.readAllBytes(storage);
        for (int i = 2 * PARTITION; i < 3 * PARTITION; i++) {
            assertEquals(0, after[i], "byte " + i);
        }
        assertEquals((byte) 0xa5, after[2 * PARTITION - 1]);
    }

    @Test
    void refusalsReachTheUserAsFailures() throws IOException {
        Path big = tmp.resolve("big.img");
        Files.write(big, new byte[PARTITION + 1]);
        HostCommand.Result tooBig = fastboot("flash", "boot", big.toString());
        assertNotEquals(0, tooBig.exitStatus());
        assertTrue(tooBig.stderr().contains("does not fit partition boot"), tooBig.stderr());
        HostCommand.Result unknown = fastboot("erase", "userdata");
        assertNotEquals(0, unknown.exitStatus());
        assertTrue(unknown.stderr().contains("partition userdata does not exist"), unknown.stderr());
    }

    @Test
    void oemAndReboot() {
        HostCommand.Result oem = fastboot("oem", "echo", "hello");
        assertEquals(0, oem.exitStatus(), oem.stderr());
        assertTrue(oem.stderr().contains("(bootloader) hello"), oem.stderr());
        assertEquals(0, fastboot("reboot-bootloader").exitStatus());
        assertEquals(0, fastboot("reboot").exitStatus());
        assertEquals(List.of("bootloader", "system"), reboots);
    }
}
