package dev.hilfarm.image.hypervisor;

/** The hypervisor could not be built: a board it cannot run on, a compiler error, an I/O failure. */
public final class HypervisorBuildException extends RuntimeException {
    public HypervisorBuildException(String message) {
        super(message);
    }

    public HypervisorBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
