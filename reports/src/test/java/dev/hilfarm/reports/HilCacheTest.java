package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HilCacheTest {

    @Test
    void hilCacheWins() {
        assertEquals(Path.of("/srv/hil-cache"), HilCache.root(Map.of("HIL_CACHE", "/srv/hil-cache"), "/home/lab"));
    }

    @Test
    void defaultsToDotCacheInHome() {
        assertEquals(Path.of("/home/lab/.cache/hilfarm"), HilCache.root(Map.of(), "/home/lab"));
        assertEquals(Path.of("/home/lab/.cache/hilfarm"), HilCache.root(Map.of("HIL_CACHE", " "), "/home/lab"));
    }
}
