package dev.hilfarm.harness.console;

/**
 * What a test expected did not appear on the console within its bound. A test failure: the board
 * is up and talking, it just did not say what the test wanted. The message ends with the transcript
 * tail so the report shows what the board said instead.
 */
public final class ConsoleTimeoutException extends AssertionError {
    public ConsoleTimeoutException(String message) {
        super(message);
    }
}
