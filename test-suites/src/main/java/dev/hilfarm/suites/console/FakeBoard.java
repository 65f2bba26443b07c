package dev.hilfarm.suites.console;

import dev.hilfarm.emulator.pty.PseudoTerminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A board as the console sees it: a serial device ({@link #devicePath()}, the slave of a real
 * pseudo-terminal) that the console opens with jSerialComm exactly as it would open a USB adapter.
 *
 * <p>The test scripts what the board "transmits" ({@link #print}, {@link #trickle},
 * {@link #printLater}) and sees what was typed ({@link #typed()}). With {@link #withShell} a real
 * {@code /bin/sh} answers the keystrokes instead (see {@link BoardShell}). {@link #vanish()} closes
 * the master: the console's side is hung up, as when an adapter is unplugged or QEMU dies.
 */
public final class FakeBoard implements AutoCloseable {
    private final PseudoTerminal uart;
    private final OutputStream transmit;
    private final ByteArrayOutputStream typed = new ByteArrayOutputStream();
    private final Thread keyboard;
    private volatile BoardShell shell;

    private FakeBoard(PseudoTerminal uart) {
        this.uart = uart;
        this.transmit = uart.masterOutput();
        this.keyboard = new Thread(this::receiveKeystrokes, "fake-board keyboard " + uart.slavePath());
        this.keyboard.setDaemon(true);
    }

    /** A board whose every output the test scripts. */
    public static FakeBoard scripted() {
        try {
            FakeBoard board = new FakeBoard(PseudoTerminal.open());
            board.keyboard.start();
            return board;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fake board's pseudo-terminal", e);
        }
    }

    /** A board running a real shell on an interactive tty behind its UART. */
    public static FakeBoard withShell(BoardShell.Options options) {
        FakeBoard board = scripted();
        try {
            board.shell = BoardShell.start(options, board.transmit);
        } catch (RuntimeException e) {
            board.close();
            throw e;
        }
        return board;
    }

    public String devicePath() {
        return uart.slavePath();
    }

    /** Transmits the text (UTF-8) at once. */
    public void print(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Transmits the text one byte at a time with a pause after each: every byte is its own read. */
    public void trickle(String text, Duration pausePerByte) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            write(new byte[] {b});
            pause(pausePerByte);
        }
    }

    /** Transmits the text after a delay, from another thread; returns at once. */
    public Thread printLater(Duration delay, String text) {
        Thread later = new Thread(() -> {
            pause(delay);
            if (!uart.isClosed()) {
                print(text);
            }
        }, "fake-board delayed output");
        later.setDaemon(true);
        later.start();
        return later;
    }

    /** Everything typed to the board so far (when no shell is attached). */
    public String typed() {
        synchronized (typed) {
            return typed.toString(StandardCharsets.UTF_8);
        }
    }

    /** The board disappears: its UART master closes and its shell, if any, is killed. */
    public void vanish() {
        uart.close();
        BoardShell s = shell;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() {
        vanish();
    }

    private void write(byte[] bytes) {
        try {
            transmit.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the fake board cannot transmit (has it vanished?)", e);
        }
    }

    private void receiveKeystrokes() {
        InputStream in = uart.masterInput();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                BoardShell s = shell;
                if (s != null) {
                    s.type(buffer, n);
                } else {
                    synchronized (typed) {
                        typed.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            // The board vanished under the keyboard thread; nothing more will be typed.
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
