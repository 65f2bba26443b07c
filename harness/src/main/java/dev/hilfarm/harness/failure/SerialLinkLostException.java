package dev.hilfarm.harness.failure;

/** The console's serial device disappeared or stopped accepting I/O (adapter unplugged, QEMU died). */
public final class SerialLinkLostException extends InfrastructureException {
    public SerialLinkLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
