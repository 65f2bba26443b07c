package dev.hilfarm.reports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The result of one attempt at generating the Allure HTML report.
 *
 * @param index   the report's index.html, or null when generation failed
 * @param problem why generation failed, or null when it worked
 * @param took    wall-clock time of the attempt, including unpacking allure-commandline on first use
 */
public record HtmlReport(Path index, String problem, Duration took) {

    public HtmlReport {
        Objects.requireNonNull(took, "took");
        if ((index == null) == (problem == null)) {
            throw new IllegalArgumentException("exactly one of index and problem must be set");
        }
    }

    static HtmlReport generated(Path index, Duration took) {
        return new HtmlReport(index, null, took);
    }

    static HtmlReport failed(String problem, Duration took) {
        return new HtmlReport(null, problem, took);
    }

    public boolean isGenerated() {
        return index != null;
    }
}
