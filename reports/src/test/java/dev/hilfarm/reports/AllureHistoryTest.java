package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureHistoryTest {

    @TempDir
    Path base;

    private void previousRun(String folder, String history) throws IOException {
        Path dir = Files.createDirectories(base.resolve(folder).resolve("allure-report/history"));
        Files.writeString(dir.resolve("history-trend.json"), history);
    }

    @Test
    void newestEarlierRunOfTheSameSuiteIsCarriedOver() throws IOException {
        previousRun("smoke-20260101-100000", "old");
        previousRun("smoke-20260102-100000", "newest");
        previousRun("smoke-extra-20260103-100000", "another suite");
        RunFolder current = RunFolder.create(base, "smoke", LocalDateTime.of(2026, 1, 4, 10, 0));

        AllureHistory.carryOver(current, "smoke");

        assertEquals("newest", Files.readString(current.allureResults().resolve("history/history-trend.json")));
    }

    @Test
    void firstRunHasNoHistory() throws IOException {
        RunFolder current = RunFolder.create(base, "smoke", LocalDateTime.of(2026, 1, 4, 10, 0));

        AllureHistory.carryOver(current, "smoke");

        assertFalse(Files.exists(current.allureResults().resolve("history")));
    }
}
