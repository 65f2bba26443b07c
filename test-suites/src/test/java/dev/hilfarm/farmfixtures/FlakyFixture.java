package dev.hilfarm.farmfixtures;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fails the first time it runs in a fixture folder, passes after: a flaky test. */
@Tag("farm-flaky")
class FlakyFixture {
    @Test
    void passesTheSecondTime() throws Exception {
        Path marker = FarmFixture.dir().resolve("flaky-ran-once");
        if (Files.notExists(marker)) {
            Files.writeString(marker, FarmFixture.board());
            fail("first run fails");
        }
    }
}
