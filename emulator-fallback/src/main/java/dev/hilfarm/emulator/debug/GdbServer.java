package dev.hilfarm.emulator.debug;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A GDB remote-serial-protocol stub for one emulated machine, listening on the loopback
 * interface (as QEMU's {@code -gdb tcp::PORT} would be reached from the same host).
 *
 * <p>The stub runs in the emulator's own thread: {@link #serve()} waits for a debugger and then
 * owns the core until the debugger detaches, kills the target or disconnects; the caller decides
 * what happens next from the returned {@link SessionEnd}. An emulator that runs freely and lets a
 * debugger attach at any time (QEMU's {@code -gdb} without {@code -S}) calls
 * {@link #serveIfConnecting()} between its execution slices. Breakpoints live in the server, so
 * they survive from one session to the next only if the debugger leaves them set; a detach
 * removes them, as GDB expects.
 *
 * <p>Supported: qSupported, QStartNoAckMode, qXfer:features:read (target description with the
 * ARM core and VFP registers), ?, g/G, p/P, m/M/X, c/s/C/S, vCont, Z0/Z1 and z0/z1 (checked
 * against the PC, memory is never patched), Z2/z2 write watchpoints of up to 8 bytes of memory
 * (see {@link Watchpoints}), k, vKill, D, Ctrl-C while running, qAttached, qC,
 * qfThreadInfo/qsThreadInfo, H, T. Read and access watchpoints (Z3, Z4) are answered as
 * unsupported: GDB then refuses {@code rwatch} and {@code awatch}.
 */
public final class GdbServer implements Closeable {
    private final DebugTarget target;
    private final ServerSocketChannel listener;
    private final Breakpoints breakpoints = new Breakpoints();
    private final Watchpoints watchpoints = new Watchpoints();

    private GdbServer(DebugTarget target, ServerSocketChannel listener) {
        this.target = target;
        this.listener = listener;
    }

    /** Listens on 127.0.0.1:{@code port}; port 0 picks a free port, which {@link #port()} reports. */
    public static GdbServer open(DebugTarget target, int port) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen for GDB on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new GdbServer(target, listener);
    }

    /** The bound TCP port. */
    public int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("GDB listener is closed", e);
        }
    }

    /** Waits for a debugger to connect, then serves it until the session ends. */
    public SessionEnd serve() throws IOException {
        listener.configureBlocking(true);
        return serve(listener.accept());
    }

    /**
     * Serves a debugger if one is connecting right now; returns null at once otherwise. For
     * emulators that run freely and let a debugger attach at any time.
     */
    public SessionEnd serveIfConnecting() throws IOException {
        listener.configureBlocking(false);
        SocketChannel client = listener.accept();
        return client == null ? null : serve(client);
    }

    private SessionEnd serve(SocketChannel client) throws IOException {
        client.configureBlocking(true);
        try (RspConnection connection = new RspConnection(client.socket())) {
            return new GdbSession(target, connection, breakpoints, watchpoints).serve();
        } finally {
            breakpoints.clear();
            watchpoints.clear();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
