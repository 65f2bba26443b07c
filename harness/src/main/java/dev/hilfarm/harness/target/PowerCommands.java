package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.HostCommandException;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A board's power switch: the profile's command templates with lab variables filled in. Each
 * placeholder is substituted inside its own argument, so a variable can never add arguments or
 * reach a shell. Any failure is an infrastructure failure.
 */
public final class PowerCommands {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private final String board;
    private final List<String> on;
    private final List<String> off;
    private final Duration timeout;
    private final List<String> missing;

    public PowerCommands(BoardProfile profile, Map<String, String> variables, Duration timeout) {
        this.board = profile.name();
        this.on = fill(profile.power().on(), variables, "on");
        this.off = fill(profile.power().off(), variables, "off");
        this.timeout = timeout;
        this.missing = variablesOf(profile).stream().filter(v -> !variables.containsKey(v)).toList();
    }

    public boolean available() {
        return !on.isEmpty() && !off.isEmpty();
    }

    public void on() {
        run(on, "on");
    }

    public void off() {
        run(off, "off");
    }

    public List<String> onCommand() {
        return on;
    }

    private void run(List<String> argv, String what) {
        if (argv.isEmpty() && !missing.isEmpty()) {
            throw new InfrastructureException("power " + what + " of " + board + " needs the lab variable(s) "
                    + String.join(", ", missing) + " (give them with --power-var NAME=VALUE)");
        }
        if (argv.isEmpty()) {
            throw new InfrastructureException("power of " + board + " is not under hilfarm's control"
                    + " (no power commands in its profile): switch it " + what + " by hand");
        }
        try {
            HostCommand.of(argv).timeout(timeout).runChecked();
        } catch (HostCommandException e) {
            throw new InfrastructureException("power " + what + " of " + board + " failed: " + e.getMessage(), e);
        }
    }

    /** Substitutes ${name} in each argument; an unset variable makes the whole command unavailable. */
    private List<String> fill(List<String> template, Map<String, String> variables, String what) {
        List<String> out = new ArrayList<>();
        for (String arg : template) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String value = variables.get(m.group(1));
                if (value == null) {
                    return List.of();
                }
                m.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            m.appendTail(filled);
            out.add(filled.toString());
        }
        return out;
    }

    /** The variables a profile's power templates need, for error messages and `hil boards show`. */
    public static List<String> variablesOf(BoardProfile profile) {
        List<String> names = new ArrayList<>();
        for (String arg : concat(profile.power().on(), profile.power().off())) {
            Matcher m = PLACEHOLDER.matcher(arg);
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
