package dev.hilfarm.harness.farm;

import dev.hilfarm.harness.farm.store.FarmStore;
import dev.hilfarm.harness.farm.store.JobOutcome;
import dev.hilfarm.harness.farm.store.StoreRows;
import dev.hilfarm.reports.AllureReportGenerator;
import dev.hilfarm.reports.FarmReport;
import dev.hilfarm.reports.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a run came to, from the store: job outcomes, the exit status, and the run's aggregated
 * report (written from every attempt's folder that this host can see).
 */
public record RunResults(String runId, String plan, Map<JobOutcome, Integer> counts, int open, Path folder,
                         List<FarmReport.PassRate> byBoard, List<FarmReport.PassRate> byTest) {

    public static RunResults of(FarmStore store, String runId) {
        StoreRows.Run run = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no run '" + runId
                + "' in the farm store " + store.label()));
        List<StoreRows.Job> jobs = store.jobs(runId);
        Map<JobOutcome, Integer> counts = new EnumMap<>(JobOutcome.class);
        for (JobOutcome o : JobOutcome.values()) {
            counts.put(o, 0);
        }
        int open = 0;
        for (StoreRows.Job j : jobs) {
            if (j.outcome() == null) {
                open++;
            } else {
                counts.merge(j.outcome(), 1, Integer::sum);
            }
        }
        Map<Long, StoreRows.Job> byId = new HashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        Map<String, int[]> boards = new TreeMap<>();
        for (StoreRows.Attempt a : store.attempts(runId)) {
            if (a.outcome() == null || a.outcome().equals("ABANDONED")) {
                continue;
            }
            StoreRows.Job j = byId.get(a.jobId());
            boolean last = j.outcome() != null && a.attempt() == j.attempts();
            int[] row = boards.computeIfAbsent(a.board(), k -> new int[4]);
            switch (a.outcome()) {
                case "PASSED" -> row[last && j.outcome() == JobOutcome.FLAKY ? 1 : 0]++;
                case "FAILED" -> row[2]++;
                default -> row[3]++;
            }
        }
        // Per test: its last outcome in each finished job; flaky when it failed earlier in the job.
        Map<String, int[]> tests = new TreeMap<>();
        Map<Long, Map<String, List<String>>> history = new LinkedHashMap<>();
        for (StoreRows.TestResult t : store.testResults(runId)) {
            history.computeIfAbsent(t.jobId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(t.test(), k -> new ArrayList<>()).add(t.outcome());
        }
        for (Map.Entry<Long, Map<String, List<String>>> job : history.entrySet()) {
            if (byId.get(job.getKey()).outcome() == null) {
                continue;
            }
            for (Map.Entry<String, List<String>> test : job.getValue().entrySet()) {
                List<String> seen = test.getValue();
                String last = seen.get(seen.size() - 1);
                int[] row = tests.computeIfAbsent(test.getKey(), k -> new int[4]);
                boolean failedBefore = seen.subList(0, seen.size() - 1).stream()
                        .anyMatch(o -> o.equals("FAILED") || o.equals("BROKEN"));
                switch (last) {
                    case "PASSED" -> row[failedBefore ? 1 : 0]++;
                    case "FAILED" -> row[2]++;
                    case "BROKEN" -> row[3]++;
                    default -> { }
                }
            }
        }
        return new RunResults(runId, run.planName(), counts, open, Path.of(run.folder()), rows(boards), rows(tests));
    }

    private static List<FarmReport.PassRate> rows(Map<String, int[]> table) {
        List<FarmReport.PassRate> out = new ArrayList<>();
        table.forEach((k, r) -> out.add(new FarmReport.PassRate(k, r[0], r[1], r[2], r[3])));
        return out;
    }

    /** 0 everything passed (flaky included, and named), 1 product failures, 2 infrastructure or unfinished. */
    public int exitCode() {
        if (counts.get(JobOutcome.BROKEN) > 0 || open > 0) {
            return 2;
        }
        return counts.get(JobOutcome.FAILED) > 0 ? 1 : 0;
    }

    public String oneLine() {
        return plan + " " + runId + ": " + counts.get(JobOutcome.PASSED) + " passed, " + counts.get(JobOutcome.FLAKY)
                + " flaky, " + counts.get(JobOutcome.FAILED) + " failed, " + counts.get(JobOutcome.BROKEN) + " broken"
                + (open > 0 ? ", " + open + " not finished" : "") + " (jobs)";
    }

    /** (Re)writes the run's aggregated report from the attempts' folders. */
    public static HtmlReport writeReport(FarmStore store, String runId, AllureReportGenerator generator) {
        RunResults results = of(store, runId);
        List<StoreRows.Job> jobs = store.jobs(runId);
        Map<Long, StoreRows.Job> byId = new HashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        Map<Long, Set<String>> failedSoFar = new HashMap<>();
        Map<Long, Map<Integer, List<StoreRows.TestResult>>> perAttempt = new HashMap<>();
        for (StoreRows.TestResult t : store.testResults(runId)) {
            perAttempt.computeIfAbsent(t.jobId(), k -> new HashMap<>()).computeIfAbsent(t.attempt(), k -> new ArrayList<>())
                    .add(t);
        }
        Map<String, StoreRows.Board> boards = new HashMap<>();
        store.boards().forEach(b -> boards.put(b.name(), b));
        List<FarmReport.Attempt> attempts = new ArrayList<>();
        for (StoreRows.Attempt a : store.attempts(runId)) {
            StoreRows.Job j = byId.get(a.jobId());
            Set<String> failed = failedSoFar.computeIfAbsent(a.jobId(), k -> new HashSet<>());
            Set<String> flaky = new HashSet<>();
            for (StoreRows.TestResult t : perAttempt.getOrDefault(a.jobId(), Map.of()).getOrDefault(a.attempt(), List.of())) {
                String shortName = t.test().contains(" › ") ? t.test().substring(t.test().lastIndexOf(" › ") + 3) : t.test();
                if (t.outcome().equals("PASSED") && failed.contains(t.test())) {
                    flaky.add(shortName);
                } else if (t.outcome().equals("FAILED") || t.outcome().equals("BROKEN")) {
                    failed.add(t.test());
                }
            }
            Path report = Path.of(a.folder()).resolve("report");
            if (!Files.isDirectory(report)) {
                continue;
            }
            String type = j.boardType() != null ? j.boardType()
                    : boards.containsKey(a.board()) ? boards.get(a.board()).profile() : "any";
            attempts.add(new FarmReport.Attempt(report, String.format("%04d-%s-a%d", j.seq(), a.board(), a.attempt()),
                    a.board(), type, j.repetition(), flaky));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("plan", results.plan());
        env.put("run", runId);
        env.put("jobs", results.oneLine());
        return FarmReport.write(results.folder(), results.plan(), attempts, env, results.byBoard(), results.byTest(),
                generator);
    }
}
