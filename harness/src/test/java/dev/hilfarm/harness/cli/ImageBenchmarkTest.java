package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBenchmarkTest {
    @TempDir
    Path dir;

    /** A small run: both sides work on the same inputs, the sparse outputs agree and both ratios are printed. */
    @Test
    void timesBothSidesAndPrintsTheRatios() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ImageBenchmark.run(dir, 8, 1, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("hilfarm/img2simg = ") && text.contains("output byte-identical"), text);
        assertTrue(text.contains("hilfarm/mkimage = "), text);
    }
}
