package dev.hilfarm.harness.target;

import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A minimal client for QEMU's machine protocol (QMP) over a Unix socket: enough to release a VM
 * that was started paused and to ask it to quit. QEMU is started paused so that the console is
 * attached before the guest prints its first byte; a pty drops what nobody reads.
 */
final class QmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final StringBuilder pending = new StringBuilder();
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);

    private final Selector selector;

    private QmpClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        // Non-blocking with a selector so that every read has a bound, even if QEMU hangs.
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** Connects, retrying while QEMU creates the socket, within {@code timeout}. */
    static QmpClient connect(Path socket, Duration timeout, BooleanSupplier qemuAlive) {
        AtomicReference<IOException> last = new AtomicReference<>();
        try {
            return Awaitility.await("QEMU's control socket " + socket)
                    .atMost(timeout).pollInterval(Duration.ofMillis(20)).pollInSameThread()
                    .until(() -> {
                        if (!qemuAlive.getAsBoolean()) {
                            // A QEMU that has exited will never open its socket: fail now, not at the bound.
                            throw new InfrastructureException("QEMU exited before its control socket was ready");
                        }
                        return tryConnect(socket, timeout, last);
                    }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            IOException cause = last.get();
            throw new InfrastructureException("cannot reach QEMU's control socket " + socket
                    + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    private static QmpClient tryConnect(Path socket, Duration timeout, AtomicReference<IOException> last) {
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                QmpClient client = new QmpClient(ch);
                // QEMU greets with {"QMP": ...}; capabilities negotiation must come first.
                client.readReply(System.nanoTime() + timeout.toNanos(), "QMP");
                client.execute("qmp_capabilities", timeout);
                return client;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            last.set(e);
            return null;
        }
    }

    /** Runs one QMP command and returns the raw reply line; an error reply is an infrastructure failure. */
    String execute(String command, Duration timeout) {
        try {
            ByteBuffer request = ByteBuffer.wrap(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            String reply = readReply(System.nanoTime() + timeout.toNanos(), "\"return\"");
            return reply;
        } catch (IOException e) {
            throw new InfrastructureException("QEMU control command '" + command + "' failed: " + e.getMessage(), e);
        }
    }

    /** Reads JSON lines, skipping asynchronous events, until one contains {@code marker} or an error. */
    private String readReply(long deadline, String marker) throws IOException {
        while (System.nanoTime() < deadline) {
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, nl).strip();
                pending.delete(0, nl + 1);
                if (line.contains("\"error\"")) {
                    throw new IOException("QEMU answered " + line);
                }
                if (line.contains(marker)) {
                    return line;
                }
            }
            long waitMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (selector.select(waitMs) == 0) {
                continue;
            }
            selector.selectedKeys().clear();
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("QEMU closed its control socket");
            }
            pending.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
        }
        throw new IOException("no reply from QEMU in time");
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException ignored) {
            // closing a socket to a process that is going away
        }
    }
}
