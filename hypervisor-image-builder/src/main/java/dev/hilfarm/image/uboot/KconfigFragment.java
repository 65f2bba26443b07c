package dev.hilfarm.image.uboot;

import dev.hilfarm.image.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kconfig fragment: settings a recipe adds to a board's defconfig (FIT, FIT signature, fastboot,
 * DFU). Written like a .config: {@code CONFIG_FIT=y}, {@code CONFIG_BOOTDELAY=3},
 * {@code # CONFIG_FOO is not set}, comments and blank lines.
 *
 * @param settings symbol → value in the order given, {@link #NOT_SET} for "is not set"; a symbol
 *                 given twice keeps its last value, as Kconfig does
 */
public record KconfigFragment(Map<String, String> settings) {

    /** The value of a symbol switched off, which a .config writes as "# CONFIG_X is not set". */
    public static final String NOT_SET = "n";

    private static final Pattern ASSIGNMENT = Pattern.compile("(CONFIG_[A-Za-z0-9_]+)=(.*)");
    private static final Pattern UNSET = Pattern.compile("# (CONFIG_[A-Za-z0-9_]+) is not set");

    public KconfigFragment {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Parses fragment text; {@code source} names it in errors ("fit.config:3: ..."). Anything that
     * is not a setting, a comment or blank is an error, so that a typo is not silently dropped.
     */
    public static KconfigFragment parse(String source, String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            Matcher assignment = ASSIGNMENT.matcher(line);
            Matcher unset = UNSET.matcher(line);
            if (assignment.matches()) {
                String value = assignment.group(2);
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(source + ":" + number + ": " + assignment.group(1)
                            + " has no value (write y, n, a number or a \"string\")");
                }
                settings.remove(assignment.group(1));
                settings.put(assignment.group(1), value);
            } else if (unset.matches()) {
                settings.remove(unset.group(1));
                settings.put(unset.group(1), NOT_SET);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                throw new IllegalArgumentException(source + ":" + number + ": not a Kconfig setting: '" + line
                        + "' (expected CONFIG_NAME=value or # CONFIG_NAME is not set)");
            }
        }
        return new KconfigFragment(settings);
    }

    /** An empty fragment, to add settings to with {@link #with}. */
    public static KconfigFragment empty() {
        return new KconfigFragment(Map.of());
    }

    /** This fragment with one more setting, which replaces any earlier value of the symbol. */
    public KconfigFragment with(String symbol, String value) {
        if (!symbol.matches("CONFIG_[A-Za-z0-9_]+") || value.isEmpty() || value.contains("\n")) {
            throw new IllegalArgumentException("not a Kconfig setting: " + symbol + "=" + value);
        }
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.remove(symbol);
        more.put(symbol, value);
        return new KconfigFragment(more);
    }

    /** This fragment followed by {@code later}: where both set a symbol, {@code later} wins. */
    public KconfigFragment plus(KconfigFragment later) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        later.settings().forEach((symbol, value) -> {
            merged.remove(symbol);
            merged.put(symbol, value);
        });
        return new KconfigFragment(merged);
    }

    /**
     * The fragment as canonical text: one line per symbol, sorted, in .config form. Comments,
     * blank lines, order and repeated symbols do not change it, so they do not change the cache key.
     */
    public String canonicalText() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(settings).forEach((symbol, value) -> text.append(line(symbol, value)).append('\n'));
        return text.toString();
    }

    public String sha256() {
        return Sha256.of(canonicalText().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A defconfig (or .config) with this fragment's settings in place of its own: the lines that
     * set or unset the same symbols are dropped and the fragment appended, as U-Boot's
     * merge_config.sh does. {@code make olddefconfig} afterwards resolves dependencies.
     */
    public String mergeInto(String dotConfig) {
        StringBuilder merged = new StringBuilder();
        for (String line : dotConfig.split("\n")) {
            String symbol = symbolOf(line);
            if (symbol == null || !settings.containsKey(symbol)) {
                merged.append(line).append('\n');
            }
        }
        merged.append("# hilfarm: settings of the recipe's Kconfig fragment\n");
        settings.forEach((symbol, value) -> merged.append(line(symbol, value)).append('\n'));
        return merged.toString();
    }

    /**
     * The settings that did not survive {@code make olddefconfig} (a dependency the board lacks,
     * a symbol this U-Boot does not have), as "CONFIG_X=y (now: not set)"; empty when all did.
     */
    public List<String> unmetIn(String finalConfig) {
        Map<String, String> actual = new LinkedHashMap<>();
        for (String line : finalConfig.split("\n")) {
            Matcher assignment = ASSIGNMENT.matcher(line.strip());
            Matcher unset = UNSET.matcher(line.strip());
            if (assignment.matches()) {
                actual.put(assignment.group(1), assignment.group(2));
            } else if (unset.matches()) {
                actual.put(unset.group(1), NOT_SET);
            }
        }
        List<String> unmet = new ArrayList<>();
        settings.forEach((symbol, wanted) -> {
            // A symbol olddefconfig dropped altogether (unmet "depends on") is off as well.
            String now = actual.getOrDefault(symbol, NOT_SET);
            if (!now.equals(wanted)) {
                unmet.add(line(symbol, wanted) + " (now: " + (now.equals(NOT_SET) ? "not set" : now) + ")");
            }
        });
        return unmet;
    }

    private static String line(String symbol, String value) {
        return value.equals(NOT_SET) ? "# " + symbol + " is not set" : symbol + "=" + value;
    }

    private static String symbolOf(String line) {
        Matcher assignment = ASSIGNMENT.matcher(line.strip());
        if (assignment.matches()) {
            return assignment.group(1);
        }
        Matcher unset = UNSET.matcher(line.strip());
        return unset.matches() ? unset.group(1) : null;
    }
}
