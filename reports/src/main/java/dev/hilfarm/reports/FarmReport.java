package dev.hilfarm.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One report for a whole farm run: every job attempt's Allure results in one folder, history from
 * the plan's previous run (trend charts), the infrastructure/product categories, flaky markers, a
 * pass-rate table per board and per test, and every attempt's JUnit XML for CI systems.
 *
 * <p>Allure groups results with the same history id as retries of one test. The job process gives
 * a test the same id on every board, so each result's id is re-derived from the original, the
 * board type and the repetition: attempts of one job are retries of each other, the same test on
 * another board type or repetition is a test of its own, and ids stay the same from run to run.
 */
public final class FarmReport {

    /**
     * One attempt's report folder (as {@code hil run --folder} wrote it) and how to label it.
     *
     * @param flakyTests tests (by display name, as in Allure's testCaseName) to mark flaky in this attempt: they failed
     *                   earlier in the same job and passed here
     */
    public record Attempt(Path folder, String label, String board, String boardType, int repetition,
                          Set<String> flakyTests) {
    }

    /** A row of the pass-rate tables. */
    public record PassRate(String key, int passed, int flaky, int failed, int broken) {
        public int total() {
            return passed + flaky + failed + broken;
        }
    }

    private FarmReport() {
    }

    /** A new folder for a run of {@code plan} under {@code base}, named like suite runs: {@code <plan>-<stamp>}. */
    public static Path createRunFolder(Path base, String plan) {
        return RunFolder.create(base, plan, LocalDateTime.now()).root();
    }

    /**
     * (Re)writes the run's report in {@code runRoot}: allure-results/, junit/, pass-rates.md and
     * allure-report/. Safe to call again (after a resume): it starts from the attempts each time.
     */
    public static HtmlReport write(Path runRoot, String plan, List<Attempt> attempts, Map<String, String> environment,
                                   List<PassRate> byBoard, List<PassRate> byTest, AllureReportGenerator generator) {
        RunFolder folder = new RunFolder(runRoot, runRoot.resolve(RunFolder.ALLURE_RESULTS),
                runRoot.resolve(RunFolder.JUNIT_XML), runRoot.resolve(RunFolder.ALLURE_REPORT));
        try {
            clear(folder.allureResults());
            clear(folder.junitXml());
            for (Attempt a : attempts) {
                Path results = a.folder().resolve(RunFolder.ALLURE_RESULTS);
                if (Files.isDirectory(results)) {
                    try (Stream<Path> files = Files.list(results)) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            String name = f.getFileName().toString();
                            if (name.endsWith("-result.json")) {
                                String json = Files.readString(f, StandardCharsets.UTF_8);
                                writeAtomically(folder.allureResults().resolve(name), relabel(json, a));
                            } else if (name.endsWith("-attachment") || name.contains("-attachment.")
                                    || name.endsWith("-container.json")) {
                                Files.copy(f, folder.allureResults().resolve(name), StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                }
                Path junit = a.folder().resolve(RunFolder.JUNIT_XML);
                if (Files.isDirectory(junit)) {
                    try (Stream<Path> files = Files.list(junit)) {
                        for (Path f : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
                            Files.copy(f, folder.junitXml().resolve("TEST-" + a.label() + ".xml"),
                                    StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            AllureMetadata.writeEnvironment(folder.allureResults(), environment);
            AllureMetadata.writeExecutor(folder.allureResults(), plan, runRoot.getFileName().toString());
            AllureMetadata.writeCategories(folder.allureResults());
            AllureHistory.carryOver(folder, plan);
            writeAtomically(runRoot.resolve("pass-rates.md"), passRates(byBoard, byTest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report in " + runRoot + ": " + e.getMessage(), e);
        }
        return generator.generate(folder.allureResults(), folder.allureReport());
    }

    /** Farm labels, the per-board history id and, for a test that passed after failing, Allure's flaky flag. */
    static String relabel(String json, Attempt a) {
        String out = json;
        int h = out.indexOf("\"historyId\":\"");
        if (h >= 0) {
            int start = h + "\"historyId\":\"".length();
            int end = out.indexOf('"', start);
            String id = md5(out.substring(start, end) + "|" + a.boardType() + "|" + a.repetition());
            out = out.substring(0, start) + id + out.substring(end);
        }
        out = out.replaceFirst("\"labels\":\\[", java.util.regex.Matcher.quoteReplacement("\"labels\":[{\"name\":\"farm-board\",\"value\":"
                + AllureMetadata.jsonString(a.board()) + "},{\"name\":\"farm-attempt\",\"value\":"
                + AllureMetadata.jsonString(a.label()) + "},"));
        int steps = out.indexOf("\"steps\":");
        int nameAt = out.indexOf("\"testCaseName\":\"");
        if (nameAt >= 0) {
            int start = nameAt + "\"testCaseName\":\"".length();
            String fullName = out.substring(start, out.indexOf('"', start));
            if (a.flakyTests().contains(fullName)) {
                int details = out.indexOf("\"statusDetails\":{");
                if (details >= 0 && (steps < 0 || details < steps)) {
                    int at = details + "\"statusDetails\":{".length();
                    out = out.substring(0, at) + "\"flaky\":true," + out.substring(at);
                } else {
                    int last = out.lastIndexOf('}');
                    out = out.substring(0, last) + ",\"statusDetails\":{\"flaky\":true}" + out.substring(last);
                }
            }
        }
        return out;
    }

    static String passRates(List<PassRate> byBoard, List<PassRate> byTest) {
        StringBuilder md = new StringBuilder("# Pass rates\n\nFlaky counts as not passed: it failed before it passed.\n");
        table(md, "Board", byBoard);
        table(md, "Test", byTest);
        return md.toString();
    }

    private static void table(StringBuilder md, String what, List<PassRate> rows) {
        md.append("\n| ").append(what).append(" | passed | flaky | failed | broken | pass rate |\n|---|---:|---:|---:|---:|---:|\n");
        for (PassRate r : rows) {
            md.append("| ").append(r.key().replace("|", "\\|")).append(" | ").append(r.passed()).append(" | ")
                    .append(r.flaky()).append(" | ").append(r.failed()).append(" | ").append(r.broken()).append(" | ")
                    .append(r.total() == 0 ? "–" : String.format("%.0f %%", 100.0 * r.passed() / r.total()))
                    .append(" |\n");
        }
    }

    private static void clear(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
