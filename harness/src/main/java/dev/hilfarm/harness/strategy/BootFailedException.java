package dev.hilfarm.harness.strategy;

import dev.hilfarm.harness.failure.InfrastructureException;

/** A boot transition did not complete: the lab could not bring the board to the state a test needs. */
public final class BootFailedException extends InfrastructureException {
    public BootFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
