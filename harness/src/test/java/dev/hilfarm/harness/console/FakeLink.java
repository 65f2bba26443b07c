package dev.hilfarm.harness.console;

import dev.hilfarm.harness.failure.SerialLinkLostException;
import dev.hilfarm.harness.serial.SerialLink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** An in-memory SerialLink: the test plays the board by queueing output and watching what was typed. */
final class FakeLink implements SerialLink {
    private static final byte[] LOST = new byte[0];

    private final LinkedBlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream typed = new ByteArrayOutputStream();
    private volatile Function<String, String> responder = line -> null;
    private volatile boolean lost;
    private volatile boolean closed;
    private byte[] partial;
    private int partialOffset;

    /** The board prints this, as one read (or more if it exceeds the reader's buffer). */
    void board(String text) {
        output.add(text.getBytes(StandardCharsets.UTF_8));
    }

    void boardBytes(byte[] bytes) {
        output.add(bytes.clone());
    }

    /** Answers each written text with the responder's output (null: no answer). */
    void respondWith(Function<String, String> responder) {
        this.responder = responder;
    }

    void unplug() {
        output.add(LOST);
    }

    synchronized String typed() {
        return typed.toString(StandardCharsets.UTF_8);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String name() {
        return "/dev/fake0";
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (lost || closed) {
            throw new SerialLinkLostException("serial link /dev/fake0 lost: unplugged", null);
        }
        try {
            if (partial == null) {
                byte[] next = output.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    return 0;
                }
                if (next == LOST) {
                    lost = true;
                    throw new SerialLinkLostException("serial link /dev/fake0 lost: unplugged", null);
                }
                partial = next;
                partialOffset = 0;
            }
            int n = Math.min(length, partial.length - partialOffset);
            System.arraycopy(partial, partialOffset, buffer, offset, n);
            partialOffset += n;
            if (partialOffset == partial.length) {
                partial = null;
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        if (lost || closed) {
            throw new SerialLinkLostException("serial link /dev/fake0 lost: unplugged", null);
        }
        String text = new String(buffer, offset, length, StandardCharsets.UTF_8);
        synchronized (this) {
            typed.write(buffer, offset, length);
        }
        String answer = responder.apply(text);
        if (answer != null) {
            board(answer);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
