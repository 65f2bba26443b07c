package dev.hilfarm.harness.console;

import java.util.List;

/**
 * A successful expect: the matched text, its capture groups (group 0 is the whole match), and the
 * normalised output that came before it since the previous match.
 */
public record Match(String matched, List<String> groups, String before) {
    public Match {
        groups = List.copyOf(groups.stream().map(g -> g == null ? "" : g).toList());
    }

    public String group(int index) {
        return groups.get(index);
    }
}
