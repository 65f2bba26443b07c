package dev.hilfarm.reports;

import java.nio.file.Path;
import java.util.Map;

/** The farm's per-user cache folder: {@code $HIL_CACHE}, or {@code ~/.cache/hilfarm} when unset. */
final class HilCache {

    static final String ENV = "HIL_CACHE";

    private HilCache() {
    }

    static Path root() {
        return root(System.getenv(), System.getProperty("user.home"));
    }

    static Path root(Map<String, String> environment, String userHome) {
        String configured = environment.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(userHome, ".cache", "hilfarm");
    }
}
