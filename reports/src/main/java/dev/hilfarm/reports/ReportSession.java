package dev.hilfarm.reports;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Everything one suite run reports: live lines while it runs, then Allure results, JUnit XML and
 * the Allure HTML report in a folder of its own, {@code <baseDir>/<suite>-<yyyyMMdd-HHmmss>/}.
 *
 * <pre>{@code
 * ReportSession report = ReportSession.create(baseDir, "smoke", System.out)
 *         .environment("board", "beaglebone-black");
 * ReportSession.launcher().execute(request, report.listeners().toArray(TestExecutionListener[]::new));
 * RunSummary summary = report.finish();
 * }</pre>
 *
 * <p>Allure's API ({@code Allure.step}, {@code Allure.addAttachment}, ...) is static: creating a
 * session points it at this run's allure-results folder. Hence one session at a time per JVM.
 */
public final class ReportSession {

    private final String suite;
    private final RunFolder folder;
    private final PrintStream live;
    private final AllureReportGenerator generator;
    private final OutcomeTally tally = new OutcomeTally();
    private final OutcomeFile outcomes = new OutcomeFile();
    private boolean html = true;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<TestExecutionListener> listeners;
    private boolean finished;

    private ReportSession(String suite, RunFolder folder, PrintStream live, AllureReportGenerator generator) {
        this.suite = suite;
        this.folder = folder;
        this.live = live;
        this.generator = generator;
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(folder.allureResults()));
        Allure.setLifecycle(lifecycle);
        this.listeners = List.of(
                new AllureJunitPlatform(lifecycle),
                // The writer only receives the XML listener's own errors (a file it cannot write).
                new LegacyXmlReportGeneratingListener(folder.junitXml(), new PrintWriter(live, true)),
                new OutcomeListener(List.of(new LiveProgressPrinter(live), tally, outcomes)));
    }

    /**
     * Creates the run folder and points Allure at it.
     *
     * @throws java.io.UncheckedIOException when the folder cannot be created (an infrastructure failure)
     */
    public static ReportSession create(Path baseDir, String suiteName, PrintStream live) {
        return create(baseDir, suiteName, live, AllureReportGenerator.fromBuild());
    }

    public static ReportSession create(Path baseDir, String suiteName, PrintStream live,
                                       AllureReportGenerator generator) {
        Objects.requireNonNull(suiteName, "suiteName");
        Objects.requireNonNull(live, "live");
        RunFolder folder = RunFolder.create(baseDir, suiteName, LocalDateTime.now());
        return new ReportSession(suiteName, folder, live, generator);
    }

    /**
     * A session writing into exactly {@code folder} (created; it must not exist yet), without
     * history carried over from sibling folders: a farm job's attempt, which the farm's own
     * run report aggregates.
     */
    public static ReportSession createAt(Path folder, String suiteName, PrintStream live) {
        Objects.requireNonNull(suiteName, "suiteName");
        Objects.requireNonNull(live, "live");
        return new ReportSession(suiteName, RunFolder.at(folder), live, AllureReportGenerator.fromBuild());
    }

    /** Leaves out the HTML report (a farm job: its run's aggregated report is the one people read). */
    public synchronized ReportSession withoutHtml() {
        html = false;
        return this;
    }

    /**
     * A Launcher without ServiceLoader listener registration.
     *
     * <p>allure-junit-platform registers its own {@link AllureJunitPlatform} through ServiceLoader;
     * with registration on, every test would be reported twice, once into the default
     * ./allure-results. Use this Launcher (or build one with
     * {@code LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)}) together
     * with {@link #listeners()}.
     */
    public static Launcher launcher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
    }

    /** Adds a line to the report's Environment widget (board, kernel, image, lab host, ...). */
    public synchronized ReportSession environment(String key, String value) {
        environment.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
        return this;
    }

    /** Listeners to pass to {@link Launcher#execute}; register them all, and nothing else from Allure. */
    public List<TestExecutionListener> listeners() {
        return listeners;
    }

    /** This run's folder: allure-results/, junit/ and (after {@link #finish()}) allure-report/. */
    public Path reportDir() {
        return folder.root();
    }

    public Path allureResultsDir() {
        return folder.allureResults();
    }

    /**
     * Writes the Allure metadata, generates the HTML report and sums the run up. Call once, after
     * the Launcher returned. Never throws for a report problem: a missing HTML report is named in
     * the summary, lesser problems are printed on the live stream, and the exit code depends on
     * the tests alone.
     */
    public synchronized RunSummary finish() {
        if (finished) {
            throw new IllegalStateException("finish() was already called for " + folder.root());
        }
        finished = true;
        try {
            AllureMetadata.writeEnvironment(folder.allureResults(), environment);
            AllureMetadata.writeExecutor(folder.allureResults(), suite, folder.root().getFileName().toString());
            AllureMetadata.writeCategories(folder.allureResults());
        } catch (IOException e) {
            warn("Allure metadata not written: " + e.getMessage());
        }
        try {
            outcomes.write(folder.root().resolve(OutcomeFile.NAME));
        } catch (IOException e) {
            warn("outcomes file not written: " + e.getMessage());
        }
        if (!html) {
            return new RunSummary(suite,
                    tally.count(Outcome.PASSED), tally.count(Outcome.FAILED),
                    tally.count(Outcome.BROKEN), tally.count(Outcome.SKIPPED),
                    folder.root(), null, "not generated for a farm job");
        }
        try {
            AllureHistory.carryOver(folder, suite);
        } catch (IOException e) {
            // Only the trend widget suffers; the report itself is complete without history.
            warn("previous run's history not carried over: " + e.getMessage());
        }
        HtmlReport html = generator.generate(folder.allureResults(), folder.allureReport());
        return new RunSummary(suite,
                tally.count(Outcome.PASSED), tally.count(Outcome.FAILED),
                tally.count(Outcome.BROKEN), tally.count(Outcome.SKIPPED),
                folder.root(), html.index(), html.problem());
    }

    private void warn(String problem) {
        live.println("  report: " + problem);
        live.flush();
    }
}
