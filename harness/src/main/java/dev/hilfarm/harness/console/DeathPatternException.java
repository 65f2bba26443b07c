package dev.hilfarm.harness.console;

/**
 * The board printed a death pattern (kernel panic, oops): the product crashed. A test failure that
 * ends the wait at once instead of running into the timeout; the message carries the transcript tail.
 */
public final class DeathPatternException extends AssertionError {
    private final String pattern;

    public DeathPatternException(String pattern, String message) {
        super(message);
        this.pattern = pattern;
    }

    public String pattern() {
        return pattern;
    }
}
