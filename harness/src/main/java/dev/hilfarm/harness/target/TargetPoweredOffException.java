package dev.hilfarm.harness.target;

import dev.hilfarm.harness.failure.InfrastructureException;

/** Console use while the target has no power: a sequencing problem of the lab, not of the product. */
public final class TargetPoweredOffException extends InfrastructureException {
    public TargetPoweredOffException(String targetId) {
        super(targetId + " is powered off: its console is not available");
    }
}
