package dev.hilfarm.harness.console;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The serial console of one target: what a test types and what it waits for.
 *
 * <p>Everything the board sends is kept in a {@link Transcript} and scanned for death patterns as
 * it arrives. Text is matched after normalisation: ANSI escape sequences are removed and CRLF / lone
 * CR become LF, so patterns never have to care about terminal noise. Every wait has a bound.
 *
 * <p>Failures: {@link ConsoleTimeoutException} and {@link DeathPatternException} are test failures;
 * {@link dev.hilfarm.harness.failure.SerialLinkLostException} is an infrastructure failure.
 */
public interface Console extends AutoCloseable {

    /** Sends raw text as UTF-8, no line ending added. */
    void send(String text);

    /** Sends the text followed by the console's line ending. */
    void sendLine(String line);

    /**
     * Waits until the normalised output, from the point the last match ended, matches the pattern.
     * Output before the match is consumed with it.
     */
    Match expect(Pattern pattern, Duration timeout);

    default Match expect(String regex, Duration timeout) {
        return expect(Pattern.compile(regex), timeout);
    }

    /**
     * Runs one shell command at the prompt and returns its output and exit status, delimited by
     * unique markers so that echo, prompts, CRLF and ANSI noise never leak into the output.
     */
    CommandResult run(String command, Duration timeout);

    /** Adds a death pattern; matching output fails the current or next wait at once. */
    void addDeathPattern(Pattern pattern);

    /** Discards output received so far that no expect has consumed. */
    void discardPending();

    /** The record of everything exchanged on this console. */
    Transcript transcript();

    /** True once the serial link is lost; every later call then fails as an infrastructure failure. */
    boolean isLost();

    @Override
    void close();
}
