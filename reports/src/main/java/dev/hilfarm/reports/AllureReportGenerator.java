package dev.hilfarm.reports;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

/**
 * Turns an allure-results folder into the static HTML report with allure-commandline.
 *
 * <p>The CLI runs in a child JVM started from the current JVM's own java binary, so the report
 * needs no Java or Allure on PATH. The child gets an argument array (no shell, so paths with
 * spaces are safe), {@code APP_HOME} (without it the CLI ignores its config and plugins) and a
 * time limit. Its output goes to {@code allure-commandline.log} next to the report.
 *
 * <p>{@link #generate} never throws: a report that cannot be generated is a problem to tell the
 * user about, not a reason to lose the run's exit code, and the raw results stay on disk.
 */
public final class AllureReportGenerator {

    /** The CLI's entry point, as the distribution's bin/allure script launches it. */
    static final String MAIN_CLASS = "io.qameta.allure.CommandLine";
    static final String LOG_FILE = "allure-commandline.log";
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private final Supplier<AllureDistribution> distribution;
    private final Path cacheRoot;
    private final Duration timeout;

    /**
     * @param distribution looked up only when a report is generated, so that a jar built without
     *                     the Maven step (an IDE build) still runs tests and only misses the HTML
     */
    AllureReportGenerator(Supplier<AllureDistribution> distribution, Path cacheRoot, Duration timeout) {
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The allure-commandline this module was built with, unpacked into the farm cache. */
    public static AllureReportGenerator fromBuild() {
        return new AllureReportGenerator(AllureDistribution::fromBuild, HilCache.root(), DEFAULT_TIMEOUT);
    }

    public AllureReportGenerator withTimeout(Duration limit) {
        return new AllureReportGenerator(distribution, cacheRoot, limit);
    }

    /** Generates {@code htmlDir} from {@code resultsDir}, replacing whatever {@code htmlDir} held. */
    public HtmlReport generate(Path resultsDir, Path htmlDir) {
        long start = System.nanoTime();
        Path log = htmlDir.toAbsolutePath().resolveSibling(LOG_FILE);
        try {
            Path home = distribution.get().installedIn(cacheRoot);
            Files.createDirectories(log.getParent());
            String problem = run(command(home, resultsDir, htmlDir), home, log);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Path index = htmlDir.resolve("index.html").toAbsolutePath();
            if (problem == null && !Files.isRegularFile(index)) {
                problem = "allure-commandline wrote no index.html; see " + log;
            }
            return problem == null ? HtmlReport.generated(index, took) : HtmlReport.failed(problem, took);
        } catch (IOException | RuntimeException e) {
            return HtmlReport.failed("allure-commandline could not run: " + e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    static List<String> command(Path home, Path resultsDir, Path htmlDir) {
        Path lib = home.resolve("lib");
        // The java launcher expands "lib/*" itself; lib/config holds the CLI's logback.xml.
        String classPath = lib.resolve("*") + File.pathSeparator + lib.resolve("config");
        return List.of(
                currentJava().toString(),
                // A short-lived batch job: the C1 compiler alone starts it about a third faster.
                "-XX:TieredStopAtLevel=1",
                "-cp", classPath,
                MAIN_CLASS,
                "generate", "--clean",
                "-o", htmlDir.toAbsolutePath().toString(),
                resultsDir.toAbsolutePath().toString());
    }

    /** Runs the CLI; returns null on success, otherwise what went wrong. */
    private String run(List<String> argv, Path home, Path log) throws IOException {
        CommandLine line = new CommandLine(argv.get(0));
        for (String arg : argv.subList(1, argv.size())) {
            // false: Commons Exec would otherwise wrap arguments with spaces in literal quotes.
            line.addArgument(arg, false);
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("APP_HOME", home.toString());
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(home).get();
        executor.setWatchdog(watchdog);
        // Ctrl-C on `hil run` while the report is generated must not leave the child JVM behind.
        executor.setProcessDestroyer(new ShutdownHookProcessDestroyer());
        executor.setExitValues(null);
        int exit;
        try (OutputStream out = Files.newOutputStream(log)) {
            out.write((String.join(" ", argv) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            executor.setStreamHandler(new PumpStreamHandler(out));
            try {
                exit = executor.execute(line, environment);
            } catch (ExecuteException e) {
                exit = e.getExitValue();
            }
        }
        if (watchdog.killedProcess()) {
            return "allure-commandline did not finish within " + timeout.toSeconds() + " s; see " + log;
        }
        if (exit != 0) {
            return "allure-commandline exited with status " + exit + ": " + lastLine(log) + "; see " + log;
        }
        return null;
    }

    /**
     * The java binary running this JVM. ProcessHandle names the actual executable; when the
     * process is a native launcher (jpackage, a wrapper binary) rather than java itself, the
     * runtime's own bin/java is used instead.
     */
    static Path currentJava() {
        String binary = File.separatorChar == '\\' ? "java.exe" : "java";
        return ProcessHandle.current().info().command()
                .map(Path::of)
                .filter(command -> command.getFileName().toString().equals(binary))
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", binary));
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(no output)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
