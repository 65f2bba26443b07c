package dev.hilfarm.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * The run-level files Allure reads from a results folder next to the test results:
 * environment.properties (the Environment widget), executor.json (the Executors widget) and
 * categories.json (the Categories tab, which is what splits infrastructure from product failures).
 */
final class AllureMetadata {

    static final String CATEGORIES_RESOURCE = "categories.json";

    private AllureMetadata() {
    }

    static void writeEnvironment(Path results, Map<String, String> environment) throws IOException {
        Properties properties = new Properties();
        properties.putAll(environment);
        try (Writer out = Files.newBufferedWriter(results.resolve("environment.properties"), StandardCharsets.UTF_8)) {
            properties.store(out, null);
        }
    }

    static void writeExecutor(Path results, String suite, String runName) throws IOException {
        String json = "{\n"
                + "  \"name\": \"hilfarm\",\n"
                + "  \"type\": \"hilfarm\",\n"
                + "  \"buildName\": " + jsonString(runName) + ",\n"
                + "  \"reportName\": " + jsonString(suite) + "\n"
                + "}\n";
        Files.writeString(results.resolve("executor.json"), json, StandardCharsets.UTF_8);
    }

    /** Copies the fixed category list shipped in this jar; first match wins, so order matters. */
    static void writeCategories(Path results) throws IOException {
        try (InputStream in = AllureMetadata.class.getResourceAsStream(CATEGORIES_RESOURCE)) {
            if (in == null) {
                throw new IOException(CATEGORIES_RESOURCE + " is missing from the reports jar");
            }
            Files.copy(in, results.resolve("categories.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
