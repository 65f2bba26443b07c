package dev.hilfarm.harness.farm.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A farm plan: which suites run on which board types or tags, how often, how urgently, how long
 * each may take and how failures are retried; read from YAML by {@link PlanParser}.
 *
 * @param health the health-check suite per board type ("*" for every type); empty means none
 */
public record FarmPlan(String name, Path file, List<PlanJob> jobs, Map<String, String> health) {
    public FarmPlan {
        jobs = List.copyOf(jobs);
        health = Map.copyOf(health);
    }

    /** The health-check suite for a board type, if the plan asks for one. */
    public java.util.Optional<String> healthSuite(String boardType) {
        return java.util.Optional.ofNullable(health.getOrDefault(boardType, health.get("*")));
    }
}
