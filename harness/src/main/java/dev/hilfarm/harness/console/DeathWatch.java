package dev.hilfarm.harness.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scans normalised output line by line, as it arrives, for death patterns (kernel panic, oops).
 *
 * <p>Runs on the console's reader thread only. Lines are assembled in one reused buffer, capped at
 * {@value #MAX_LINE_CHARS} chars (kernel messages are far shorter; the tail of an endless line is
 * not what a death pattern looks for), and matched with one reused Matcher per pattern, so the scan
 * allocates nothing per byte and nothing per line unless a pattern matches. The echo of a command
 * the test typed is not a death, see {@link RecentlySent}.
 */
final class DeathWatch {
    static final int MAX_LINE_CHARS = 1024;

    /** A death pattern that matched, and the line it matched. */
    record Sighting(Pattern pattern, String line) {}

    private final RecentlySent recentlySent;
    private final StringBuilder line = new StringBuilder(256);
    private List<Pattern> patterns = List.of();
    private final List<Matcher> matchers = new ArrayList<>();

    DeathWatch(RecentlySent recentlySent) {
        this.recentlySent = recentlySent;
    }

    /**
     * Feeds text; returns the first sighting among the lines it completes, or null.
     *
     * @param current the death patterns in force now (the list may grow while the board runs)
     */
    Sighting scan(char[] text, int offset, int length, List<Pattern> current) {
        refresh(current);
        Sighting first = null;
        for (int i = offset, end = offset + length; i < end; i++) {
            char c = text[i];
            if (c == '\n') {
                Sighting s = check();
                if (first == null) {
                    first = s;
                }
                line.setLength(0);
            } else if (line.length() < MAX_LINE_CHARS) {
                line.append(c);
            }
        }
        return first;
    }

    private void refresh(List<Pattern> current) {
        if (current == patterns) {
            return;
        }
        patterns = current;
        matchers.clear();
        for (Pattern p : current) {
            matchers.add(p.matcher(""));
        }
    }

    private Sighting check() {
        for (Matcher m : matchers) {
            if (m.reset(line).find()) {
                String text = line.toString();
                if (!recentlySent.echoes(text, m.start())) {
                    return new Sighting(m.pattern(), text);
                }
            }
        }
        return null;
    }
}
