package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class OutcomeTest {

    /** Stands in for dev.hilfarm.harness.console.ConsoleTimeoutException, which extends AssertionError. */
    static final class ConsoleTimeout extends AssertionError {
        ConsoleTimeout() {
            super("no login prompt within 60 s");
        }
    }

    /** Stands in for dev.hilfarm.harness.failure.InfrastructureException, a RuntimeException. */
    static final class Infrastructure extends RuntimeException {
        Infrastructure() {
            super("serial lost");
        }
    }

    @Test
    void assertionErrorsAreProductFailures() {
        assertEquals(Outcome.FAILED, Outcome.of(TestExecutionResult.failed(new AssertionFailedError("x"))));
        assertEquals(Outcome.FAILED, Outcome.of(TestExecutionResult.failed(new ConsoleTimeout())));
    }

    @Test
    void everythingElseThrownIsInfrastructure() {
        assertEquals(Outcome.BROKEN, Outcome.of(TestExecutionResult.failed(new Infrastructure())));
        assertEquals(Outcome.BROKEN, Outcome.of(TestExecutionResult.failed(new UncheckedIOException(new IOException()))));
        assertEquals(Outcome.BROKEN, Outcome.of(TestExecutionResult.failed(new OutOfMemoryError())));
    }

    @Test
    void abortedIsSkippedAndSuccessfulIsPassed() {
        assertEquals(Outcome.SKIPPED, Outcome.of(TestExecutionResult.aborted(new TestAbortedException("no GPU"))));
        assertEquals(Outcome.PASSED, Outcome.of(TestExecutionResult.successful()));
    }

    @Test
    void failureWithoutThrowableIsFailedLikeAllureSaysIt() {
        assertEquals(Outcome.FAILED, Outcome.of(TestExecutionResult.failed(null)));
    }
}
