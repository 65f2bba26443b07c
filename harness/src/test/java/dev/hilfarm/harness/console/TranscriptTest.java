package dev.hilfarm.harness.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T19:04:11.123Z"), ZoneOffset.UTC);

    @Test
    void linesCarryTimeAndDirection() {
        Transcript t = new Transcript(CLOCK, 10_000, 100, null);
        received(t, "Booting Linux\n# ");
        t.sent("uname -m\n");
        received(t, "uname -m\narmv7l\n# ");
        assertEquals(List.of(
                "19:04:11.123 < Booting Linux",
                "19:04:11.123 < # ",
                "19:04:11.123 > uname -m",
                "19:04:11.123 < uname -m",
                "19:04:11.123 < armv7l",
                "19:04:11.123 < # "), t.tail(10));
    }

    @Test
    void sinceAMarkHasTheLineInProgressAndEverythingAfter() {
        Transcript t = new Transcript(CLOCK, 10_000, 100, null);
        received(t, "earlier\n# ");
        long mark = t.mark();
        t.sent("true\n");
        received(t, "# ");
        assertEquals("19:04:11.123 < # \n19:04:11.123 > true\n19:04:11.123 < # \n", t.since(mark));
    }

    @Test
    void tailCountsTheLineInProgress() {
        Transcript t = new Transcript(CLOCK, 10_000, 100, null);
        received(t, "a\nb\nc\nprompt# ");
        assertEquals(List.of("19:04:11.123 < c", "19:04:11.123 < prompt# "), t.tail(2));
    }

    @Test
    void memoryIsBoundedAndSinceSaysWhatWasDropped(@TempDir Path dir) {
        Path file = dir.resolve("console.log");
        Transcript t = new Transcript(CLOCK, 1_000, 100, file);
        long mark = t.mark();
        for (int i = 0; i < 1_000; i++) {
            received(t, "line " + i + "\n");
        }
        assertTrue(t.retainedChars() <= 1_000, "retained " + t.retainedChars());
        String section = t.since(mark);
        assertTrue(section.startsWith("["), section);
        assertTrue(section.contains("earlier lines no longer held in memory; the full transcript is in " + file), section);
        assertTrue(section.endsWith("< line 999\n"), section);
    }

    @Test
    void overlongLinesAreSplit() {
        Transcript t = new Transcript(CLOCK, 10_000, 10, null);
        received(t, "0123456789abcdef\n");
        assertEquals(List.of("19:04:11.123 < 0123456789", "19:04:11.123 < abcdef"), t.tail(5));
    }

    @Test
    void theFileHasEverythingAsItHappensIncludingTheLineInProgress(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/console.log");
        Transcript t = new Transcript(CLOCK, 200, 100, file);
        for (int i = 0; i < 100; i++) {
            received(t, "line " + i + "\n");
        }
        received(t, "login: ");
        String onDisk = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(onDisk.startsWith("19:04:11.123 < line 0\n"), onDisk);
        assertTrue(onDisk.endsWith("19:04:11.123 < line 99\n19:04:11.123 < login: "), onDisk);
        t.sent("root\n");
        t.close();
        assertTrue(Files.readString(file).endsWith("< login: \n19:04:11.123 > root\n"));
    }

    @Test
    void aSecondTranscriptOnTheSameFileAppends(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console.log");
        try (Transcript first = new Transcript(CLOCK, 1_000, 100, file)) {
            received(first, "first boot\n");
        }
        try (Transcript second = new Transcript(CLOCK, 1_000, 100, file)) {
            received(second, "second boot\n");
        }
        assertEquals("19:04:11.123 < first boot\n19:04:11.123 < second boot\n", Files.readString(file));
    }

    private static void received(Transcript t, String text) {
        char[] chars = text.toCharArray();
        t.received(chars, 0, chars.length);
    }
}
