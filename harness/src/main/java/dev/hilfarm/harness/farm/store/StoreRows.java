package dev.hilfarm.harness.farm.store;

import java.util.List;
import java.util.Map;

/** What the store tells status and results commands. */
public final class StoreRows {
    private StoreRows() {
    }

    public record Run(String id, String planName, String folder, long createdAt, Long finishedAt,
                      Map<String, String> health) {
    }

    public record Board(String name, String profile, String kind, List<String> tags, String agent, String host,
                        BoardState state, int infraStreak, String healthyForRun, Long currentJob, String lastLine,
                        long seenAt) {
    }

    public record Job(long id, String runId, int seq, String suite, String boardType, int repetition, String state,
                      JobOutcome outcome, int attempts, String planEntry) {
    }

    public record Attempt(long jobId, int attempt, String board, String agent, long startedAt, Long finishedAt,
                          String outcome, String detail, String folder) {
    }

    public record TestResult(long jobId, int attempt, String test, String outcome) {
    }
}
