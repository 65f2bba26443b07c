package dev.hilfarm.harness.farm.store;

import dev.hilfarm.harness.failure.InfrastructureException;

/** The farm store cannot be reached or refused an operation: a lab problem, not a product one. */
public final class StoreException extends InfrastructureException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
