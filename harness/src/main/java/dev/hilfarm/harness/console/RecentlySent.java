package dev.hilfarm.harness.console;

import java.util.ArrayDeque;

/**
 * The last few texts typed to the board, to recognise their echo.
 *
 * <p>A test that runs {@code dmesg | grep 'Kernel panic'} must not die of its own command line
 * being echoed back. A death-pattern match is an echo when the line from the match onwards is part
 * of something recently sent: that holds for a plain echo (prompt + command) and for the fragments
 * of an echo that the terminal wrapped, but not for a kernel message, which nobody typed.
 */
final class RecentlySent {
    private static final int KEPT = 8;

    private final ArrayDeque<String> texts = new ArrayDeque<>(KEPT);

    synchronized void add(String text) {
        if (texts.size() == KEPT) {
            texts.removeFirst();
        }
        texts.addLast(text);
    }

    synchronized boolean echoes(String line, int matchStart) {
        String fromMatch = line.substring(matchStart).strip();
        if (fromMatch.isEmpty()) {
            return false;
        }
        for (String text : texts) {
            if (text.contains(fromMatch)) {
                return true;
            }
        }
        return false;
    }
}
