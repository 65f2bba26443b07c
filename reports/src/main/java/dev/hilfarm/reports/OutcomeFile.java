package dev.hilfarm.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code outcomes.tsv} in a run folder: one line per test, {@code OUTCOME<TAB>name}. The farm reads
 * it to store per-test results (flaky detection, pass-rate tables) without parsing Allure's JSON.
 */
public final class OutcomeFile implements Consumer<TestOutcome> {

    public static final String NAME = "outcomes.tsv";

    /** One line of the file. */
    public record Line(Outcome outcome, String test) {
    }

    private final List<TestOutcome> seen = new ArrayList<>();

    @Override
    public synchronized void accept(TestOutcome outcome) {
        seen.add(outcome);
    }

    /** Writes atomically: a reader never sees half a file. */
    synchronized void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (TestOutcome o : seen) {
            text.append(o.outcome().name()).append('\t').append(o.name().replace('\t', ' ').replace('\n', ' '))
                    .append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a run folder's outcomes; an absent file (the run died before finishing) reads as none. */
    public static List<Line> read(Path runFolder) throws IOException {
        Path file = runFolder.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = l.indexOf('\t');
            if (tab > 0) {
                lines.add(new Line(Outcome.valueOf(l.substring(0, tab)), l.substring(tab + 1)));
            }
        }
        return lines;
    }
}
