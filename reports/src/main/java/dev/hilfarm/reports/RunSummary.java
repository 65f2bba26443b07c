package dev.hilfarm.reports;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a run came to: the counts, where the report is, and the process exit code.
 *
 * @param suite       the suite name the run was started for
 * @param reportDir   the run's folder, holding allure-results/, junit/ and allure-report/
 * @param htmlIndex   allure-report/index.html, or null when the HTML could not be generated
 * @param htmlProblem why the HTML is missing, or null when it was generated; the raw
 *                    allure-results are kept either way, so nothing is lost
 */
public record RunSummary(String suite, int passed, int failed, int broken, int skipped,
                         Path reportDir, Path htmlIndex, String htmlProblem) {

    /** Every test passed or was skipped. */
    public static final int EXIT_PASSED = 0;
    /** At least one product failure and no infrastructure failure. */
    public static final int EXIT_TEST_FAILURES = 1;
    /** At least one infrastructure failure: the result says nothing reliable about the product. */
    public static final int EXIT_INFRASTRUCTURE = 2;

    public RunSummary {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(reportDir, "reportDir");
        if ((htmlIndex == null) == (htmlProblem == null)) {
            throw new IllegalArgumentException("exactly one of htmlIndex and htmlProblem must be set");
        }
    }

    /** Broken wins over failed: a failure seen while the lab was broken may be the lab's fault. */
    public int exitCode() {
        if (broken > 0) {
            return EXIT_INFRASTRUCTURE;
        }
        return failed > 0 ? EXIT_TEST_FAILURES : EXIT_PASSED;
    }

    public int total() {
        return passed + failed + broken + skipped;
    }

    public Path allureResultsDir() {
        return reportDir.resolve(RunFolder.ALLURE_RESULTS);
    }

    public Path junitXmlDir() {
        return reportDir.resolve(RunFolder.JUNIT_XML);
    }

    /** {@code smoke: 6 passed, 0 failed, 0 broken, 0 skipped — report: /…/allure-report/index.html} */
    public String oneLine() {
        String counts = suite + ": " + passed + " passed, " + failed + " failed, "
                + broken + " broken, " + skipped + " skipped";
        if (htmlIndex != null) {
            return counts + " — report: " + htmlIndex;
        }
        return counts + " — no HTML report (" + htmlProblem + "); raw results: " + allureResultsDir();
    }
}
