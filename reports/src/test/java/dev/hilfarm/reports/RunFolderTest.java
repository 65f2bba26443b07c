package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    private static final LocalDateTime STARTED = LocalDateTime.of(2026, 11, 23, 19, 1, 9);

    @TempDir
    Path base;

    @Test
    void folderIsSuiteAndStartTimeWithResultsAndJunitInside() {
        RunFolder folder = RunFolder.create(base.resolve("new"), "smoke", STARTED);

        assertEquals(base.resolve("new/smoke-20261123-190109").toAbsolutePath(), folder.root());
        assertTrue(Files.isDirectory(folder.allureResults()));
        assertTrue(Files.isDirectory(folder.junitXml()));
        assertEquals(folder.root().resolve("allure-report"), folder.allureReport());
    }

    @Test
    void runsStartedInTheSameSecondGetTheirOwnFolders() {
        RunFolder first = RunFolder.create(base, "smoke", STARTED);
        RunFolder second = RunFolder.create(base, "smoke", STARTED);
        RunFolder third = RunFolder.create(base, "smoke", STARTED);

        assertEquals("smoke-20261123-190109", first.root().getFileName().toString());
        assertEquals("smoke-20261123-190109-2", second.root().getFileName().toString());
        assertEquals("smoke-20261123-190109-3", third.root().getFileName().toString());
    }

    @Test
    void suiteNamesCannotEscapeTheBaseFolder() {
        assertEquals(".._etc_passwd-", RunFolder.prefix("../etc/passwd"));
        assertEquals("nightly_full-", RunFolder.prefix("nightly full"));
        assertEquals("suite-", RunFolder.prefix("  "));
    }
}
