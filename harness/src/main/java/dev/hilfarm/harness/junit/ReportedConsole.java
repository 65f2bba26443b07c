package dev.hilfarm.harness.junit;

import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.Match;
import dev.hilfarm.harness.console.Transcript;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The console as a test sees it: every interaction is an Allure step (with the command's output
 * attached), so the report reads as what the test did on the board, step by step.
 */
final class ReportedConsole implements Console {
    private final Console console;

    ReportedConsole(Console console) {
        this.console = console;
    }

    @Override
    public void send(String text) {
        Allure.step("send " + visible(text), () -> console.send(text));
    }

    @Override
    public void sendLine(String line) {
        Allure.step("send line " + visible(line), () -> console.sendLine(line));
    }

    @Override
    public Match expect(Pattern pattern, Duration timeout) {
        return Allure.step("expect /" + pattern.pattern() + "/ within " + seconds(timeout), step -> {
            Match match = console.expect(pattern, timeout);
            step.parameter("matched", match.matched());
            return match;
        });
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        return Allure.step("run: " + command, step -> {
            CommandResult result = console.run(command, timeout);
            step.parameter("exit status", result.exitStatus());
            if (!result.output().isEmpty()) {
                Allure.addAttachment("output of " + command, "text/plain", result.output(), ".txt");
            }
            return result;
        });
    }

    @Override
    public void addDeathPattern(Pattern pattern) {
        console.addDeathPattern(pattern);
    }

    @Override
    public void discardPending() {
        console.discardPending();
    }

    @Override
    public Transcript transcript() {
        return console.transcript();
    }

    @Override
    public boolean isLost() {
        return console.isLost();
    }

    @Override
    public void close() {
        // The session owns the console; a test closing its view must not cut the board off.
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            if (c < 0x20) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
