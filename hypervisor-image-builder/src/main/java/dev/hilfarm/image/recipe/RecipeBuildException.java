package dev.hilfarm.image.recipe;

/** A recipe could not be built; the message names the step and the file or tool that failed. */
public final class RecipeBuildException extends RuntimeException {
    public RecipeBuildException(String message) {
        super(message);
    }

    public RecipeBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
