package dev.hilfarm.reports;

import org.junit.platform.engine.TestExecutionResult;

/**
 * How one test ended, in the farm's failure taxonomy.
 *
 * <p>Product failures are {@link AssertionError}s (JUnit assertions, console timeouts, death
 * patterns); anything else that is thrown, an {@code InfrastructureException} above all, means
 * the lab broke rather than the product. That is exactly Allure's own rule for <em>failed</em>
 * versus <em>broken</em>, so the live lines, the exit code and the HTML report always agree.
 */
public enum Outcome {
    PASSED("PASS"),
    FAILED("FAIL"),
    BROKEN("BROKEN"),
    SKIPPED("SKIP");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The word printed in the live progress column. */
    public String label() {
        return label;
    }

    public static Outcome of(TestExecutionResult result) {
        return switch (result.getStatus()) {
            case SUCCESSFUL -> PASSED;
            // An aborted test is an assumption that did not hold: it did not run, it did not fail.
            case ABORTED -> SKIPPED;
            // Without a throwable there is nothing to call infrastructure; Allure says failed too.
            case FAILED -> result.getThrowable().map(Outcome::of).orElse(FAILED);
        };
    }

    public static Outcome of(Throwable thrown) {
        return thrown instanceof AssertionError ? FAILED : BROKEN;
    }
}
