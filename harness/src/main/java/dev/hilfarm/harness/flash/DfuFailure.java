package dev.hilfarm.harness.flash;

/** The DFU device reported an error status (errADDRESS, errWRITE…): it refused what was sent. */
public final class DfuFailure extends RuntimeException {
    private final int status;

    public DfuFailure(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The DFU status code (DFU 1.1, 6.1.2). */
    public int status() {
        return status;
    }
}
