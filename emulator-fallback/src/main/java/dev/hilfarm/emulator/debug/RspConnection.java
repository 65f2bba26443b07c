package dev.hilfarm.emulator.debug;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

/**
 * The framing layer of the GDB remote serial protocol over one TCP connection, for either end:
 * {@code $payload#cc} packets with a modulo-256 checksum, {@code +}/{@code -} acknowledgements
 * until no-ack mode is agreed, run-length encoded replies ({@code x*n}), and the out-of-band
 * interrupt byte 0x03 that a debugger sends to stop a running target.
 *
 * <p>Buffers are reused across packets, so exchanging packets allocates nothing once they have
 * grown to the largest packet seen; {@link #inputPending()} is cheap enough to call between
 * execution slices.
 */
public final class RspConnection implements Closeable {
    /** {@link #readPacket()} result: the peer closed the connection. */
    public static final int EOF = -1;
    /** {@link #readPacket()} result: the peer sent the interrupt byte 0x03 (Ctrl-C). */
    public static final int INTERRUPT = -2;

    private static final int INTERRUPT_BYTE = 0x03;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] raw = new byte[4096];
    private byte[] payload = new byte[4096];
    private byte[] frame = new byte[4096];
    private int frameLength;
    private int payloadLength;
    private boolean ackMode = true;
    private int pushedBack = -1;
    private boolean interruptPending;

    public RspConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 65536);
    }

    /** Bounds every blocking read (0 = wait forever); a read that times out throws SocketTimeoutException. */
    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Stops sending and expecting acknowledgements (after QStartNoAckMode was agreed). */
    public void disableAcks() {
        ackMode = false;
    }

    public boolean acksEnabled() {
        return ackMode;
    }

    /** The payload of the last packet read, valid up to {@link #payloadLength()}, run-length decoded. */
    public byte[] payload() {
        return payload;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Whether a byte from the peer is waiting (an interrupt, or the start of a packet). Never blocks. */
    public boolean inputPending() throws IOException {
        return interruptPending || pushedBack >= 0 || in.available() > 0;
    }

    /**
     * Reads the next packet, acknowledging it (or asking for a retransmission when its checksum is
     * wrong) while acks are on. Returns the payload length, {@link #EOF} or {@link #INTERRUPT}.
     * Stray acknowledgement bytes and line noise between packets are skipped.
     */
    public int readPacket() throws IOException {
        if (interruptPending) {
            interruptPending = false;
            return INTERRUPT;
        }
        while (true) {
            int b = nextByte();
            if (b < 0) {
                return EOF;
            }
            if (b == INTERRUPT_BYTE) {
                return INTERRUPT;
            }
            if (b != '$') {
                continue;
            }
            int rawLength = 0;
            int sum = 0;
            while ((b = nextByte()) != '#') {
                if (b < 0) {
                    return EOF;
                }
                if (rawLength == raw.length) {
                    raw = Arrays.copyOf(raw, raw.length * 2);
                }
                raw[rawLength++] = (byte) b;
                sum += b;
            }
            int high = Hex.digit(nextByte());
            int low = Hex.digit(nextByte());
            if (high < 0 || low < 0 || ((high << 4) | low) != (sum & 0xff)) {
                if (ackMode) {
                    out.write('-');
                    out.flush();
                }
                continue;
            }
            if (ackMode) {
                out.write('+');
                out.flush();
            }
            decodeRunLength(rawLength);
            return payloadLength;
        }
    }

    /** Sends one packet; while acks are on, waits for '+' and retransmits on '-'. */
    public void sendPacket(PacketBuilder packet) throws IOException {
        sendPacket(packet.array(), packet.length());
    }

    public void sendPacket(byte[] data, int length) throws IOException {
        frameLength = 0;
        ensureFrame(length + 4);
        frame[frameLength++] = '$';
        int sum = 0;
        for (int i = 0; i < length; i++) {
            frame[frameLength++] = data[i];
            sum += data[i] & 0xff;
        }
        frame[frameLength++] = '#';
        frame[frameLength++] = (byte) Hex.DIGITS.charAt((sum >>> 4) & 0xf);
        frame[frameLength++] = (byte) Hex.DIGITS.charAt(sum & 0xf);
        out.write(frame, 0, frameLength);
        out.flush();
        if (!ackMode) {
            return;
        }
        while (true) {
            int b = nextByte();
            if (b == '+') {
                return;
            }
            if (b == '-') {
                out.write(frame, 0, frameLength);
                out.flush();
            } else if (b == INTERRUPT_BYTE) {
                interruptPending = true;
            } else if (b == '$') {
                // The peer went on without acknowledging (it has left ack mode): keep its packet.
                pushedBack = b;
                return;
            } else if (b < 0) {
                throw new EOFException("connection closed while waiting for an acknowledgement");
            }
        }
    }

    /** Sends the out-of-band interrupt byte (client side: stop a running target). */
    public void sendInterrupt() throws IOException {
        out.write(INTERRUPT_BYTE);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    private int nextByte() throws IOException {
        if (pushedBack >= 0) {
            int b = pushedBack;
            pushedBack = -1;
            return b;
        }
        return in.read();
    }

    /** Expands {@code c*n} runs: n is a printable byte, 29 less than the number of extra copies of c. */
    private void decodeRunLength(int rawLength) {
        int n = 0;
        for (int i = 0; i < rawLength; i++) {
            byte b = raw[i];
            if (b == '*' && n > 0 && i + 1 < rawLength) {
                int repeat = (raw[++i] & 0xff) - 29;
                byte previous = payload[n - 1];
                ensurePayload(n + repeat);
                for (int k = 0; k < repeat; k++) {
                    payload[n++] = previous;
                }
            } else {
                ensurePayload(n + 1);
                payload[n++] = b;
            }
        }
        payloadLength = n;
    }

    private void ensurePayload(int size) {
        if (size > payload.length) {
            payload = Arrays.copyOf(payload, Math.max(size, payload.length * 2));
        }
    }

    private void ensureFrame(int size) {
        if (size > frame.length) {
            frame = Arrays.copyOf(frame, Math.max(size, frame.length * 2));
        }
    }
}
