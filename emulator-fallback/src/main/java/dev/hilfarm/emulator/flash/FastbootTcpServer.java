package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.flash.FastbootTcpLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * Serves a {@link FastbootDevice} on a loopback TCP port, so that {@code fastboot -s
 * tcp:127.0.0.1:PORT} (Debian's client or hilfarm's) can flash an emulated board. Connections are
 * served one after the other, as the client opens one per invocation.
 */
public final class FastbootTcpServer implements AutoCloseable {
    private static final int IDLE_TIMEOUT_MS = 60_000;

    private final ServerSocket server;
    private final Thread thread;

    private FastbootTcpServer(ServerSocket server, FastbootDevice device, Consumer<String> log) {
        this.server = server;
        this.thread = new Thread(() -> acceptLoop(device, log), "fastboot tcp:" + server.getLocalPort());
        thread.setDaemon(true);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and starts serving. */
    public static FastbootTcpServer start(FastbootDevice device, int port, Consumer<String> log) {
        try {
            ServerSocket socket = new ServerSocket(port, 4, InetAddress.getLoopbackAddress());
            FastbootTcpServer server = new FastbootTcpServer(socket, device, log);
            server.thread.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("fastboot: cannot listen on tcp:127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop(FastbootDevice device, Consumer<String> log) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                // A host that goes quiet mid-command must not hold the device forever.
                socket.setSoTimeout(IDLE_TIMEOUT_MS);
                device.serve(FastbootTcpLink.device(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    // A client that vanished mid-transfer ends its connection, never the device.
                    log.accept("fastboot: connection ended: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
