package dev.hilfarm.board.flash;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Fastboot over TCP (port 5554 by convention): after both sides send {@code FB01} (the host
 * first), every transfer is an 8-byte big-endian length followed by that many bytes. A download
 * may arrive as one huge transfer or many small ones, so payload reads stream across transfer
 * boundaries and never buffer a whole transfer.
 */
public final class FastbootTcpLink implements FastbootLink {
    public static final int DEFAULT_PORT = 5554;
    private static final byte[] HANDSHAKE = "FB01".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] header = new byte[8];
    /** Bytes of the current transfer not read yet. */
    private long remaining;

    private FastbootTcpLink(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** The host's end: sends the handshake, then checks the device's. */
    public static FastbootTcpLink host(Socket socket) throws IOException {
        FastbootTcpLink link = new FastbootTcpLink(socket);
        link.sendHandshake();
        link.expectHandshake("device");
        return link;
    }

    /** The device's end: checks the host's handshake, then answers with its own. */
    public static FastbootTcpLink device(Socket socket) throws IOException {
        FastbootTcpLink link = new FastbootTcpLink(socket);
        link.expectHandshake("host");
        link.sendHandshake();
        return link;
    }

    private void sendHandshake() throws IOException {
        out.write(HANDSHAKE);
        out.flush();
    }

    private void expectHandshake(String peer) throws IOException {
        byte[] got = in.readNBytes(4);
        // "FB" and a two-digit protocol version of at least 1, as the AOSP transport accepts.
        boolean ok = got.length == 4 && got[0] == 'F' && got[1] == 'B' && Character.isDigit(got[2]) && Character.isDigit(got[3])
                && (got[2] - '0') * 10 + (got[3] - '0') >= 1;
        if (!ok) {
            throw new IOException("fastboot over TCP: the " + peer + " did not answer with FB01 (got "
                    + printable(got) + ")");
        }
    }

    @Override
    public int readMessage(byte[] into) throws IOException {
        if (remaining != 0) {
            throw new IOException("fastboot over TCP: a message was expected but " + remaining + " bytes of payload are unread");
        }
        if (!readHeader(true)) {
            return -1;
        }
        if (remaining > into.length) {
            throw new IOException("fastboot over TCP: message of " + remaining + " bytes, at most " + into.length + " expected");
        }
        int length = (int) remaining;
        readFully(into, 0, length);
        remaining = 0;
        return length;
    }

    @Override
    public void readData(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (remaining == 0) {
                readHeader(false);
                continue;
            }
            int n = (int) Math.min(remaining, length - done);
            readFully(into, offset + done, n);
            remaining -= n;
            done += n;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        long n = length;
        for (int i = 7; i >= 0; i--) {
            header[i] = (byte) n;
            n >>>= 8;
        }
        out.write(header);
        out.write(bytes, offset, length);
        out.flush();
    }

    /** Reads a transfer header; at a clean end of stream answers false if {@code endAllowed}. */
    private boolean readHeader(boolean endAllowed) throws IOException {
        int first = in.read();
        if (first < 0) {
            if (endAllowed) {
                return false;
            }
            throw new EOFException("fastboot over TCP: the peer closed the connection in the middle of a transfer");
        }
        header[0] = (byte) first;
        readFully(header, 1, 7);
        long length = 0;
        for (byte b : header) {
            length = (length << 8) | (b & 0xff);
        }
        if (length < 0) {
            throw new IOException("fastboot over TCP: transfer length " + Long.toUnsignedString(length) + " is not plausible");
        }
        remaining = length;
        return true;
    }

    private void readFully(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(into, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("fastboot over TCP: the peer closed the connection after " + done + " of "
                        + length + " bytes");
            }
            done += n;
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : bytes) {
            b.append(x >= 0x20 && x < 0x7f ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return b.append('"').toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
