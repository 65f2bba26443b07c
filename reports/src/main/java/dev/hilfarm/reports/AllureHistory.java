package dev.hilfarm.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Carries the previous run's history into this run's results so the report shows trends and
 * retries across runs of the same suite.
 *
 * <p>Allure keeps history by reading {@code allure-results/history/} and writing
 * {@code allure-report/history/}; since every run has its own folder, the newest earlier run of
 * the suite under the same base folder is the one to read from.
 */
final class AllureHistory {

    private static final String HISTORY = "history";

    private AllureHistory() {
    }

    static void carryOver(RunFolder current, String suite) throws IOException {
        Optional<Path> previous = previousHistory(current, suite);
        if (previous.isEmpty()) {
            return;
        }
        Path target = Files.createDirectories(current.allureResults().resolve(HISTORY));
        try (Stream<Path> files = Files.list(previous.get())) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Optional<Path> previousHistory(RunFolder current, String suite) throws IOException {
        String prefix = RunFolder.prefix(suite);
        Path base = current.root().getParent();
        try (Stream<Path> runs = Files.list(base)) {
            // Folder names sort by start time: the stamp is fixed-width and most significant first.
            return runs.filter(run -> !run.equals(current.root()))
                    .filter(run -> isRunOf(run, prefix))
                    .map(run -> run.resolve(RunFolder.ALLURE_REPORT).resolve(HISTORY))
                    .filter(Files::isDirectory)
                    .max(Comparator.comparing(history -> history.getParent().getParent().getFileName().toString()));
        }
    }

    private static boolean isRunOf(Path run, String prefix) {
        String name = run.getFileName().toString();
        return name.startsWith(prefix) && RunFolder.STAMP_SUFFIX.matcher(name.substring(prefix.length())).matches();
    }
}
