package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllureReportGeneratorTest {

    @TempDir
    Path tmp;

    @Test
    void theBuildRecordedWhereMavenPutTheZip() {
        AllureDistribution distribution = AllureDistribution.fromBuild();

        assertTrue(Files.isRegularFile(distribution.zip()), distribution.zip().toString());
        assertTrue(distribution.zip().getFileName().toString().equals(
                "allure-commandline-" + distribution.version() + ".zip"));
    }

    @Test
    void commandRunsTheCliMainClassWithThisJvmsJava() {
        Path home = Path.of("/cache/allure-commandline-2.34.0");

        List<String> argv = AllureReportGenerator.command(home, Path.of("/r/allure results"), Path.of("/r/allure-report"));

        assertTrue(Files.isExecutable(Path.of(argv.get(0))), argv.get(0));
        assertEquals(List.of("io.qameta.allure.CommandLine", "generate", "--clean", "-o", "/r/allure-report", "/r/allure results"),
                argv.subList(argv.size() - 6, argv.size()));
        assertTrue(argv.contains("/cache/allure-commandline-2.34.0/lib/*:/cache/allure-commandline-2.34.0/lib/config"));
    }

    @Test
    void aMissingZipIsReportedNotThrown() {
        AllureDistribution gone = new AllureDistribution("0.0.0", tmp.resolve("allure-commandline-0.0.0.zip"));
        AllureReportGenerator generator = new AllureReportGenerator(() -> gone, tmp.resolve("cache"), Duration.ofSeconds(5));

        HtmlReport html = generator.generate(tmp.resolve("allure-results"), tmp.resolve("run/allure-report"));

        assertFalse(html.isGenerated());
        assertNull(html.index());
        assertTrue(html.problem().contains("rebuild the reports module"), html.problem());
    }

    @Test
    void aJarBuiltWithoutTheMavenStepStillRunsAndOnlyMissesTheHtml() {
        AllureReportGenerator generator = new AllureReportGenerator(() -> {
            throw new IllegalStateException("allure-commandline.properties was not filled in by the build");
        }, tmp.resolve("cache"), Duration.ofSeconds(5));

        HtmlReport html = generator.generate(tmp.resolve("allure-results"), tmp.resolve("run/allure-report"));

        assertTrue(html.problem().contains("was not filled in by the build"), html.problem());
    }

    @Test
    void aCliThatFailsIsReportedWithItsLastLine() throws Exception {
        // A distribution without jars: java starts, cannot find the main class and exits 1.
        Path zip = tmp.resolve("allure-commandline-0.0.1.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("allure-0.0.1/lib/config/logback.xml"));
            out.write("<configuration/>".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        AllureReportGenerator generator = new AllureReportGenerator(
                () -> new AllureDistribution("0.0.1", zip), tmp.resolve("cache"), Duration.ofSeconds(30));

        HtmlReport report = generator.generate(Files.createDirectories(tmp.resolve("run/allure-results")),
                tmp.resolve("run/allure-report"));

        assertFalse(report.isGenerated());
        assertTrue(report.problem().startsWith("allure-commandline exited with status 1: "), report.problem());
        assertTrue(report.problem().contains("io.qameta.allure.CommandLine"), report.problem());
        assertTrue(report.problem().endsWith("see " + tmp.resolve("run/allure-commandline.log")), report.problem());
    }
}
