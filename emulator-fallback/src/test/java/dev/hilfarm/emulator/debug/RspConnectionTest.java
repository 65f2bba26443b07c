package dev.hilfarm.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Packet framing against a raw socket peer that writes and reads exact bytes. */
class RspConnectionTest {
    private ServerSocket listener;
    private Socket peer;
    private RspConnection connection;
    private InputStream peerIn;
    private OutputStream peerOut;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket ours = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        peer = listener.accept();
        peerIn = peer.getInputStream();
        peerOut = peer.getOutputStream();
        connection = new RspConnection(ours);
    }

    @AfterEach
    void close() throws IOException {
        connection.close();
        peer.close();
        listener.close();
    }

    private void peerWrites(String bytes) throws IOException {
        peerOut.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        peerOut.flush();
    }

    private String peerReads(int count) throws IOException {
        return new String(peerIn.readNBytes(count), StandardCharsets.ISO_8859_1);
    }

    private String payload(int length) {
        return new String(connection.payload(), 0, length, StandardCharsets.ISO_8859_1);
    }

    @Test
    void checksumIsTheByteSumModulo256() throws IOException {
        // "$g#67" is what GDB sends for 'g': 'g' = 0x67.
        PacketBuilder packet = new PacketBuilder(4).append("qSupported");
        peerWrites("+");
        connection.sendPacket(packet);
        assertEquals("$qSupported#37", peerReads(14));
    }

    @Test
    void acknowledgesGoodPacketsAndRejectsBadChecksums() throws IOException {
        peerWrites("$m0,4#fe$m0,4#fd");
        int length = connection.readPacket();
        assertEquals("m0,4", payload(length));
        assertEquals("-+", peerReads(2), "the corrupted copy is refused, the good one acknowledged");
    }

    @Test
    void retransmitsWhenThePeerAsksForIt() throws IOException {
        peerWrites("-+");
        connection.sendPacket(new PacketBuilder(4).append("OK"));
        assertEquals("$OK#9a$OK#9a", peerReads(12));
    }

    @Test
    void noAckModeSendsAndExpectsNoAcknowledgements() throws IOException {
        connection.disableAcks();
        connection.sendPacket(new PacketBuilder(4).append("OK"));
        peerWrites("$g#67");
        assertEquals(1, connection.readPacket());
        assertEquals("$OK#9a", peerReads(6));
        peerWrites("$?#3f");
        assertEquals("?", payload(connection.readPacket()));
        assertEquals(0, peerIn.available(), "nothing but the packet went out");
    }

    @Test
    void interruptByteIsReportedOutOfBand() throws IOException {
        assertFalse(connection.inputPending());
        peerWrites("\u0003");
        while (!connection.inputPending()) {
            Thread.onSpinWait();
        }
        assertEquals(RspConnection.INTERRUPT, connection.readPacket());
    }

    @Test
    void interruptWhileWaitingForAnAckIsKept() throws IOException {
        peerWrites("\u0003+");
        connection.sendPacket(new PacketBuilder(4).append("OK"));
        assertTrue(connection.inputPending());
        assertEquals(RspConnection.INTERRUPT, connection.readPacket());
    }

    @Test
    void runLengthEncodingIsExpanded() throws IOException {
        // "0* " is '0' followed by (' ' - 29) = 3 more '0's.
        String body = "10* 2";
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum += c;
        }
        peerWrites("$" + body + "#" + String.format("%02x", sum & 0xff));
        assertEquals("100002", payload(connection.readPacket()));
    }

    @Test
    void endOfStreamIsReported() throws IOException {
        peer.shutdownOutput();
        assertEquals(RspConnection.EOF, connection.readPacket());
    }

    @Test
    void binaryRepliesEscapeReservedCharacters() {
        byte[] data = "a$b#c}d*e".getBytes(StandardCharsets.US_ASCII);
        String escaped = new PacketBuilder(4).binary(data, 0, data.length).asString();
        assertEquals("a}\u0004b}\u0003c}]d}\ne", escaped);
    }

    @Test
    void hexNumbersAndTargetOrderWords() {
        PacketBuilder b = new PacketBuilder(2).hexNumber(0x60000abcL).append(' ').hexLe32(0x12345678)
                .append(' ').hexLe64(0x0123456789abcdefL).append(' ').hexNumber(0);
        assertEquals("60000abc 78563412 efcdab8967452301 0", b.asString());
        byte[] text = "78563412efcdab8967452301".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x12345678, Hex.le32(text, 0));
        assertEquals(0x0123456789abcdefL, Hex.le64(text, 8));
    }
}
