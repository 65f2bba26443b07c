package dev.hilfarm.emulator.machine;

/** An image the machine cannot load: not an ARM executable, malformed, or landing outside memory. The message says why, for the user. */
public final class InvalidImageException extends RuntimeException {
    public InvalidImageException(String message) {
        super(message);
    }
}
