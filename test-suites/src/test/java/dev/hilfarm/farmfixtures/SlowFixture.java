package dev.hilfarm.farmfixtures;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Holds its board for $HIL_FARM_SLOW_MS (default 3000) and records when it started and ended on
 * which board, so a test can check that no board ever ran two jobs at once.
 */
@Tag("farm-slow")
class SlowFixture {
    @Test
    void holdsTheBoard() throws Exception {
        long ms = Long.parseLong(System.getenv().getOrDefault("HIL_FARM_SLOW_MS", "3000"));
        long start = Instant.now().toEpochMilli();
        FarmFixture.trace("slow-runs", "start " + FarmFixture.board() + " " + start + " " + ProcessHandle.current().pid());
        Thread.sleep(Duration.ofMillis(ms).toMillis());
        FarmFixture.trace("slow-runs", "end " + FarmFixture.board() + " " + Instant.now().toEpochMilli() + " "
                + ProcessHandle.current().pid());
    }
}
