package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static final Path DIR = Path.of("/reports/smoke-20260101-120000");
    private static final Path INDEX = DIR.resolve("allure-report/index.html");

    private static RunSummary summary(int passed, int failed, int broken, int skipped) {
        return new RunSummary("smoke", passed, failed, broken, skipped, DIR, INDEX, null);
    }

    @Test
    void brokenWinsOverFailed() {
        assertEquals(2, summary(3, 1, 1, 0).exitCode());
    }

    @Test
    void onlyFailedExitsOne() {
        assertEquals(1, summary(3, 1, 0, 2).exitCode());
    }

    @Test
    void passedAndSkippedExitZero() {
        assertEquals(0, summary(3, 0, 0, 2).exitCode());
        assertEquals(0, summary(0, 0, 0, 0).exitCode());
    }

    @Test
    void oneLineNamesCountsAndReport() {
        assertEquals("smoke: 6 passed, 0 failed, 0 broken, 0 skipped — report: " + INDEX, summary(6, 0, 0, 0).oneLine());
    }

    @Test
    void oneLineWithoutHtmlSaysWhyAndWhereTheRawResultsAre() {
        RunSummary summary = new RunSummary("smoke", 1, 0, 0, 0, DIR, null, "allure-commandline exited with status 1");

        assertEquals("smoke: 1 passed, 0 failed, 0 broken, 0 skipped — no HTML report (allure-commandline exited"
                + " with status 1); raw results: " + DIR.resolve("allure-results"), summary.oneLine());
    }

    @Test
    void eitherAnIndexOrAProblem() {
        assertThrows(IllegalArgumentException.class, () -> new RunSummary("s", 0, 0, 0, 0, DIR, null, null));
        assertThrows(IllegalArgumentException.class, () -> new RunSummary("s", 0, 0, 0, 0, DIR, INDEX, "why"));
    }
}
