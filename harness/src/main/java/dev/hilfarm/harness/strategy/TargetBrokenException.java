package dev.hilfarm.harness.strategy;

import dev.hilfarm.harness.failure.InfrastructureException;

/** The target failed an earlier transition; later tests are reported as infrastructure failures. */
public final class TargetBrokenException extends InfrastructureException {
    public TargetBrokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
