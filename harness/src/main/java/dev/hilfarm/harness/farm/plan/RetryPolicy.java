package dev.hilfarm.harness.farm.plan;

/**
 * How often a job is tried again. Infrastructure failures (no boot, serial or USB lost, power
 * command failed, timeout, lost lease) are retried on another board; test failures only when
 * {@code failures} says so, since a product failure is an answer, not an accident.
 *
 * @param infrastructure further attempts after an infrastructure failure
 * @param failures       further attempts after test failures (a later pass makes the job flaky)
 */
public record RetryPolicy(int infrastructure, int failures) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, 0);

    public RetryPolicy {
        if (infrastructure < 0 || failures < 0) {
            throw new IllegalArgumentException("retry counts cannot be negative");
        }
    }
}
