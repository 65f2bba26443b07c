package dev.hilfarm.suites.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Match;
import dev.hilfarm.harness.console.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Megabytes of output before the awaited text: the wait completes and memory stays bounded. */
@Tag("console")
@DisplayName("console: output flood")
class FloodTest {
    private static final int FLOOD_BYTES = 5 * 1024 * 1024;

    @Test
    @DisplayName("5 MB of output, then the expected text: found, with bounded memory, all of it on disk")
    void floodThenExpectedText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console.log");
        ConsoleSettings settings = ConsoleSettings.defaults();
        try (BoardConsole connection = BoardConsole.connect(FakeBoard.scripted(), settings, Transcript.toFile(file))) {
            Thread flood = new Thread(() -> {
                StringBuilder chunk = new StringBuilder();
                int line = 0;
                for (int sent = 0; sent < FLOOD_BYTES; ) {
                    chunk.setLength(0);
                    while (chunk.length() < 64 * 1024) {
                        chunk.append(String.format("[%8d.%06d] \u001b[33mflood\u001b[0m line %07d of noise%n", line / 1000, line % 1000, line));
                        line++;
                    }
                    connection.board().print(chunk.toString().replace("\n", "\r\n"));
                    sent += chunk.length();
                }
                connection.board().print("FLOOD-DONE\r\n");
            }, "flood");
            flood.start();

            Match done = connection.console().expect("FLOOD-DONE\n", Duration.ofMinutes(3));

            assertEquals("FLOOD-DONE\n", done.matched());
            assertTrue(done.before().length() <= settings.pendingLimitChars(),
                    "the search window is bounded: " + done.before().length());
            assertTrue(connection.console().unconsumedChars() <= settings.pendingLimitChars());
            assertTrue(connection.transcript().retainedChars() <= Transcript.DEFAULT_RETAINED_CHARS,
                    "transcript memory is bounded: " + connection.transcript().retainedChars());
            long onDisk = Files.size(file);
            assertTrue(onDisk > FLOOD_BYTES, "the file has the whole flood: " + onDisk + " bytes");
            String last = Files.readString(file, StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.endsWith("< FLOOD-DONE"), last);
        }
    }
}
