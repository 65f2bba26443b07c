package dev.hilfarm.board.exec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * One run-to-completion invocation of a host tool (apt-get, dpkg-deb, a power switch command).
 *
 * <p>Always an argument array handed to Commons Exec: nothing is ever passed through a shell, so
 * arguments that come from profiles or the command line cannot inject commands. Every run has a
 * time bound; a tool that is not installed is reported with the Debian package that provides it.
 */
public final class HostCommand {

    private final List<String> argv;
    private final Duration timeout;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final String debianPackage;

    private HostCommand(List<String> argv, Duration timeout, Path workingDirectory,
                        Map<String, String> environment, String debianPackage) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.argv = List.copyOf(argv);
        this.timeout = Objects.requireNonNull(timeout);
        this.workingDirectory = workingDirectory;
        this.environment = environment;
        this.debianPackage = debianPackage;
    }

    public static HostCommand of(List<String> argv) {
        return new HostCommand(argv, Duration.ofMinutes(5), null, null, null);
    }

    public static HostCommand of(String... argv) {
        return of(List.of(argv));
    }

    public HostCommand timeout(Duration limit) {
        return new HostCommand(argv, limit, workingDirectory, environment, debianPackage);
    }

    public HostCommand in(Path directory) {
        return new HostCommand(argv, timeout, directory, environment, debianPackage);
    }

    /** Replaces the child's environment entirely (null keeps the JVM's). */
    public HostCommand environment(Map<String, String> env) {
        return new HostCommand(argv, timeout, workingDirectory, env == null ? null : Map.copyOf(env), debianPackage);
    }

    /** The Debian package that ships the tool, named in the error when it is missing. */
    public HostCommand providedBy(String packageName) {
        return new HostCommand(argv, timeout, workingDirectory, environment, packageName);
    }

    public List<String> argv() {
        return argv;
    }

    /** Runs the command and returns its result whatever the exit status. */
    public Result run() {
        String program = argv.get(0);
        if (ToolLocator.find(program).isEmpty()) {
            throw new ToolMissingException(program, debianPackage);
        }
        CommandLine line = new CommandLine(program);
        for (String arg : argv.subList(1, argv.size())) {
            line.addArgument(arg, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setWorkingDirectory(workingDirectory == null ? new File(".") : workingDirectory.toFile())
                .get();
        executor.setStreamHandler(new PumpStreamHandler(out, err));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        long start = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(line, environment);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            throw new HostCommandException("could not start " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (watchdog.killedProcess()) {
            throw new HostCommandException(program + " did not finish within " + timeout.toSeconds()
                    + " s and was stopped: " + String.join(" ", argv), null);
        }
        return new Result(argv, exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), took);
    }

    /** Runs the command and fails with its stderr when the exit status is not zero. */
    public Result runChecked() {
        Result result = run();
        if (result.exitStatus() != 0) {
            throw new HostCommandException(argv.get(0) + " exited with status " + result.exitStatus()
                    + ": " + result.lastErrorLine() + "  (command: " + String.join(" ", argv) + ")", null);
        }
        return result;
    }

    /** What a finished command left behind. */
    public record Result(List<String> argv, int exitStatus, String stdout, String stderr, Duration took) {
        public String lastErrorLine() {
            String text = stderr.isBlank() ? stdout : stderr;
            String[] lines = text.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    /** Looks a program up on PATH the way execvp would, without running anything. */
    public static final class ToolLocator {
        private ToolLocator() {
        }

        public static java.util.Optional<Path> find(String program) {
            if (program.contains("/")) {
                Path p = Path.of(program);
                return Files.isExecutable(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
            }
            String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return java.util.Optional.of(candidate);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
