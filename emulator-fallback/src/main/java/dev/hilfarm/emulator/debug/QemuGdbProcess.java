package dev.hilfarm.emulator.debug;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.ToolMissingException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

/**
 * A qemu-system-arm vexpress-a9 that holds a bare-metal ELF stopped at its entry point
 * ({@code -S}) behind its gdbstub on a loopback port, with a connected {@link RspClient}.
 *
 * <p>Started as an argument array through Commons Exec, never a shell. No orphans on any exit
 * path: {@code setpriv --pdeathsig KILL} has the kernel kill QEMU if the JVM dies, the shutdown
 * hook destroyer covers a normal JVM exit, and {@link #close()} the orderly one. QEMU's standard
 * output (the guest's UART with {@code -nographic}) is kept for the caller.
 */
public final class QemuGdbProcess implements AutoCloseable {
    public static final String BINARY = "qemu-system-arm";
    public static final String DEBIAN_PACKAGE = "qemu-system-arm";
    private static final ShutdownHookProcessDestroyer DESTROYER = new ShutdownHookProcessDestroyer();
    private static final int OUTPUT_LIMIT = 1 << 20;
    private static final int PORT_ATTEMPTS = 3;

    private final List<String> argv;
    private final ExecuteWatchdog watchdog;
    private final DefaultExecuteResultHandler result = new DefaultExecuteResultHandler();
    private final BoundedOutput output = new BoundedOutput();
    private RspClient gdb;

    private QemuGdbProcess(List<String> argv) {
        this.argv = List.copyOf(argv);
        this.watchdog = ExecuteWatchdog.builder().setTimeout(ExecuteWatchdog.INFINITE_TIMEOUT_DURATION).get();
    }

    /**
     * Starts QEMU on {@code elf} and connects to its gdbstub. {@code semihosting} adds
     * {@code -semihosting}; {@code extraArguments} go before {@code -kernel}.
     */
    public static QemuGdbProcess start(Path elf, boolean semihosting, List<String> extraArguments,
                                       Duration startTimeout) throws IOException {
        if (HostCommand.ToolLocator.find(BINARY).isEmpty()) {
            throw new ToolMissingException(BINARY, DEBIAN_PACKAGE);
        }
        IOException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            QemuGdbProcess qemu = new QemuGdbProcess(commandLine(elf, semihosting, extraArguments, port));
            try {
                qemu.launch();
                qemu.gdb = qemu.connect(port, startTimeout);
                return qemu;
            } catch (IOException e) {
                qemu.close();
                last = e;
                if (!qemu.output().contains("ddress already in use")) {
                    break; // a failure a new port will not cure
                }
            }
        }
        throw last;
    }

    private static List<String> commandLine(Path elf, boolean semihosting, List<String> extra, int port) {
        List<String> argv = new ArrayList<>();
        if (HostCommand.ToolLocator.find("setpriv").isPresent()) {
            argv.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        }
        argv.addAll(List.of(BINARY, "-M", "vexpress-a9", "-cpu", "cortex-a9", "-nographic", "-S",
                "-gdb", "tcp:127.0.0.1:" + port,
                // The board's PL041 wants an audio backend; "none" keeps QEMU off the host's sound.
                "-audiodev", "none,id=noaudio", "-global", "pl041.audiodev=noaudio"));
        if (semihosting) {
            argv.add("-semihosting");
        }
        argv.addAll(extra);
        argv.addAll(List.of("-kernel", elf.toAbsolutePath().toString()));
        return argv;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void launch() throws IOException {
        CommandLine line = new CommandLine(argv.get(0));
        for (String argument : argv.subList(1, argv.size())) {
            line.addArgument(argument, false);
        }
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(new File(".")).get();
        executor.setStreamHandler(new PumpStreamHandler(output, output));
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(DESTROYER);
        executor.setExitValues(null);
        executor.execute(line, result);
    }

    private RspClient connect(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (result.hasResult()) {
                throw new IOException(BINARY + " exited before its gdbstub answered: " + lastLines());
            }
            RspClient client = RspClient.tryConnect(port);
            if (client != null) {
                return client;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(BINARY + " did not open its gdbstub on port " + port + " within "
                        + timeout.toSeconds() + " s: " + lastLines());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + BINARY, e);
            }
        }
    }

    /** The client connected to QEMU's gdbstub. */
    public RspClient gdb() {
        return gdb;
    }

    public List<String> argv() {
        return argv;
    }

    public boolean isRunning() {
        return !result.hasResult();
    }

    /** Everything QEMU printed so far (the guest's UART output, and QEMU's messages), up to 1 MiB. */
    public String output() {
        return output.text();
    }

    private String lastLines() {
        String text = output().strip();
        return text.isEmpty() ? "(no output)" : text.substring(Math.max(0, text.length() - 500));
    }

    /** Closes the connection and stops QEMU, waiting (bounded) until it is gone. Idempotent. */
    @Override
    public void close() {
        if (gdb != null) {
            try {
                gdb.close();
            } catch (IOException ignored) {
                // the process goes next anyway
            }
        }
        if (!result.hasResult()) {
            watchdog.destroyProcess();
            try {
                result.waitFor(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Keeps QEMU's output up to a limit, for the caller and for error messages. */
    private static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (bytes.size() < OUTPUT_LIMIT) {
                bytes.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, Math.max(0, Math.min(len, OUTPUT_LIMIT - bytes.size())));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
