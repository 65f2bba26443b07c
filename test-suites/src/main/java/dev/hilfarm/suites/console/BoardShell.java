package dev.hilfarm.suites.console;

import dev.hilfarm.emulator.pty.PseudoTerminal;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code /bin/sh -i} on an interactive pseudo-terminal, bridged to a fake board's UART.
 *
 * <p>The shell's tty has the kernel's default line discipline, as a serial getty's does: it echoes
 * what is typed (unless {@code stty -echo}), turns LF into CRLF, and the prompt carries ANSI colour.
 * So commands really run and their exit status is real; the console sees exactly the noise a Linux
 * board's console produces. Optionally the bridge chops the shell's output into pieces of a few
 * bytes with short pauses, so that markers, prompts and CRLF pairs arrive split across reads.
 */
final class BoardShell implements AutoCloseable {
    /** What the prompt looks like after normalisation. */
    static final String PROMPT = "root@fakeboard:~# ";
    /** The prompt as the shell prints it. */
    static final String COLOURED_PROMPT = "\u001b[1;32mroot@fakeboard\u001b[0m:\u001b[1;34m~\u001b[0m# ";

    /**
     * @param echo whether the tty echoes typed characters
     * @param choppy whether the bridge splits output into small delayed pieces
     */
    record Options(boolean echo, boolean choppy) {
        @Override
        public String toString() {
            return (echo ? "echoing" : "non-echoing") + (choppy ? ", choppy output" : "");
        }
    }

    private static final long STOP_SECONDS = 5;

    private final PseudoTerminal tty;
    private final Process process;
    private final Thread bridge;

    private BoardShell(PseudoTerminal tty, Process process, Thread bridge) {
        this.tty = tty;
        this.process = process;
        this.bridge = bridge;
    }

    static BoardShell start(Options options, OutputStream uart) {
        PseudoTerminal tty;
        try {
            tty = PseudoTerminal.openInteractive();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fake board's shell tty", e);
        }
        try {
            File device = new File(tty.slavePath());
            String startup = (options.echo() ? "" : "stty -echo; ") + "exec /bin/sh -i";
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", startup)
                    .redirectInput(device)
                    .redirectOutput(device)
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("HOME", System.getProperty("java.io.tmpdir"));
            env.put("LC_ALL", "C");
            env.put("PS1", COLOURED_PROMPT);
            Process process = builder.start();
            Thread bridge = new Thread(() -> pump(tty.masterInput(), uart, options.choppy()), "fake-board shell output");
            bridge.setDaemon(true);
            bridge.start();
            return new BoardShell(tty, process, bridge);
        } catch (IOException | RuntimeException e) {
            tty.close();
            throw new IllegalStateException("cannot start /bin/sh for the fake board: " + e.getMessage(), e);
        }
    }

    /** Keystrokes from the UART to the shell's tty. */
    void type(byte[] keys, int length) throws IOException {
        tty.masterOutput().write(keys, 0, length);
    }

    private static void pump(InputStream shellOutput, OutputStream uart, boolean choppy) {
        Random pieces = new Random(42);
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = shellOutput.read(buffer, 0, buffer.length)) >= 0) {
                if (!choppy) {
                    uart.write(buffer, 0, n);
                    continue;
                }
                for (int sent = 0; sent < n; ) {
                    int piece = Math.min(n - sent, 1 + pieces.nextInt(7));
                    uart.write(buffer, sent, piece);
                    sent += piece;
                    FakeBoard.pause(Duration.ofMillis(pieces.nextInt(3)));
                }
            }
        } catch (IOException e) {
            // The board vanished (UART closed) or the shell's tty was closed: the bridge ends.
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tty.close();
        try {
            bridge.join(TimeUnit.SECONDS.toMillis(STOP_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
