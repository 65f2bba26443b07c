package dev.hilfarm.harness.target;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.ToolMissingException;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.exec.CommandLine;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

/**
 * One running qemu-system-arm whose first serial port is a pseudo-terminal.
 *
 * <p>No orphans, on any exit path: the process is started through {@code setpriv --pdeathsig KILL}
 * so the kernel kills it if the JVM dies (even by SIGKILL), and Commons Exec's shutdown-hook
 * destroyer stops it on Ctrl-C and normal JVM exit. {@link #stop()} covers the orderly path.
 */
public final class QemuProcess implements AutoCloseable {
    public static final String BINARY = "qemu-system-arm";
    public static final String DEBIAN_PACKAGE = "qemu-system-arm";
    private static final Pattern PTY_LINE = Pattern.compile("char device redirected to (/dev/pts/\\d+) \\(label serial0\\)");
    private static final ShutdownHookProcessDestroyer DESTROYER = new ShutdownHookProcessDestroyer();

    private final List<String> argv;
    private final ExecuteWatchdog watchdog;
    private final DefaultExecuteResultHandler result;
    private final CompletableFuture<String> ptyPath = new CompletableFuture<>();
    private final Deque<String> recentOutput = new ArrayDeque<>();
    private final Path log;

    private QemuProcess(List<String> argv, Path log) {
        this.argv = List.copyOf(argv);
        this.log = log;
        this.watchdog = ExecuteWatchdog.builder().setTimeout(ExecuteWatchdog.INFINITE_TIMEOUT_DURATION).get();
        this.result = new DefaultExecuteResultHandler();
    }

    /**
     * Starts QEMU with the given arguments (which must include {@code -serial pty}) and waits, at
     * most {@code startTimeout}, for it to name the pseudo-terminal of serial0.
     */
    public static QemuProcess start(List<String> qemuArguments, Path log, Duration startTimeout) {
        if (HostCommand.ToolLocator.find(BINARY).isEmpty()) {
            throw new ToolMissingException(BINARY, DEBIAN_PACKAGE);
        }
        List<String> argv = new ArrayList<>();
        if (HostCommand.ToolLocator.find("setpriv").isPresent()) {
            argv.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
        }
        argv.add(BINARY);
        argv.addAll(qemuArguments);
        QemuProcess qemu = new QemuProcess(argv, log);
        qemu.launch();
        qemu.awaitPty(startTimeout);
        return qemu;
    }

    private void launch() {
        CommandLine line = new CommandLine(argv.get(0));
        argv.subList(1, argv.size()).forEach(a -> line.addArgument(a, false));
        OutputStream sink = new LineCollector();
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(new File(".")).get();
        executor.setStreamHandler(new PumpStreamHandler(sink, sink));
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(DESTROYER);
        executor.setExitValues(null);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "$ " + String.join(" ", argv) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            executor.execute(line, result);
        } catch (IOException e) {
            throw new InfrastructureException("cannot start " + BINARY + ": " + e.getMessage(), e);
        }
    }

    private void awaitPty(Duration timeout) {
        try {
            Awaitility.await("qemu-system-arm to open its serial pty")
                    .atMost(timeout).pollInterval(Duration.ofMillis(20)).pollInSameThread()
                    .until(() -> {
                        if (!ptyPath.isDone() && result.hasResult()) {
                            throw new InfrastructureException(BINARY + " exited with status " + exitStatusText()
                                    + " before opening its serial port: " + lastOutput());
                        }
                        return ptyPath.isDone();
                    });
        } catch (ConditionTimeoutException e) {
            stop();
            throw new InfrastructureException(BINARY + " did not report its serial pty within " + timeout.toSeconds()
                    + " s: " + lastOutput(), e);
        }
    }

    /** The pseudo-terminal behind the board's first UART, e.g. /dev/pts/4. */
    public String ptyPath() {
        return ptyPath.getNow(null);
    }

    public boolean isRunning() {
        return !result.hasResult();
    }

    public long pid() {
        // Commons Exec does not expose the Process; find our child by its command line.
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith(BINARY)).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    /** The last lines QEMU printed, for error messages. */
    public String lastOutput() {
        synchronized (recentOutput) {
            return recentOutput.isEmpty() ? "(no output)" : String.join(" | ", recentOutput);
        }
    }

    public List<String> argv() {
        return argv;
    }

    /** Stops QEMU and waits (bounded) until it is gone. Idempotent. */
    public void stop() {
        if (!result.hasResult()) {
            watchdog.destroyProcess();
            try {
                result.waitFor(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private String exitStatusText() {
        ExecuteException e = result.getException();
        return e == null ? String.valueOf(result.getExitValue()) : String.valueOf(e.getExitValue());
    }

    /** Splits QEMU's stdout/stderr into lines: finds the pty announcement, keeps a tail, logs all. */
    private final class LineCollector extends OutputStream {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) throws IOException {
            if (b == '\n') {
                String text = current.toString(StandardCharsets.UTF_8);
                current.reset();
                onLine(text);
            } else {
                current.write(b);
            }
        }

        private void onLine(String text) throws IOException {
            Files.writeString(log, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Matcher m = PTY_LINE.matcher(text);
            if (m.find()) {
                ptyPath.complete(m.group(1));
            }
            synchronized (recentOutput) {
                recentOutput.addLast(text.strip());
                while (recentOutput.size() > 5) {
                    recentOutput.removeFirst();
                }
            }
        }
    }
}
