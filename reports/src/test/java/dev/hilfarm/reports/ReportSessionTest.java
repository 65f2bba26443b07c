package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.reports.fixtures.AllureApiFixture;
import dev.hilfarm.reports.fixtures.BrokenSetupFixture;
import dev.hilfarm.reports.fixtures.MixedOutcomesFixture;
import dev.hilfarm.reports.fixtures.PassingFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * One real run of fixture classes through a Launcher with the session's listeners, HTML report
 * included; every test below checks one thing that run produced.
 */
class ReportSessionTest {

    /** In a result file the test's own status comes before its steps' statuses. */
    private static final Pattern FIRST_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    @TempDir
    static Path tmp;

    private static RunSummary summary;
    private static String live;
    private static Duration finishTook;

    @BeforeAll
    static void runFixtures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // A space in the path: nothing may go through a shell or get quoted by Commons Exec.
        ReportSession session = ReportSession.create(tmp.resolve("hil reports"), "smoke",
                        new PrintStream(bytes, false, StandardCharsets.UTF_8))
                .environment("board", "beaglebone-black")
                .environment("lab", "rack-3");

        FixtureRun.run(session.listeners(), MixedOutcomesFixture.class, BrokenSetupFixture.class, AllureApiFixture.class);
        long start = System.nanoTime();
        summary = session.finish();
        finishTook = Duration.ofNanos(System.nanoTime() - start);
        live = bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        System.out.printf("finish() incl. HTML generation: %d ms%n", finishTook.toMillis());
    }

    @Test
    void countsFollowTheTaxonomy() {
        assertEquals(2, summary.passed());
        assertEquals(1, summary.failed());
        assertEquals(3, summary.broken(), "one broken test and two under a broken @BeforeAll");
        assertEquals(1, summary.skipped());
        assertEquals(2, summary.exitCode());
    }

    @Test
    void reportFolderIsNamedAfterSuiteAndStartTime() {
        assertEquals(tmp.resolve("hil reports").toAbsolutePath(), summary.reportDir().getParent());
        assertTrue(summary.reportDir().getFileName().toString().matches("smoke-\\d{8}-\\d{6}"));
    }

    @Test
    void liveLinesOnePerTestWithTheReason() {
        assertTrue(live.matches("(?s).*  PASS   smoke › kernel is armv7l  \\(\\d+\\.\\d\\d s\\)\n.*"), live);
        assertTrue(live.contains("  FAIL   smoke › rootfs is read-only  ("), live);
        assertTrue(live.contains("\n         mount flags of / ==> expected: <ro> but was: <rw>\n"), live);
        assertTrue(live.matches("(?s).*  BROKEN smoke › board boots  \\([^)]*\\)\n"
                + "         IllegalStateException: board did not boot\n.*"), live);
        // An aborted test did start, so it has a duration; tests that never started have none.
        assertTrue(live.matches("(?s).*  SKIP   smoke › gpu clock  \\([^)]*\\)\n"
                + "         Assumption failed: board has no GPU\n.*"), live);
        assertTrue(live.contains("  BROKEN power › board powers on\n"
                + "         IllegalStateException: power switch did not answer\n"), live);
        assertTrue(live.contains("  BROKEN power › board powers off\n"), live);
        assertEquals(7, live.lines().filter(line -> line.matches("  (PASS|FAIL|BROKEN|SKIP) .*")).count(), live);
    }

    @Test
    void junitXmlCountsFailuresAndErrorsSeparately() throws Exception {
        Path xml = summary.junitXmlDir().resolve("TEST-junit-jupiter.xml");
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getDocumentElement();

        assertEquals("testsuite", suite.getTagName());
        assertEquals("7", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("3", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
    }

    @Test
    void allureResultsHaveEveryStatus() throws IOException {
        List<String> statuses = resultStatuses(summary.allureResultsDir());

        // Allure reports a failed class as one extra result of its own, not per test.
        assertEquals(List.of("broken", "broken", "failed", "passed", "passed", "skipped"), statuses.stream().sorted().toList());
    }

    @Test
    void allureApiCallsFromTestsLandInThisRunsResults() throws IOException {
        String json = allResultJson(summary.allureResultsDir());
        assertTrue(json.contains("\"read uname -m\""), "step");
        assertTrue(json.contains("\"rack-3/slot-2\""), "label");
        assertTrue(json.contains("\"u-boot.env\""), "parameter");
        try (Stream<Path> files = Files.list(summary.allureResultsDir())) {
            assertEquals(1, files.filter(file -> file.getFileName().toString().endsWith("-attachment.txt")).count());
        }
    }

    @Test
    void allureMetadataIsWritten() throws IOException {
        Path results = summary.allureResultsDir();
        assertTrue(Files.readString(results.resolve("environment.properties")).contains("board=beaglebone-black"));
        assertTrue(Files.readString(results.resolve("executor.json")).contains(summary.reportDir().getFileName().toString()));
        assertTrue(Files.readString(results.resolve("categories.json")).contains("Infrastructure failures"));
    }

    @Test
    void htmlReportShowsTheCategories() throws IOException {
        assertNull(summary.htmlProblem());
        assertNotNull(summary.htmlIndex());
        assertEquals(summary.reportDir().resolve("allure-report/index.html"), summary.htmlIndex());
        assertTrue(Files.isRegularFile(summary.htmlIndex()));

        String categories = Files.readString(summary.reportDir().resolve("allure-report/data/categories.json"));
        assertTrue(categories.contains("\"Infrastructure failures\""), categories);
        assertTrue(categories.contains("\"Product failures\""), categories);
        String environment = Files.readString(summary.reportDir().resolve("allure-report/widgets/environment.json"));
        assertTrue(environment.contains("beaglebone-black"), environment);
    }

    @Test
    void oneLinePointsAtTheHtmlReport() {
        assertEquals("smoke: 2 passed, 1 failed, 3 broken, 1 skipped — report: " + summary.htmlIndex(), summary.oneLine());
    }

    @Test
    void aGreenRunExitsZeroAndCarriesTheHistoryOver() throws IOException {
        ReportSession session = ReportSession.create(tmp.resolve("hil reports"), "smoke",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        FixtureRun.run(session.listeners(), PassingFixture.class);

        RunSummary green = session.finish();

        assertEquals(0, green.exitCode());
        assertEquals(1, green.passed());
        assertTrue(Files.isDirectory(green.allureResultsDir().resolve("history")), "history of the first run");
        assertTrue(Files.isRegularFile(green.htmlIndex()));
    }

    private static List<String> resultStatuses(Path results) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-result.json"))
                    .map(ReportSessionTest::read)
                    .map(json -> {
                        Matcher status = FIRST_STATUS.matcher(json);
                        return status.find() ? status.group(1) : "none";
                    })
                    .toList();
        }
    }

    private static String allResultJson(Path results) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            return String.join("\n", files.filter(file -> file.getFileName().toString().endsWith("-result.json"))
                    .map(ReportSessionTest::read).toList());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
