package dev.hilfarm.harness.target;

import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.Match;
import dev.hilfarm.harness.console.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The console of a target for its whole life. A board restart replaces the serial connection
 * underneath (QEMU gets a new pty, an adapter is re-opened), but tests keep one Console reference
 * and one transcript, and death patterns added once stay in force.
 */
final class TargetConsole implements Console {
    private final String targetId;
    private final Transcript transcript;
    private final List<Pattern> extraDeathPatterns = new CopyOnWriteArrayList<>();
    private volatile Console current;

    TargetConsole(String targetId, Transcript transcript) {
        this.targetId = targetId;
        this.transcript = transcript;
    }

    void attach(Console connection) {
        extraDeathPatterns.forEach(connection::addDeathPattern);
        Console previous = current;
        current = connection;
        if (previous != null) {
            previous.close();
        }
    }

    void detach() {
        Console previous = current;
        current = null;
        if (previous != null) {
            previous.close();
        }
    }

    boolean attached() {
        return current != null;
    }

    private Console live() {
        Console c = current;
        if (c == null) {
            throw new TargetPoweredOffException(targetId);
        }
        return c;
    }

    @Override
    public void send(String text) {
        live().send(text);
    }

    @Override
    public void sendLine(String line) {
        live().sendLine(line);
    }

    @Override
    public Match expect(Pattern pattern, Duration timeout) {
        return live().expect(pattern, timeout);
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        return live().run(command, timeout);
    }

    @Override
    public void addDeathPattern(Pattern pattern) {
        extraDeathPatterns.add(pattern);
        Console c = current;
        if (c != null) {
            c.addDeathPattern(pattern);
        }
    }

    @Override
    public void discardPending() {
        live().discardPending();
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    @Override
    public boolean isLost() {
        Console c = current;
        return c == null || c.isLost();
    }

    @Override
    public void close() {
        detach();
    }
}
