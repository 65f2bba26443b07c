package dev.hilfarm.board.flash;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The host end of fastboot over UDP. Every packet is answered by the device with the same
 * sequence number; a packet that is not answered within {@link #RETRANSMIT} is sent again, up to
 * {@link #ATTEMPTS} times, and answers to older packets are ignored, so lost and duplicated
 * datagrams do no harm. Writing sends data packets (continuation flag on all but the last) that
 * the device acknowledges empty; reading sends empty packets that the device answers with data.
 */
public final class FastbootUdpLink implements FastbootLink {
    public static final Duration RETRANSMIT = Duration.ofMillis(500);
    public static final int ATTEMPTS = 10;
    /** The largest packet this host asks for (header included). */
    public static final int HOST_MAX_PACKET = 2048;

    private final DatagramSocket socket;
    private final InetSocketAddress device;
    private final byte[] receive = new byte[65536];
    private int sequence;
    private int maxData;
    /* Data read but not yet handed out (a DATA phase arriving in packets). */
    private byte[] pending = new byte[0];
    private int pendingAt;

    private FastbootUdpLink(DatagramSocket socket, InetSocketAddress device) {
        this.socket = socket;
        this.device = device;
    }

    /** Queries the device's sequence number and opens a session (init); fails naming the device when it does not answer. */
    public static FastbootUdpLink connect(InetSocketAddress device) throws IOException {
        DatagramSocket socket = new DatagramSocket();
        try {
            socket.setSoTimeout((int) RETRANSMIT.toMillis());
            FastbootUdpLink link = new FastbootUdpLink(socket, device);
            FastbootUdpPacket query = link.exchange(new FastbootUdpPacket(FastbootUdpPacket.QUERY, false, 0, new byte[0]), true);
            link.sequence = query.shortAt(0);
            FastbootUdpPacket init = link.exchange(new FastbootUdpPacket(FastbootUdpPacket.INIT, false, link.sequence,
                    FastbootUdpPacket.shorts(FastbootUdpPacket.VERSION, HOST_MAX_PACKET)), false);
            int version = init.shortAt(0);
            if (version < 1) {
                throw new IOException("fastboot udp " + device + ": the device speaks UDP protocol version " + version);
            }
            link.maxData = Math.min(HOST_MAX_PACKET, init.shortAt(1)) - FastbootUdpPacket.HEADER;
            if (link.maxData <= 0) {
                throw new IOException("fastboot udp " + device + ": the device's packet size " + init.shortAt(1) + " leaves no room for data");
            }
            return link;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public int readMessage(byte[] into) throws IOException {
        byte[] message = readOne();
        if (message.length > into.length) {
            throw new IOException("fastboot udp: a " + message.length + "-byte message from the device; at most " + into.length);
        }
        System.arraycopy(message, 0, into, 0, message.length);
        return message.length;
    }

    @Override
    public void readData(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (pendingAt == pending.length) {
                pending = readOne();
                pendingAt = 0;
            }
            int n = Math.min(length - done, pending.length - pendingAt);
            System.arraycopy(pending, pendingAt, into, offset + done, n);
            pendingAt += n;
            done += n;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int at = 0;
        do {
            int n = Math.min(maxData, length - at);
            boolean more = at + n < length;
            exchange(new FastbootUdpPacket(FastbootUdpPacket.FASTBOOT, more, sequence,
                    Arrays.copyOfRange(bytes, offset + at, offset + at + n)), false);
            at += n;
        } while (at < length);
    }

    /** One whole message (or DATA-phase piece) from the device: empty packets until a packet without continuation. */
    private byte[] readOne() throws IOException {
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        while (true) {
            FastbootUdpPacket reply = exchange(new FastbootUdpPacket(FastbootUdpPacket.FASTBOOT, false, sequence, new byte[0]), false);
            message.write(reply.data());
            if (!reply.continuation() && message.size() > 0) {
                return message.toByteArray();
            }
        }
    }

    /**
     * Sends {@code packet} and waits for the answer with its sequence number, sending it again
     * after each silent {@link #RETRANSMIT}; the sequence moves on once answered.
     */
    private FastbootUdpPacket exchange(FastbootUdpPacket packet, boolean anySequence) throws IOException {
        byte[] bytes = packet.encode();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            socket.send(new DatagramPacket(bytes, bytes.length, device));
            long deadline = System.nanoTime() + RETRANSMIT.toNanos();
            while (System.nanoTime() < deadline) {
                DatagramPacket in = new DatagramPacket(receive, receive.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                }
                FastbootUdpPacket reply;
                try {
                    reply = FastbootUdpPacket.decode(receive, in.getLength());
                } catch (IllegalArgumentException e) {
                    continue;   // garbage on the port is not an answer
                }
                if (reply.id() == FastbootUdpPacket.ERROR) {
                    throw new IOException("fastboot udp " + device + ": the device reported a protocol error: "
                            + new String(reply.data(), StandardCharsets.US_ASCII));
                }
                if (reply.id() == packet.id() && (anySequence || reply.sequence() == packet.sequence())) {
                    if (!anySequence) {
                        sequence = (packet.sequence() + 1) & 0xffff;
                    }
                    return reply;
                }
                // an answer to an earlier, retransmitted packet: already handled
            }
        }
        throw new IOException("fastboot udp " + device + ": no answer to packet " + packet.sequence() + " after " + ATTEMPTS
                + " attempts " + RETRANSMIT.toMillis() + " ms apart");
    }

    @Override
    public void close() {
        socket.close();
    }
}
