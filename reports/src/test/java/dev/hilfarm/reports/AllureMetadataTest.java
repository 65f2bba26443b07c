package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureMetadataTest {

    @TempDir
    Path results;

    @Test
    void environmentRoundTripsThroughProperties() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("board", "beaglebone-black");
        environment.put("kernel cmdline", "console=ttyS0,115200 root=/dev/mmcblk0p2");

        AllureMetadata.writeEnvironment(results, environment);

        Properties read = new Properties();
        try (Reader in = Files.newBufferedReader(results.resolve("environment.properties"), StandardCharsets.UTF_8)) {
            read.load(in);
        }
        assertEquals(environment, Map.copyOf(read.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> (String) e.getKey(), e -> (String) e.getValue()))));
    }

    @Test
    void categoriesSplitBrokenFromFailed() throws IOException {
        AllureMetadata.writeCategories(results);

        String categories = Files.readString(results.resolve("categories.json"));
        assertTrue(categories.matches("(?s).*\"Infrastructure failures\".*\"matchedStatuses\": \\[\"broken\"].*"));
        assertTrue(categories.matches("(?s).*\"Product failures\".*\"matchedStatuses\": \\[\"failed\"].*"));
    }

    @Test
    void executorNamesTheRun() throws IOException {
        AllureMetadata.writeExecutor(results, "smoke \"quick\"", "smoke-20260101-120000");

        String executor = Files.readString(results.resolve("executor.json"));
        assertTrue(executor.contains("\"buildName\": \"smoke-20260101-120000\""));
        assertTrue(executor.contains("\"reportName\": \"smoke \\\"quick\\\"\""));
    }

    @Test
    void jsonStringEscapes() {
        assertEquals("\"a\\\\b\\n\\u0001\"", AllureMetadata.jsonString("a\\b\n\u0001"));
    }
}
