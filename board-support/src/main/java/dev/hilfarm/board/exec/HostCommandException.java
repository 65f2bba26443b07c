package dev.hilfarm.board.exec;

/** A host tool could not be started, timed out, or failed. The message is one line for the user. */
public class HostCommandException extends RuntimeException {
    public HostCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
