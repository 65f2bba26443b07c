package dev.hilfarm.harness.farm.store;

/** How a job ended once no more attempts are due. */
public enum JobOutcome {
    PASSED,
    /** Failed, then passed on a retry: reported as flaky, never as passed. */
    FLAKY,
    FAILED,
    BROKEN
}
