package dev.hilfarm.harness.farm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobProcessTest {
    @Test
    void theLiveViewShowsTheConsolesLastLineWithoutItsTimeStamp(@TempDir Path work) throws Exception {
        assertEquals(Optional.empty(), JobProcess.lastConsoleLine(work));
        Files.writeString(work.resolve("console-vexpress-a9.log"),
                "12:00:00.001 < U-Boot 2024.01\n12:00:01.500 > root@hil:~# uname -m\n\n");
        assertEquals(Optional.of("> root@hil:~# uname -m"), JobProcess.lastConsoleLine(work));
    }

    @Test
    void durationsReadAsWritten() {
        assertEquals("90s", JobProcess.human(java.time.Duration.ofSeconds(90)));
        assertEquals("5m", JobProcess.human(java.time.Duration.ofMinutes(5)));
        assertEquals("2h", JobProcess.human(java.time.Duration.ofHours(2)));
    }
}
