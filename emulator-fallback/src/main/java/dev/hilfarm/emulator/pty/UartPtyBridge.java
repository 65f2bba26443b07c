package dev.hilfarm.emulator.pty;

import dev.hilfarm.emulator.device.ConsoleUart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Connects an emulated UART to a pseudo-terminal, so that the board's console is a real serial
 * device (/dev/pts/N) that the harness, screen or minicom open exactly as a USB adapter. Output is
 * written on the CPU thread as the guest transmits; input is read on a thread of its own and
 * queued in the UART. Closing the bridge hangs up the terminal: readers see the board vanish.
 */
public final class UartPtyBridge implements AutoCloseable {
    private final PseudoTerminal pty;
    private final Thread reader;
    private volatile boolean closed;

    private UartPtyBridge(PseudoTerminal pty, ConsoleUart uart) {
        this.pty = pty;
        OutputStream toTerminal = pty.masterOutput();
        uart.output(value -> {
            if (closed) {
                return;
            }
            try {
                toTerminal.write(value);
            } catch (IOException e) {
                // The terminal was closed under the running guest: its output has nowhere to go.
                closed = true;
            }
        });
        InputStream fromTerminal = pty.masterInput();
        this.reader = new Thread(() -> forwardInput(fromTerminal, uart), "uart input " + pty.slavePath());
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens a raw pseudo-terminal for {@code uart}. */
    public static UartPtyBridge open(ConsoleUart uart) {
        try {
            return new UartPtyBridge(PseudoTerminal.open(), uart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a pseudo-terminal for the emulated UART: " + e.getMessage(), e);
        }
    }

    /** The serial device to open, e.g. /dev/pts/7. */
    public String devicePath() {
        return pty.slavePath();
    }

    private void forwardInput(InputStream in, ConsoleUart uart) {
        byte[] buffer = new byte[1024];
        try {
            int n;
            while (!closed && (n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    uart.receive(buffer[i]);
                }
            }
        } catch (IOException e) {
            // Terminal gone: nothing more to forward.
        }
    }

    @Override
    public void close() {
        closed = true;
        pty.close();
    }
}
