package dev.hilfarm.harness.farm.plan;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.ProfileException;
import dev.hilfarm.board.YamlFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a plan strictly: unknown fields, unknown suites and unknown board types are errors naming
 * the file, line and entry, before anything is queued.
 *
 * <pre>
 * name: nightly
 * defaults: {timeout: 10m, priority: 0, retry: {infrastructure: 2, failures: 0}}
 * health: {"*": health}         # health-check suite per board type (the default); "health: none" for none
 * jobs:
 *   - suite: smoke
 *     boards: [beaglebone-black, vexpress-a9]   # one job per board type; omit for any board
 *     tags: [lab-a]                              # the board must carry all of them
 *     repeat: 3
 *     priority: 10
 *     timeout: 5m
 *     retry: {infrastructure: 2, failures: 1}
 * </pre>
 */
public final class PlanParser {
    private static final Set<String> TOP = Set.of("name", "defaults", "health", "jobs");
    private static final Set<String> JOB = Set.of("suite", "boards", "tags", "repeat", "priority", "timeout", "retry");
    private static final Set<String> DEFAULTS = Set.of("priority", "timeout", "retry");
    private static final Set<String> RETRY = Set.of("infrastructure", "failures");
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    /** The health check every board type gets unless the plan names another or none. */
    public static final String DEFAULT_HEALTH_SUITE = "health";

    private final Set<String> knownSuites;
    private final BoardProfiles profiles;

    public PlanParser(Set<String> knownSuites, BoardProfiles profiles) {
        this.knownSuites = Set.copyOf(knownSuites);
        this.profiles = profiles;
    }

    public FarmPlan parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(file.toString(), 0, "", "cannot read the plan: " + e.getMessage());
        }
        return parse(file, text);
    }

    public FarmPlan parse(Path file, String yaml) {
        YamlFields top = YamlFields.document(file.toString(), yaml);
        top.allowOnly(TOP);
        String name = top.has("name") ? top.string("name") : stem(file);
        int defaultPriority = 0;
        Duration defaultTimeout = DEFAULT_TIMEOUT;
        RetryPolicy defaultRetry = RetryPolicy.DEFAULT;
        if (top.has("defaults")) {
            YamlFields d = top.mapping("defaults");
            d.allowOnly(DEFAULTS);
            defaultPriority = d.has("priority") ? priority(d) : defaultPriority;
            defaultTimeout = d.has("timeout") ? d.duration("timeout") : defaultTimeout;
            defaultRetry = d.has("retry") ? retry(d.mapping("retry"), defaultRetry) : defaultRetry;
        }
        Map<String, String> health = new LinkedHashMap<>();
        if (!top.has("health")) {
            // Every board is checked before its first job of a run and after an infrastructure failure,
            // unless the plan says otherwise: boot to shell and the smoke subset tagged "health".
            if (knownSuites.contains(DEFAULT_HEALTH_SUITE)) {
                health.put("*", DEFAULT_HEALTH_SUITE);
            }
        } else if (top.isText("health")) {
            if (!top.string("health").equals("none")) {
                throw top.problem("health", "expected none, or a mapping of board type (or \"*\") to suite");
            }
        } else {
            health.putAll(top.stringMap("health"));
            for (Map.Entry<String, String> e : health.entrySet()) {
                if (!e.getKey().equals("*")) {
                    checkBoardType(top.mapping("health"), e.getKey(), e.getKey());
                }
                checkSuite(top.mapping("health"), e.getKey(), e.getValue());
            }
        }
        List<PlanJob> jobs = new ArrayList<>();
        List<YamlFields> entries = top.mappings("jobs");
        if (entries.isEmpty()) {
            throw top.problem("jobs", "the plan has no jobs");
        }
        for (YamlFields j : entries) {
            j.allowOnly(JOB);
            String suite = j.string("suite");
            checkSuite(j, "suite", suite);
            List<String> boards = j.stringsOrEmpty("boards");
            for (String board : boards) {
                checkBoardType(j, "boards", board);
            }
            List<String> tags = j.stringsOrEmpty("tags");
            int repeat = j.has("repeat") ? j.positiveInt("repeat") : 1;
            int priority = j.has("priority") ? priority(j) : defaultPriority;
            Duration timeout = j.has("timeout") ? j.duration("timeout") : defaultTimeout;
            RetryPolicy retry = j.has("retry") ? retry(j.mapping("retry"), defaultRetry) : defaultRetry;
            String where = file + ":" + j.line() + " " + j.path();
            if (boards.isEmpty()) {
                jobs.add(new PlanJob(suite, Optional.empty(), tags, repeat, priority, timeout, retry, where));
            }
            for (String board : boards) {
                jobs.add(new PlanJob(suite, Optional.of(board), tags, repeat, priority, timeout, retry, where));
            }
        }
        return new FarmPlan(name, file.toAbsolutePath(), jobs, health);
    }

    private void checkSuite(YamlFields at, String key, String suite) {
        if (!knownSuites.contains(suite)) {
            throw at.problem(key, "unknown suite '" + suite + "' (known suites: " + String.join(", ", knownSuites) + ")");
        }
    }

    private void checkBoardType(YamlFields at, String key, String board) {
        if (profiles.find(board).isEmpty()) {
            throw at.problem(key, "unknown board type '" + board + "' (known: "
                    + String.join(", ", profiles.all().stream().map(p -> p.name()).toList()) + ")");
        }
    }

    private static int priority(YamlFields f) {
        try {
            return Integer.parseInt(f.string("priority").strip());
        } catch (NumberFormatException e) {
            throw f.problem("priority", "expected a whole number, got '" + f.string("priority") + "'");
        }
    }

    private static RetryPolicy retry(YamlFields r, RetryPolicy base) {
        r.allowOnly(RETRY);
        return new RetryPolicy(r.has("infrastructure") ? r.nonNegativeInt("infrastructure") : base.infrastructure(),
                r.has("failures") ? r.nonNegativeInt("failures") : base.failures());
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
