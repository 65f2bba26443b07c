package dev.hilfarm.reports;

import java.time.Duration;
import java.util.Objects;

/**
 * One test's result as the farm reports it.
 *
 * @param name    display names from the class down to the test, joined with " › "
 * @param outcome how it ended
 * @param took    how long it ran, or null when it never ran (skipped, or its class's setup failed)
 * @param detail  the first line of what went wrong or why it was skipped, or null
 */
public record TestOutcome(String name, Outcome outcome, Duration took, String detail) {
    public TestOutcome {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
    }
}
