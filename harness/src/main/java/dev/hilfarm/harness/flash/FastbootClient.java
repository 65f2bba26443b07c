package dev.hilfarm.harness.flash;

import dev.hilfarm.board.flash.FastbootLink;
import dev.hilfarm.board.flash.FastbootTcpLink;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * The host side of fastboot over any {@link FastbootLink}: getvar, download, upload, flash, erase,
 * boot, continue, reboot, oem. INFO and TEXT lines the device sends while it works are collected
 * and handed to {@code messages}. A FAIL answer is a {@link FastbootFailure}; a link that breaks
 * or times out is an {@link InfrastructureException} naming the command, so an interrupted
 * transfer is never mistaken for success.
 */
public final class FastbootClient implements AutoCloseable {
    /** Payload transfers are cut to this size so progress can be reported as data goes out. */
    static final int TRANSFER = 1 << 20;

    private final FastbootLink link;
    private final byte[] reply = new byte[FastbootLink.MAX_MESSAGE];
    private final List<String> messages = new ArrayList<>();

    public FastbootClient(FastbootLink link) {
        this.link = link;
    }

    /**
     * Connects to a device serving fastboot on TCP (an emulated board, or a device in network
     * fastboot mode); every read is bounded by {@code timeout}.
     */
    public static FastbootClient connectTcp(String host, int port, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return new FastbootClient(FastbootTcpLink.host(socket));
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new InfrastructureException("fastboot: cannot reach tcp:" + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to a device serving fastboot on UDP (network fastboot in U-Boot, or an emulated
     * board): query and init, then the same commands as over USB and TCP, every packet
     * retransmitted until answered (bounded).
     */
    public static FastbootClient connectUdp(String host, int port) {
        try {
            return new FastbootClient(dev.hilfarm.board.flash.FastbootUdpLink.connect(new InetSocketAddress(host, port)));
        } catch (IOException e) {
            throw new InfrastructureException("fastboot: cannot reach udp:" + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** INFO/TEXT lines the device printed since the last call, oldest first. */
    public List<String> takeMessages() {
        List<String> copy = List.copyOf(messages);
        messages.clear();
        return copy;
    }

    public String getvar(String name) {
        return command("getvar:" + name);
    }

    /** {@code max-download-size} as a number (devices answer it in hex, some in decimal). */
    public long maxDownloadSize() {
        String value = getvar("max-download-size").strip();
        try {
            return value.startsWith("0x") || value.startsWith("0X") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InfrastructureException("fastboot: the device answered max-download-size '" + value + "'");
        }
    }

    /** Sends {@code data}; {@code progress} is told the bytes sent so far after every transfer. */
    public void download(byte[] data, LongConsumer progress) {
        String command = String.format(Locale.ROOT, "download:%08x", data.length);
        send(command);
        String answer = awaitReply(command);
        if (!answer.startsWith("DATA")) {
            finish(command, answer); // a FAIL becomes a FastbootFailure
            throw unexpected(command, answer);
        }
        long accepted = parseHex(command, answer.substring(4));
        if (accepted != data.length) {
            throw new InfrastructureException("fastboot " + command + ": the device will accept " + accepted
                    + " bytes, not " + data.length);
        }
        try {
            for (int done = 0; done < data.length; ) {
                int n = Math.min(TRANSFER, data.length - done);
                link.write(data, done, n);
                done += n;
                progress.accept(done);
            }
        } catch (IOException e) {
            throw new InfrastructureException("fastboot " + command + ": the link broke while sending data: " + e.getMessage(), e);
        }
        finish(command, awaitReply(command));
    }

    /** Reads back what the device holds in its download buffer. */
    public byte[] upload() {
        return receive("upload");
    }

    /**
     * Reads {@code size} bytes at {@code offset} of a partition back from the device
     * ({@code fetch:PARTITION:OFFSET:SIZE}); a device without the command answers FAIL, which
     * comes out as a {@link FastbootFailure}.
     */
    public byte[] fetch(String partition, long offset, long size) {
        return receive(String.format(Locale.ROOT, "fetch:%s:%x:%x", partition, offset, size));
    }

    /** A command whose answer is a DATA phase from the device, then OKAY. */
    private byte[] receive(String command) {
        send(command);
        String answer = awaitReply(command);
        if (!answer.startsWith("DATA")) {
            finish(command, answer);
            throw unexpected(command, answer);
        }
        long size = parseHex(command, answer.substring(4));
        byte[] data = new byte[Math.toIntExact(size)];
        try {
            link.readData(data, 0, data.length);
        } catch (IOException e) {
            throw new InfrastructureException("fastboot " + command + ": the link broke while receiving data: " + e.getMessage(), e);
        }
        finish(command, awaitReply(command));
        return data;
    }

    public void flash(String partition) {
        command("flash:" + partition);
    }

    public void erase(String partition) {
        command("erase:" + partition);
    }

    public void boot() {
        command("boot");
    }

    public void continueBoot() {
        command("continue");
    }

    public void reboot() {
        command("reboot");
    }

    public String oem(String arguments) {
        return command("oem " + arguments);
    }

    /** Sends a command and returns the text of its OKAY. */
    public String command(String command) {
        if (command.length() > 64) {
            throw new IllegalArgumentException("fastboot commands are at most 64 bytes: " + command);
        }
        send(command);
        return finish(command, awaitReply(command));
    }

    private void send(String command) {
        byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
        try {
            link.write(bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new InfrastructureException("fastboot " + command + ": cannot send to the device: " + e.getMessage(), e);
        }
    }

    /** The first reply that is not INFO/TEXT; those are collected on the way. */
    private String awaitReply(String command) {
        while (true) {
            int n;
            try {
                n = link.readMessage(reply);
            } catch (IOException e) {
                throw new InfrastructureException("fastboot " + command + ": no answer from the device: " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new InfrastructureException("fastboot " + command + ": the device closed the connection");
            }
            String text = new String(reply, 0, n, StandardCharsets.US_ASCII);
            if (text.startsWith("INFO") || text.startsWith("TEXT")) {
                messages.add(text.substring(4));
                continue;
            }
            return text;
        }
    }

    private static String finish(String command, String answer) {
        if (answer.startsWith("OKAY")) {
            return answer.substring(4);
        }
        if (answer.startsWith("FAIL")) {
            throw new FastbootFailure(command, answer.substring(4));
        }
        throw unexpected(command, answer);
    }

    private static InfrastructureException unexpected(String command, String answer) {
        return new InfrastructureException("fastboot " + command + ": unexpected answer '" + answer + "'");
    }

    private static long parseHex(String command, String hex) {
        try {
            return Long.parseLong(hex.strip(), 16);
        } catch (NumberFormatException e) {
            throw new InfrastructureException("fastboot " + command + ": bad size in the answer: '" + hex + "'");
        }
    }

    @Override
    public void close() throws IOException {
        link.close();
    }
}
