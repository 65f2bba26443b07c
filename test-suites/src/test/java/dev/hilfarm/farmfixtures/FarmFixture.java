package dev.hilfarm.farmfixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the farm's fixture suites share: a folder named by {@code $HIL_FARM_FIXTURE} where the test
 * that drives the farm leaves instructions and the fixtures leave traces. These suites are found
 * only when {@code HIL_SUITE_PACKAGES=dev.hilfarm.farmfixtures}, i.e. in the farm tests.
 */
final class FarmFixture {
    private FarmFixture() {
    }

    static Path dir() {
        String d = System.getenv("HIL_FARM_FIXTURE");
        if (d == null) {
            throw new IllegalStateException("HIL_FARM_FIXTURE is not set");
        }
        return Path.of(d);
    }

    static String board() {
        return System.getenv().getOrDefault("HIL_FARM_BOARD", "?");
    }

    /** Appends a line to a trace file atomically enough for concurrent jobs (O_APPEND, one write). */
    static void trace(String file, String line) throws IOException {
        Files.writeString(dir().resolve(file), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
