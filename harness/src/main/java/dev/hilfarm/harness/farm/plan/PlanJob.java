package dev.hilfarm.harness.farm.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a plan: run {@code suite} on boards of {@code boardType} (any type when empty)
 * that carry all of {@code tags}, {@code repeat} times.
 *
 * @param where the plan file and entry, e.g. {@code nightly.yaml:12 jobs[1]}, for errors later on
 */
public record PlanJob(String suite, Optional<String> boardType, List<String> tags, int repeat, int priority,
                      Duration timeout, RetryPolicy retry, String where) {
    public PlanJob {
        tags = List.copyOf(tags);
    }
}
