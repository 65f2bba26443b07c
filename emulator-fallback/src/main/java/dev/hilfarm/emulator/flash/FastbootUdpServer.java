package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.flash.FastbootLink;
import dev.hilfarm.board.flash.FastbootUdpPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves a {@link FastbootDevice} over fastboot's UDP transport on a loopback port, so that
 * {@code fastboot -s udp:127.0.0.1:PORT} (Debian's client or hilfarm's) can flash an emulated
 * board. The device answers every host packet once, with the host's sequence number: a query
 * with the sequence it expects next, an init by starting a fresh session, a data packet with an
 * empty acknowledgement, an empty packet with the next piece of what the device has to say. A
 * packet that comes again (its answer was lost) gets the same answer again.
 */
public final class FastbootUdpServer implements AutoCloseable {
    /** This device's largest packet, header included (what U-Boot's network fastboot uses). */
    public static final int MAX_PACKET = 1024;
    /** How long the device may take to answer a command (flashing a large image) before it says nothing. */
    private static final long REPLY_WAIT_MS = 60_000;

    private final DatagramSocket socket;
    private final FastbootDevice device;
    private final Consumer<String> log;
    private final Thread thread;
    private Session session;
    private int expected;
    private int lastSequence = -1;
    private byte[] lastAnswer;
    private int maxData = MAX_PACKET - FastbootUdpPacket.HEADER;

    private FastbootUdpServer(DatagramSocket socket, FastbootDevice device, Consumer<String> log) {
        this.socket = socket;
        this.device = device;
        this.log = log;
        this.thread = new Thread(this::loop, "fastboot udp:" + socket.getLocalPort());
        thread.setDaemon(true);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and starts serving. */
    public static FastbootUdpServer start(FastbootDevice device, int port, Consumer<String> log) {
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            FastbootUdpServer server = new FastbootUdpServer(socket, device, log);
            server.thread.start();
            return server;
        } catch (SocketException e) {
            throw new UncheckedIOException("fastboot: cannot listen on udp:127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void loop() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
                answer(in.getSocketAddress(), buffer, in.getLength());
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.accept("fastboot udp: " + e.getMessage());
                }
            }
        }
        if (session != null) {
            session.end();
        }
    }

    private void answer(SocketAddress host, byte[] buffer, int length) throws IOException {
        FastbootUdpPacket packet;
        try {
            packet = FastbootUdpPacket.decode(buffer, length);
        } catch (IllegalArgumentException e) {
            send(host, new FastbootUdpPacket(FastbootUdpPacket.ERROR, false, 0, e.getMessage().getBytes(StandardCharsets.US_ASCII)));
            return;
        }
        if (packet.id() == FastbootUdpPacket.QUERY) {
            // Answered whatever its sequence number: the host does not know ours yet.
            send(host, new FastbootUdpPacket(FastbootUdpPacket.QUERY, false, packet.sequence(), FastbootUdpPacket.shorts(expected)));
            return;
        }
        if (packet.sequence() == lastSequence && lastAnswer != null) {
            socket.send(new DatagramPacket(lastAnswer, lastAnswer.length, host));
            return;
        }
        if (packet.sequence() != expected) {
            send(host, error(packet, "expected sequence " + expected + ", got " + packet.sequence()));
            return;
        }
        FastbootUdpPacket reply = switch (packet.id()) {
            case FastbootUdpPacket.INIT -> init(packet);
            case FastbootUdpPacket.FASTBOOT -> fastboot(packet);
            default -> error(packet, "unexpected packet id " + packet.id());
        };
        lastSequence = packet.sequence();
        expected = (packet.sequence() + 1) & 0xffff;
        lastAnswer = reply.encode();
        socket.send(new DatagramPacket(lastAnswer, lastAnswer.length, host));
    }

    /** A new session: whatever the previous one was doing is abandoned, as the protocol asks. */
    private FastbootUdpPacket init(FastbootUdpPacket packet) {
        if (session != null) {
            session.end();
        }
        int hostMax = packet.data().length >= 4 ? packet.shortAt(1) : MAX_PACKET;
        maxData = Math.min(hostMax, MAX_PACKET) - FastbootUdpPacket.HEADER;
        session = new Session();
        session.start();
        return new FastbootUdpPacket(FastbootUdpPacket.INIT, false, packet.sequence(),
                FastbootUdpPacket.shorts(FastbootUdpPacket.VERSION, MAX_PACKET));
    }

    private FastbootUdpPacket fastboot(FastbootUdpPacket packet) {
        if (session == null) {
            return error(packet, "no session: send init first");
        }
        if (packet.data().length > 0) {
            session.received(packet.data(), packet.continuation());
            return new FastbootUdpPacket(FastbootUdpPacket.FASTBOOT, false, packet.sequence(), new byte[0]);
        }
        byte[] piece = session.nextPiece(maxData);
        return new FastbootUdpPacket(FastbootUdpPacket.FASTBOOT, session.hasMore(), packet.sequence(), piece);
    }

    private static FastbootUdpPacket error(FastbootUdpPacket packet, String why) {
        return new FastbootUdpPacket(FastbootUdpPacket.ERROR, false, packet.sequence(), why.getBytes(StandardCharsets.US_ASCII));
    }

    private void send(SocketAddress host, FastbootUdpPacket packet) throws IOException {
        byte[] bytes = packet.encode();
        socket.send(new DatagramPacket(bytes, bytes.length, host));
    }

    /**
     * One session of the device: its command loop runs on a thread of its own, fed with what the
     * host wrote and handing back what the device says, a message at a time.
     */
    private final class Session implements FastbootLink {
        private static final byte[] END = new byte[0];
        private final BlockingQueue<byte[]> fromHost = new LinkedBlockingQueue<>();
        private final BlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();
        private final java.io.ByteArrayOutputStream assembling = new java.io.ByteArrayOutputStream();
        private final Thread worker = new Thread(this::serve, "fastboot udp session");
        private byte[] data = new byte[0];
        private int dataAt;
        private byte[] speaking = new byte[0];
        private int speakingAt;
        private volatile boolean ended;

        void start() {
            worker.setDaemon(true);
            worker.start();
        }

        private void serve() {
            try {
                device.serve(this);
            } catch (IOException e) {
                if (!ended) {
                    log.accept("fastboot udp: session ended: " + e.getMessage());
                }
            }
        }

        void received(byte[] bytes, boolean continues) {
            assembling.write(bytes, 0, bytes.length);
            if (!continues) {
                fromHost.add(assembling.toByteArray());
                assembling.reset();
            }
        }

        /** Up to {@code max} bytes of what the device says; waits (bounded) while it is still working. */
        byte[] nextPiece(int max) {
            if (speakingAt == speaking.length) {
                try {
                    byte[] next = toHost.poll(REPLY_WAIT_MS, TimeUnit.MILLISECONDS);
                    speaking = next == null ? new byte[0] : next;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    speaking = new byte[0];
                }
                speakingAt = 0;
            }
            int n = Math.min(max, speaking.length - speakingAt);
            byte[] piece = Arrays.copyOfRange(speaking, speakingAt, speakingAt + n);
            speakingAt += n;
            return piece;
        }

        boolean hasMore() {
            return speakingAt < speaking.length;
        }

        void end() {
            ended = true;
            fromHost.add(END);
        }

        @Override
        public int readMessage(byte[] into) throws IOException {
            byte[] message = take();
            if (message == END) {
                return -1;
            }
            if (message.length > into.length) {
                throw new IOException("a " + message.length + "-byte command");
            }
            System.arraycopy(message, 0, into, 0, message.length);
            return message.length;
        }

        @Override
        public void readData(byte[] into, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                if (dataAt == data.length) {
                    data = take();
                    dataAt = 0;
                    if (data == END) {
                        throw new IOException("the host started a new session in the middle of a download");
                    }
                }
                int n = Math.min(length - done, data.length - dataAt);
                System.arraycopy(data, dataAt, into, offset + done, n);
                dataAt += n;
                done += n;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            toHost.add(Arrays.copyOfRange(bytes, offset, offset + length));
        }

        private byte[] take() throws IOException {
            try {
                return fromHost.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }

        @Override
        public void close() {
            end();
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
