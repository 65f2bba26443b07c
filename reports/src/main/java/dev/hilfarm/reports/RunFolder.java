package dev.hilfarm.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The folder of one run, {@code <base>/<suite>-<yyyyMMdd-HHmmss>/}, and its three parts.
 *
 * <p>Two runs of a suite started within the same second get {@code -2}, {@code -3}, ... appended
 * rather than sharing a folder: mixing two runs' allure-results would merge their reports.
 */
record RunFolder(Path root, Path allureResults, Path junitXml, Path allureReport) {

    static final String ALLURE_RESULTS = "allure-results";
    static final String JUNIT_XML = "junit";
    static final String ALLURE_REPORT = "allure-report";

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** What follows "<suite>-" in a run folder's name. */
    static final Pattern STAMP_SUFFIX = Pattern.compile("\\d{8}-\\d{6}(-\\d+)?");

    static RunFolder create(Path baseDir, String suite, LocalDateTime startedAt) {
        try {
            Files.createDirectories(baseDir);
            String name = prefix(suite) + STAMP.format(startedAt);
            Path root = baseDir.resolve(name);
            for (int attempt = 2; !tryCreate(root); attempt++) {
                root = baseDir.resolve(name + "-" + attempt);
            }
            RunFolder folder = new RunFolder(root.toAbsolutePath(), root.resolve(ALLURE_RESULTS).toAbsolutePath(),
                    root.resolve(JUNIT_XML).toAbsolutePath(), root.resolve(ALLURE_REPORT).toAbsolutePath());
            Files.createDirectory(folder.allureResults());
            Files.createDirectory(folder.junitXml());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report folder under " + baseDir + ": " + e.getMessage(), e);
        }
    }

    /** A run folder at exactly {@code root}, which must not exist yet (a farm job's attempt folder). */
    static RunFolder at(Path root) {
        try {
            Files.createDirectories(root.toAbsolutePath().getParent());
            Files.createDirectory(root);
            Path abs = root.toAbsolutePath();
            RunFolder folder = new RunFolder(abs, abs.resolve(ALLURE_RESULTS), abs.resolve(JUNIT_XML),
                    abs.resolve(ALLURE_REPORT));
            Files.createDirectory(folder.allureResults());
            Files.createDirectory(folder.junitXml());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** "<suite>-", with characters that do not belong in a file name replaced. */
    static String prefix(String suite) {
        String safe = suite.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.isEmpty() ? "suite" : safe) + "-";
    }

    private static boolean tryCreate(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
