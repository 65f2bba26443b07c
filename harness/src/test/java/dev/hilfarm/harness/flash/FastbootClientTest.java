package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.flash.FastbootTcpLink;
import dev.hilfarm.emulator.flash.FastbootDevice;
import dev.hilfarm.emulator.flash.StorageRegion;
import dev.hilfarm.emulator.flash.FastbootTcpServer;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hilfarm's fastboot client against the emulated device, side by side with Debian's client. */
@Tag("fastboot")
class FastbootClientTest {
    private static final int PARTITION = 4 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private record Device(FastbootTcpServer server, Path storage) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private Device device(String name) throws IOException {
        Path storage = tmp.resolve(name + ".img");
        Files.write(storage, new byte[2 * PARTITION]);
        FastbootDevice model = new FastbootDevice("vexpress-a9", name, 2 << 20,
                List.of(new StorageRegion("boot", storage, 0, PARTITION), new StorageRegion("rootfs", storage, PARTITION, PARTITION)),
                new FastbootDevice.Listener() { });
        return new Device(FastbootTcpServer.start(model, 0, m -> { }), storage);
    }

    @Test
    void oursAndDebiansClientLeaveIdenticalPartitions() throws Exception {
        byte[] image = new byte[1_500_000];
        new Random(11).nextBytes(image);
        Path file = tmp.resolve("boot.bin");
        Files.write(file, image);
        try (Device theirs = device("theirs"); Device ours = device("ours")) {
            HostCommand.Result debian = HostCommand.of("fastboot", "-s", "tcp:127.0.0.1:" + theirs.server().port(),
                    "flash", "boot", file.toString()).providedBy("fastboot").timeout(Duration.ofMinutes(1)).run();
            assertEquals(0, debian.exitStatus(), debian.stderr());
            List<Long> progress = new ArrayList<>();
            try (FastbootClient client = FastbootClient.connectTcp("127.0.0.1", ours.server().port(), TIMEOUT)) {
                assertEquals("vexpress-a9", client.getvar("product"));
                assertEquals(2 << 20, client.maxDownloadSize());
                client.download(image, progress::add);
                client.flash("boot");
                assertArrayEquals(image, client.upload(), "upload returns what was downloaded");
            }
            assertEquals(image.length, progress.get(progress.size() - 1));
            assertEquals(2, progress.size(), "1 MiB transfers: " + progress);
            assertArrayEquals(Files.readAllBytes(theirs.storage()), Files.readAllBytes(ours.storage()));
        }
    }

    @Test
    void deviceRefusalsAreFastbootFailuresAndTheLinkStaysUsable() throws Exception {
        try (Device d = device("refusals");
             FastbootClient client = FastbootClient.connectTcp("127.0.0.1", d.server().port(), TIMEOUT)) {
            FastbootFailure unknown = assertThrows(FastbootFailure.class, () -> client.erase("userdata"));
            assertTrue(unknown.getMessage().startsWith("fastboot erase:userdata: the device answered FAIL: partition userdata does not exist"),
                    unknown.getMessage());
            FastbootFailure tooBig = assertThrows(FastbootFailure.class, () -> client.download(new byte[(2 << 20) + 1], n -> { }));
            assertTrue(tooBig.getMessage().contains("max-download-size"), tooBig.getMessage());
            assertEquals("", client.oem("echo hello"));
            assertEquals(List.of("hello"), client.takeMessages(), "INFO lines are collected");
            assertEquals("0x0000000000400000", client.getvar("partition-size:rootfs"));
        }
    }

    @Test
    void aDeviceThatVanishesMidDownloadIsAnInfrastructureFailure() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread device = new Thread(() -> {
                try (Socket s = server.accept()) {
                    FastbootTcpLink link = FastbootTcpLink.device(s);
                    byte[] message = new byte[64];
                    link.readMessage(message);
                    byte[] data = "DATA00400000".getBytes();
                    link.write(data, 0, data.length);
                    InputStream in = s.getInputStream();
                    in.readNBytes(100_000); // takes a little, then the device is gone
                } catch (IOException ignored) {
                    // the test only needs it gone
                }
            });
            device.start();
            try (FastbootClient client = FastbootClient.connectTcp("127.0.0.1", server.getLocalPort(), TIMEOUT)) {
                InfrastructureException e = assertThrows(InfrastructureException.class,
                        () -> client.download(new byte[4 << 20], n -> { }));
                assertTrue(e.getMessage().startsWith("fastboot download:00400000: "), e.getMessage());
            }
            device.join(10_000);
        }
    }

    @Test
    void aSilentDeviceTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread device = new Thread(() -> {
                try (Socket s = server.accept()) {
                    FastbootTcpLink.device(s);
                    s.getInputStream().readNBytes(1 << 20); // never answers
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            device.start();
            try (FastbootClient client = FastbootClient.connectTcp("127.0.0.1", server.getLocalPort(), Duration.ofMillis(500))) {
                InfrastructureException e = assertThrows(InfrastructureException.class, () -> client.getvar("product"));
                assertTrue(e.getMessage().startsWith("fastboot getvar:product: no answer from the device"), e.getMessage());
            }
            device.join(10_000);
        }
    }

    @Test
    void aPeerThatIsNotFastbootIsNamed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH\r\n".getBytes());
                    s.getInputStream().readNBytes(4);
                } catch (IOException ignored) {
                    // done
                }
            });
            peer.start();
            InfrastructureException e = assertThrows(InfrastructureException.class,
                    () -> FastbootClient.connectTcp("127.0.0.1", server.getLocalPort(), TIMEOUT));
            assertTrue(e.getMessage().contains("did not answer with FB01 (got \"SSH-\")"), e.getMessage());
            peer.join(10_000);
        }
    }
}
