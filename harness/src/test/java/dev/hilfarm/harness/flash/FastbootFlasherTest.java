package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.emulator.flash.FastbootDevice;
import dev.hilfarm.emulator.flash.FastbootTcpServer;
import dev.hilfarm.emulator.flash.StorageRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flashing whole image files as hil flash does, against the emulated fastboot device: images
 * larger than max-download-size go as sparse pieces, sparse images are expanded by the device,
 * everything is read back; Debian's fastboot splitting the same image leaves the same partition.
 */
@Tag("fastboot")
class FastbootFlasherTest {
    private static final int PARTITION = 8 << 20;
    private static final int MAX_DOWNLOAD = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private FastbootTcpServer device(Path storage) throws IOException {
        FastbootDevice model = new FastbootDevice("vexpress-a9", storage.getFileName().toString(), MAX_DOWNLOAD,
                List.of(new StorageRegion("sd", storage, 0, PARTITION)), new FastbootDevice.Listener() { });
        return FastbootTcpServer.start(model, 0, m -> { });
    }

    /** 5 MiB: random blocks, a run of zeros and a run of one repeated word, so the pieces hold RAW and FILL chunks. */
    private Path image() throws IOException {
        byte[] image = new byte[5 << 20];
        new Random(5).nextBytes(image);
        Arrays.fill(image, 1 << 20, 2 << 20, (byte) 0);
        for (int i = 3 << 20; i < (3 << 20) + (512 << 10); i += 4) {
            image[i] = 0x12;
            image[i + 1] = 0x34;
            image[i + 2] = 0x56;
            image[i + 3] = 0x78;
        }
        Path file = tmp.resolve("card.img");
        Files.write(file, image);
        return file;
    }

    private Path storage(String name) throws IOException {
        Path storage = tmp.resolve(name + ".img");
        byte[] old = new byte[PARTITION];
        Arrays.fill(old, (byte) 0xa5);
        Files.write(storage, old);
        return storage;
    }

    @Test
    void anImageLargerThanOneDownloadGoesInSparsePiecesAndIsReadBack() throws IOException {
        Path image = image();
        Path storage = storage("ours");
        List<Long> progress = new ArrayList<>();
        try (FastbootTcpServer server = device(storage);
             FastbootClient client = FastbootClient.connectTcp("127.0.0.1", server.port(), TIMEOUT)) {
            PartitionWriter.Written w = new FastbootFlasher(client).write("sd", image, (sent, total) -> progress.add(sent));
            assertTrue(w.downloads() > 1, "split into pieces that fit max-download-size: " + w);
            assertEquals(new PartitionWriter.Verification.ReadBack(5 << 20), w.verification());
            assertEquals(w.sent(), progress.get(progress.size() - 1));
        }
        byte[] partition = Files.readAllBytes(storage);
        assertArrayEquals(Files.readAllBytes(image), Arrays.copyOf(partition, 5 << 20));
        assertEquals((byte) 0xa5, partition[5 << 20], "beyond the image the partition is untouched");

        // Debian's client splitting the same image at the same size leaves the same partition.
        Path theirs = storage("theirs");
        try (FastbootTcpServer server = device(theirs)) {
            HostCommand.Result debian = HostCommand.of("fastboot", "-s", "tcp:127.0.0.1:" + server.port(), "-S", "1M",
                    "flash", "sd", image.toString()).providedBy("fastboot").timeout(Duration.ofMinutes(1)).run();
            assertEquals(0, debian.exitStatus(), debian.stderr());
            assertTrue(debian.stderr().contains("Sending sparse 'sd' 1/"), debian.stderr());
        }
        assertArrayEquals(Files.readAllBytes(theirs), partition);
    }

    @Test
    void aSparseImageIsExpandedByTheDeviceAndItsDontCareBlocksAreLeftAlone() throws IOException {
        Path image = image();
        Path sparse = tmp.resolve("card.simg");
        HostCommand.of("img2simg", image.toString(), sparse.toString()).providedBy("android-sdk-libsparse-utils")
                .timeout(Duration.ofMinutes(1)).runChecked();
        Path storage = storage("sparse");
        try (FastbootTcpServer server = device(storage);
             FastbootClient client = FastbootClient.connectTcp("127.0.0.1", server.port(), TIMEOUT)) {
            PartitionWriter.Written w = new FastbootFlasher(client).write("sd", sparse, (sent, total) -> { });
            assertTrue(w.verification() instanceof PartitionWriter.Verification.ReadBack, w.toString());
        }
        assertArrayEquals(Files.readAllBytes(image), Arrays.copyOf(Files.readAllBytes(storage), 5 << 20));
    }

    /** Storage that fails under the device (a full disk): a FAIL naming the partition, and the link stays usable. */
    @Test
    void aStorageErrorIsAFailNamingThePartition() throws IOException {
        Path image = tmp.resolve("small.img");
        Files.write(image, new byte[200_000]);
        FastbootDevice model = new FastbootDevice("vexpress-a9", "FULL", MAX_DOWNLOAD,
                List.of(new StorageRegion("sd", Path.of("/dev/full"), 0, PARTITION)), new FastbootDevice.Listener() { });
        try (FastbootTcpServer server = FastbootTcpServer.start(model, 0, m -> { });
             FastbootClient client = FastbootClient.connectTcp("127.0.0.1", server.port(), TIMEOUT)) {
            FastbootFailure e = assertThrows(FastbootFailure.class,
                    () -> new FastbootFlasher(client).write("sd", image, (sent, total) -> { }));
            assertTrue(e.getMessage().contains("the device answered FAIL: writing sd failed"), e.getMessage());
            assertEquals("vexpress-a9", client.getvar("product"), "the device still answers");
        }
    }
}
