package dev.hilfarm.image.apt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first stanza of Debian control data ("Field: value" lines, continuation lines indented), as
 * printed by {@code apt-cache show} and {@code dpkg-deb -f}.
 */
public record ControlFields(Map<String, String> fields) {

    public ControlFields {
        fields = Map.copyOf(fields);
    }

    public static ControlFields parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String current = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    break;
                }
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                fields.merge(current, "\n" + line.strip(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            current = line.substring(0, colon).strip();
            fields.put(current, line.substring(colon + 1).strip());
        }
        return new ControlFields(fields);
    }

    /** Field names are case-insensitive in Debian control data. */
    public Optional<String> get(String name) {
        return fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }

    /**
     * Package names in a relationship field such as Depends, in order, with version constraints and
     * architecture qualifiers dropped and every alternative of "a | b" listed.
     */
    public List<String> relationNames(String field) {
        List<String> names = new ArrayList<>();
        for (String clause : get(field).orElse("").split(",")) {
            for (String alternative : clause.split("\\|")) {
                String name = alternative.strip().split("[\\s(\\[<]", 2)[0];
                int qualifier = name.indexOf(':');
                if (qualifier > 0) {
                    name = name.substring(0, qualifier);
                }
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
