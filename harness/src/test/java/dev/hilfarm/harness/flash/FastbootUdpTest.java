package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.emulator.flash.FastbootDevice;
import dev.hilfarm.emulator.flash.FastbootUdpServer;
import dev.hilfarm.emulator.flash.StorageRegion;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fastboot over UDP: Debian's client and ours against the emulated device's UDP server (identical
 * partitions), and ours through a relay that loses and repeats datagrams, which retransmission and
 * the device's repeated answers must absorb.
 */
@Tag("fastboot")
class FastbootUdpTest {
    private static final int PARTITION = 8 << 20;

    @TempDir
    Path tmp;

    private FastbootUdpServer device(Path storage) throws IOException {
        Files.write(storage, new byte[PARTITION]);
        FastbootDevice model = new FastbootDevice("vexpress-a9", "UDP", 4 << 20,
                List.of(new StorageRegion("sd", storage, 0, PARTITION)), new FastbootDevice.Listener() { });
        return FastbootUdpServer.start(model, 0, m -> { });
    }

    private Path image(int size, int seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Path file = tmp.resolve("image-" + seed + ".img");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void debiansClientAndOursLeaveTheSamePartition() throws IOException {
        Path image = image(3_000_000, 1);
        Path theirs = tmp.resolve("theirs.img");
        Path ours = tmp.resolve("ours.img");
        try (FastbootUdpServer server = device(theirs)) {
            HostCommand.Result debian = HostCommand.of("fastboot", "-s", "udp:127.0.0.1:" + server.port(), "flash", "sd",
                    image.toString()).providedBy("fastboot").timeout(Duration.ofMinutes(1)).run();
            assertEquals(0, debian.exitStatus(), debian.stderr());
            HostCommand.Result var = HostCommand.of("fastboot", "-s", "udp:127.0.0.1:" + server.port(), "getvar",
                    "partition-size:sd").providedBy("fastboot").timeout(Duration.ofMinutes(1)).run();
            assertTrue(var.stderr().contains("partition-size:sd: 0x0000000000800000"), var.stderr());
        }
        try (FastbootUdpServer server = device(ours);
             FastbootClient client = FastbootClient.connectUdp("127.0.0.1", server.port())) {
            assertEquals("vexpress-a9", client.getvar("product"));
            PartitionWriter.Written w = new FastbootFlasher(client).write("sd", image, (sent, total) -> { });
            assertEquals(new PartitionWriter.Verification.ReadBack(3_000_000), w.verification());
            FastbootFailure refused = assertThrows(FastbootFailure.class, () -> client.erase("userdata"));
            assertTrue(refused.getMessage().contains("partition userdata does not exist"), refused.getMessage());
        }
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }

    /** Every 11th datagram (either way) is lost and every 7th arrives twice: the flash still comes out exact. */
    @Test
    void lostAndRepeatedDatagramsAreAbsorbed() throws IOException {
        Path image = image(60_000, 2);
        Path storage = tmp.resolve("lossy.img");
        try (FastbootUdpServer server = device(storage);
             LossyRelay relay = new LossyRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
             FastbootClient client = FastbootClient.connectUdp("127.0.0.1", relay.port())) {
            PartitionWriter.Written w = new FastbootFlasher(client).write("sd", image, (sent, total) -> { });
            assertTrue(w.verification() instanceof PartitionWriter.Verification.ReadBack, w.toString());
            assertTrue(relay.dropped.get() > 10 && relay.repeated.get() > 10,
                    "the relay did its job: " + relay.dropped + " dropped, " + relay.repeated + " repeated");
        }
        assertArrayEquals(Files.readAllBytes(image), Arrays.copyOf(Files.readAllBytes(storage), 60_000));
    }

    @Test
    void aDeviceThatNeverAnswersIsOneInfrastructureError() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InfrastructureException e = assertThrows(InfrastructureException.class,
                    () -> FastbootClient.connectUdp("127.0.0.1", silent.getLocalPort()));
            assertTrue(e.getMessage().matches("fastboot: cannot reach udp:127\\.0\\.0\\.1:\\d+: .*no answer to packet 0 after 10"
                    + " attempts 500 ms apart"), e.getMessage());
        }
    }

    /** Relays datagrams between one client and the device, losing and repeating some on purpose. */
    private static final class LossyRelay implements AutoCloseable {
        private final DatagramSocket socket;
        private final SocketAddress device;
        private final Thread thread;
        private volatile SocketAddress client;
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger repeated = new AtomicInteger();

        LossyRelay(SocketAddress device) throws SocketException {
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            this.device = device;
            this.thread = new Thread(this::relay, "lossy relay");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void relay() {
            byte[] buffer = new byte[65536];
            int count = 0;
            while (!socket.isClosed()) {
                try {
                    DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                    socket.receive(in);
                    boolean fromDevice = in.getSocketAddress().equals(device);
                    if (!fromDevice) {
                        client = in.getSocketAddress();
                    }
                    SocketAddress to = fromDevice ? client : device;
                    count++;
                    if (count % 11 == 0) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    DatagramPacket out = new DatagramPacket(Arrays.copyOf(buffer, in.getLength()), in.getLength(), to);
                    socket.send(out);
                    if (count % 7 == 0) {
                        repeated.incrementAndGet();
                        socket.send(out);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
