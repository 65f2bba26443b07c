package dev.hilfarm.harness.farm.store;

import java.nio.file.Path;
import java.time.Duration;

/** A job leased to one board: attempt {@code attempt} of job {@code jobId}, to be written into {@code folder}. */
public record Claim(long jobId, String runId, int seq, String suite, String boardType, int attempt,
                    Duration timeout, String board, Path folder) {
}
