package dev.hilfarm.harness.farm.agent;

import dev.hilfarm.harness.farm.inventory.BoardKind;
import dev.hilfarm.harness.farm.inventory.PoolBoard;
import dev.hilfarm.harness.farm.store.AttemptResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs one suite on one pool board in a JVM of its own, through exactly what {@code hil run} does
 * ({@code hil run SUITE --board … --target … --folder …}): the same discovery, boot strategy,
 * Allure results, transcripts and exit status. A process per job keeps Allure's per-JVM lifecycle
 * apart between concurrent boards, lets a timeout end the job (and its QEMU) for certain, and
 * keeps a crashing job from taking the runner with it.
 */
public final class JobProcess {
    /** The job's own output, next to its report folder. */
    public static final String LOG = "hil-run.log";
    /** Pool board name, for suites and fixtures that want to know where they run. */
    public static final String BOARD_ENV = "HIL_FARM_BOARD";
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final String java;
    private final String classPath;
    private volatile Process process;
    private final AtomicReference<String> lastLine = new AtomicReference<>();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();
    private final AtomicReference<String> hilLine = new AtomicReference<>();
    private volatile String abandoned;
    private volatile Path attemptDir;

    public JobProcess() {
        this(ProcessHandle.current().info().command().orElse("java"), System.getProperty("java.class.path"));
    }

    public JobProcess(String java, String classPath) {
        this.java = java;
        this.classPath = classPath;
    }

    /**
     * For the live view: the last line of the board's console transcript when the suite talks to
     * a board, else the last line the job printed (its live progress).
     */
    public String lastLine() {
        Path dir = attemptDir;
        if (dir != null) {
            Optional<String> console = lastConsoleLine(dir.resolve("report").resolve("work"));
            if (console.isPresent()) {
                return console.get();
            }
        }
        return lastLine.get();
    }

    /** The newest console-*.log's last line, without its time stamp and direction marker. */
    static Optional<String> lastConsoleLine(Path work) {
        if (!Files.isDirectory(work)) {
            return Optional.empty();
        }
        try (Stream<Path> logs = Files.list(work)) {
            Optional<Path> newest = logs.filter(f -> f.getFileName().toString().matches("console-.*\\.log"))
                    .max(Comparator.comparingLong(f -> f.toFile().lastModified()));
            if (newest.isEmpty()) {
                return Optional.empty();
            }
            try (RandomAccessFile file = new RandomAccessFile(newest.get().toFile(), "r")) {
                long from = Math.max(0, file.length() - 4096);
                byte[] tail = new byte[(int) (file.length() - from)];
                file.seek(from);
                file.readFully(tail);
                List<String> lines = new String(tail, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
                if (lines.isEmpty()) {
                    return Optional.empty();
                }
                String[] parts = lines.get(lines.size() - 1).split(" ", 3);
                return Optional.of(parts.length == 3 ? parts[1] + " " + parts[2] : parts[parts.length - 1]);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Ends the job from another thread (lease lost, runner stopping); the result says why. */
    public void abandon(String why) {
        abandoned = why;
        Process p = process;
        if (p != null) {
            kill(p);
        }
    }

    /**
     * Runs {@code suite} on {@code board}, writing {@code attemptDir}/report (Allure results,
     * JUnit XML, transcripts) and {@code attemptDir}/hil-run.log, within {@code timeout}.
     */
    public AttemptResult run(String suite, PoolBoard board, Path attemptDir, Duration timeout) {
        this.attemptDir = attemptDir;
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classPath, "dev.hilfarm.harness.cli.Hil", "run", suite,
                "--board", board.profile(), "--target", board.kind().target(),
                "--folder", attemptDir.resolve("report").toString(), "--no-html"));
        if (board.kind() instanceof BoardKind.Serial serial) {
            for (Map.Entry<String, String> v : serial.powerVariables().entrySet()) {
                cmd.add("--power-var");
                cmd.add(v.getKey() + "=" + v.getValue());
            }
        }
        try {
            Files.createDirectories(attemptDir);
        } catch (IOException e) {
            return new AttemptResult.Infrastructure("cannot create " + attemptDir + ": " + e.getMessage());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(attemptDir.toFile()).redirectErrorStream(true);
        pb.environment().put(BOARD_ENV, board.name());
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread pump;
        try {
            process = pb.start();
            Process p = process;
            pump = new Thread(() -> pump(p, attemptDir.resolve(LOG)), "job-output-" + board.name());
            pump.setDaemon(true);
            pump.start();
            if (abandoned != null) {
                kill(p);
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                pump.join(KILL_GRACE.toMillis());
                return new AttemptResult.Infrastructure("job timed out after " + human(timeout) + " on " + board.name());
            }
            pump.join(KILL_GRACE.toMillis());
        } catch (IOException e) {
            return new AttemptResult.Infrastructure("cannot start the job process: " + e.getMessage());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new AttemptResult.Infrastructure("runner stopping: job on " + board.name() + " abandoned");
        }
        if (abandoned != null) {
            return new AttemptResult.Infrastructure(abandoned);
        }
        int exit = process.exitValue();
        String last = firstProblem.get() != null ? firstProblem.get() : hilLine.get() != null ? hilLine.get()
                : lastLine.get() == null ? "no output" : lastLine.get().strip();
        return switch (exit) {
            case 0 -> new AttemptResult.Passed();
            case 1 -> new AttemptResult.TestFailures(last);
            case 2 -> new AttemptResult.Infrastructure(last);
            default -> new AttemptResult.Infrastructure("job process ended with status " + exit + ": " + last);
        };
    }

    private void pump(Process p, Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            boolean detailNext = false;
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (!line.isBlank()) {
                    lastLine.set(line);
                    String t = line.strip();
                    if (detailNext && line.startsWith("    ")) {
                        firstProblem.set(firstProblem.get() + ": " + t);
                    }
                    detailNext = false;
                    // The live lines name each failed test, its first message line below it; the first
                    // such pair says best why the attempt failed. "hil: " is a run that could not start.
                    if ((t.startsWith("FAIL ") || t.startsWith("BROKEN ")) && firstProblem.get() == null) {
                        firstProblem.set(t.replaceAll("\\s+\\(\\d+[.,]\\d+ s\\)$", ""));
                        detailNext = true;
                    } else if (t.startsWith("hil: ") && !t.contains(" took ") && !t.startsWith("hil: running suite")) {
                        hilLine.set(t);
                    }
                }
            }
        } catch (IOException e) {
            // The process died or the log could not be written; the exit status still tells.
        }
    }

    /** Ends the job and everything it started (QEMU, pty helpers), politely first. */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }
}
