package dev.hilfarm.harness.failure;

/**
 * The lab failed, not the product: a board that does not boot, a serial line or USB device that
 * is lost, a power command that fails, a lab operation that times out.
 *
 * <p>Deliberately not an {@link AssertionError}: JUnit and Allure report it as <em>broken</em>,
 * whereas product failures are assertion errors and are reported as <em>failed</em>. The farm
 * retries these on another board; it never retries test failures.
 */
public class InfrastructureException extends RuntimeException {
    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
