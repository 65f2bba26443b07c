package dev.hilfarm.emulator.debug;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The debugger side of the GDB remote protocol, as much of it as the lockstep checker needs to
 * drive QEMU's gdbstub (and as the tests need to drive this project's own stub): single steps,
 * continue, breakpoints, registers and memory.
 *
 * <p>The per-instruction exchanges, {@link #step()} and {@link #readCoreRegisters(int[])}, parse
 * the packet bytes in place and allocate nothing.
 */
public final class RspClient implements Closeable {
    /** Index of CPSR in the array filled by {@link #readCoreRegisters(int[])}. */
    public static final int CPSR_INDEX = 16;

    private static final int CORE_WORDS_WITH_XML = 17;
    /** Without a target description QEMU sends r0-r15, eight 12-byte FPA registers, FPS, CPSR. */
    private static final int LEGACY_G_HEX_LENGTH = (16 * 4 + 8 * 12 + 4 + 4) * 2;

    private final RspConnection connection;
    private final PacketBuilder request = new PacketBuilder(256);
    private boolean exited;
    private int exitStatus;

    private RspClient(RspConnection connection) {
        this.connection = connection;
    }

    /** Connects to a stub on the loopback interface, retrying until it listens or {@code timeout} passes. */
    public static RspClient connect(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RspClient client = tryConnect(port);
            if (client != null) {
                return client;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no GDB stub answered on 127.0.0.1:" + port + " within " + timeout.toMillis() + " ms");
            }
            sleep(20);
        }
    }

    /** Connects to a stub on the loopback interface; null when nothing listens on the port (yet). */
    public static RspClient tryConnect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return new RspClient(new RspConnection(socket));
        } catch (ConnectException refused) {
            socket.close();
            return null;
        }
    }

    /** Fails any exchange whose reply takes longer than {@code limit} (a hung stub, a step that never ends). */
    public void setReplyTimeout(Duration limit) throws IOException {
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, limit.toMillis()));
    }

    /** Negotiates features (qSupported) and no-ack mode when the stub offers it; returns the qSupported reply. */
    public String handshake() throws IOException {
        String supported = exchange("qSupported:xmlRegisters=arm;swbreak+;hwbreak+");
        if (supported.contains("QStartNoAckMode+") && exchange("QStartNoAckMode").equals("OK")) {
            connection.disableAcks();
        }
        return supported;
    }

    /** Sends one packet and returns the reply as text. */
    public String exchange(String packet) throws IOException {
        send(packet);
        return readReply();
    }

    /** Reads a whole qXfer:features object ({@code target.xml} or one it includes). */
    public String readFeature(String annex) throws IOException {
        StringBuilder document = new StringBuilder();
        while (true) {
            String chunk = exchange("qXfer:features:read:" + annex + ":" + Integer.toHexString(document.length()) + ",ffb");
            if (chunk.isEmpty() || chunk.charAt(0) == 'E') {
                throw new IOException("stub refused qXfer:features:read:" + annex + ": '" + chunk + "'");
            }
            document.append(chunk, 1, chunk.length());
            if (chunk.charAt(0) == 'l') {
                return document.toString();
            }
        }
    }

    /**
     * Executes one instruction on the target. Returns true when it stopped again, false when the
     * program exited instead ({@link #exitStatus()}).
     */
    public boolean step() throws IOException {
        request.clear().append('s');
        connection.sendPacket(request);
        return awaitStop();
    }

    /** Continues until the target stops (breakpoint, interrupt) or exits; returns false on exit. */
    public boolean resume() throws IOException {
        request.clear().append('c');
        connection.sendPacket(request);
        return awaitStop();
    }

    /** Sends Ctrl-C to a running target and waits for its stop reply. */
    public boolean interrupt() throws IOException {
        connection.sendInterrupt();
        return awaitStop();
    }

    /** Sends a resume packet without waiting (then use {@link #interrupt()} or {@link #awaitStop()}). */
    public void sendResume() throws IOException {
        request.clear().append('c');
        connection.sendPacket(request);
    }

    /** Waits for a stop reply; returns false when it says the program exited. */
    public boolean awaitStop() throws IOException {
        while (true) {
            int length = connection.readPacket();
            if (length == RspConnection.EOF) {
                exited = true;
                exitStatus = -1;
                return false;
            }
            if (length <= 0) {
                continue;
            }
            byte kind = connection.payload()[0];
            if (kind == 'T' || kind == 'S') {
                return true;
            }
            if (kind == 'W' || kind == 'X') {
                exited = true;
                exitStatus = length >= 3 ? Hex.byteAt(connection.payload(), 1) : 0;
                return false;
            }
            // 'O' console output and anything else before the stop reply: skipped.
        }
    }

    public boolean exited() {
        return exited;
    }

    /** The exit status from a W reply (-1 when the connection closed without one). */
    public int exitStatus() {
        return exitStatus;
    }

    /**
     * Reads r0-r15 and CPSR with one 'g' packet into {@code into[0..16]}. Understands both of
     * QEMU's layouts: with a target description (r0-r15, CPSR) and without (FPA registers between).
     */
    public void readCoreRegisters(int[] into) throws IOException {
        request.clear().append('g');
        connection.sendPacket(request);
        int length = connection.readPacket();
        byte[] hex = connection.payload();
        if (length < CORE_WORDS_WITH_XML * 8) {
            throw new IOException("short 'g' reply (" + length + " hex digits): "
                    + new String(hex, 0, Math.max(0, length), StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < 16; i++) {
            into[i] = Hex.le32(hex, 8 * i);
        }
        into[CPSR_INDEX] = Hex.le32(hex, length == LEGACY_G_HEX_LENGTH ? LEGACY_G_HEX_LENGTH - 8 : 16 * 8);
    }

    /** Reads one register with 'p' as a little-endian value of up to 64 bits. */
    public long readRegister(int regnum) throws IOException {
        String value = exchange("p" + Integer.toHexString(regnum));
        if (value.isEmpty() || value.charAt(0) == 'E') {
            throw new IOException("stub cannot read register " + regnum + ": '" + value + "'");
        }
        return Hex.leValue(value);
    }

    /** Reads memory; returns null when the stub answers with an error. */
    public byte[] readMemory(int address, int length) throws IOException {
        String reply = exchange("m" + Integer.toHexString(address) + "," + Integer.toHexString(length));
        if (reply.isEmpty() || reply.charAt(0) == 'E') {
            return null;
        }
        return Hex.bytes(reply);
    }

    public boolean writeMemory(int address, byte[] data) throws IOException {
        StringBuilder packet = new StringBuilder("M").append(Integer.toHexString(address)).append(',')
                .append(Integer.toHexString(data.length)).append(':');
        for (byte b : data) {
            packet.append(Hex.DIGITS.charAt((b >>> 4) & 0xf)).append(Hex.DIGITS.charAt(b & 0xf));
        }
        return exchange(packet.toString()).equals("OK");
    }

    /** Inserts a software breakpoint; {@code kind} is 4 for ARM, 2 for Thumb, 3 for 32-bit Thumb. */
    public void insertBreakpoint(int address, int kind) throws IOException {
        expectOk("Z0," + Integer.toHexString(address) + "," + kind);
    }

    public void removeBreakpoint(int address, int kind) throws IOException {
        expectOk("z0," + Integer.toHexString(address) + "," + kind);
    }

    /** Sends a packet that must be answered "OK". */
    public void expectOk(String packet) throws IOException {
        String reply = exchange(packet);
        if (!reply.equals("OK")) {
            throw new IOException("stub answered '" + reply + "' to " + packet);
        }
    }

    /** Asks the stub to kill the target ('k' has no reply). */
    public void kill() throws IOException {
        send("k");
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    private void send(String packet) throws IOException {
        request.clear().append(packet);
        connection.sendPacket(request);
    }

    private String readReply() throws IOException {
        int length = connection.readPacket();
        if (length == RspConnection.EOF) {
            throw new IOException("GDB stub closed the connection");
        }
        return new String(connection.payload(), 0, Math.max(0, length), StandardCharsets.ISO_8859_1);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to the GDB stub", e);
        }
    }
}
