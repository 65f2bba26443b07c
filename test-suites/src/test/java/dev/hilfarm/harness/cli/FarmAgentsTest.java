package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.farm.store.FarmStore;
import dev.hilfarm.harness.farm.store.JobOutcome;
import dev.hilfarm.harness.farm.store.StoreRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several lab hosts on one machine: three {@code hil farm agent} processes sharing a private
 * PostgreSQL store, each with its own boards, one of them killed in the middle of a job. The job
 * is requeued and finished elsewhere, every completed result is there, and no board ever ran two
 * jobs at once.
 */
@Tag("postgres")
class FarmAgentsTest {

    @TempDir
    Path tmp;

    private ProcessBuilder hil(Path output, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.hilfarm.harness.cli.Hil"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().putAll(Map.of("HIL_SUITE_PACKAGES", "dev.hilfarm.farmfixtures",
                "HIL_FARM_FIXTURE", tmp.toString(), "HIL_FARM_SLOW_MS", "2000"));
        return pb;
    }

    private String once(String... args) throws Exception {
        return once(0, args);
    }

    private String once(int exit, String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "cmd", ".txt");
        Process p = hil(out, args).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "hil " + String.join(" ", args) + " hung");
        String text = Files.readString(out);
        assertEquals(exit, p.exitValue(), text);
        return text;
    }

    private Process agent(String name, Path out, String store) throws Exception {
        Path inventory = Files.writeString(tmp.resolve(name + ".yaml"), """
                boards:
                  - {name: %s, profile: vexpress-a9, kind: emulator, count: 2}
                """.formatted(name));
        return hil(out, "farm", "agent", "--store", store, "--inventory", inventory.toString(), "--lease", "3s",
                "--placement-timeout", "20s").start();
    }

    @Test
    void threeAgentsOneKilledMidJob() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            Files.writeString(tmp.resolve("plan.yaml"), """
                    name: shared
                    health: none
                    jobs:
                      - suite: farm-slow
                        repeat: 10
                      # no agent serves a pandaboard: closed as unplaceable after the placement timeout
                      - suite: farm-slow
                        boards: [pandaboard]
                    """);
            String runId = once("farm", "submit", "plan.yaml", "--store", pg.url()).strip();
            List<Process> agents = new ArrayList<>();
            try {
                for (String name : List.of("a", "b", "c")) {
                    agents.add(agent(name, tmp.resolve(name + ".out"), pg.url()));
                }
                Path trace = tmp.resolve("slow-runs");
                // Wait until agent a's board a-1 or a-2 is in the middle of a job, then kill agent a.
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!midJob(trace, "a-")) {
                    assertTrue(System.nanoTime() < deadline, "agent a never started a job:\n"
                            + Files.readString(tmp.resolve("a.out")));
                    Thread.sleep(50);
                }
                // A second agent for boards that a live agent holds is refused, naming the entry.
                Path dup = tmp.resolve("dup.out");
                Process twin = hil(dup, "farm", "agent", "--store", pg.url(), "--inventory",
                        tmp.resolve("a.yaml").toString(), "--lease", "3s").start();
                assertTrue(twin.waitFor(1, TimeUnit.MINUTES));
                assertEquals(2, twin.exitValue(), Files.readString(dup));
                assertTrue(Files.readString(dup).matches("(?s)hil: .*a\\.yaml:2 boards\\[0\\]: board 'a-1' is already"
                        + " registered by agent .*"), Files.readString(dup));

                Process a = agents.get(0);
                List<ProcessHandle> family = new ArrayList<>(a.descendants().toList());
                a.destroyForcibly();
                family.forEach(ProcessHandle::destroyForcibly);
                assertTrue(a.waitFor(30, TimeUnit.SECONDS));

                try (FarmStore store = FarmStore.open(pg.url(), tmp)) {
                    deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                    while (store.openJobs(runId) > 0) {
                        assertTrue(System.nanoTime() < deadline, "the run did not finish:\n"
                                + Files.readString(tmp.resolve("b.out")));
                        Thread.sleep(250);
                    }
                    List<StoreRows.Job> jobs = store.jobs(runId);
                    assertTrue(jobs.stream().filter(j -> j.boardType() == null).allMatch(j -> j.outcome() == JobOutcome.PASSED),
                            jobs.toString());
                    StoreRows.Job panda = jobs.stream().filter(j -> "pandaboard".equals(j.boardType())).findFirst().orElseThrow();
                    assertEquals(JobOutcome.BROKEN, panda.outcome(), jobs.toString());
                    List<StoreRows.Attempt> attempts = store.attempts(runId);
                    assertEquals(10, attempts.stream().filter(x -> "PASSED".equals(x.outcome())).count(), attempts.toString());
                    assertTrue(attempts.stream().anyMatch(x -> x.jobId() == panda.id() && x.board().equals("(unplaced)")
                            && x.detail().contains("no agent has registered an awake, unquarantined pandaboard board")),
                            attempts.toString());
                    StoreRows.Attempt lost = attempts.stream().filter(x -> "ABANDONED".equals(x.outcome())).findFirst()
                            .orElseThrow(() -> new AssertionError("the killed agent's job was not requeued: " + attempts));
                    assertTrue(lost.board().startsWith("a-"), lost.toString());
                    assertTrue(attempts.stream().anyMatch(x -> x.jobId() == lost.jobId() && "PASSED".equals(x.outcome())
                            && !x.board().startsWith("a-")), "requeued job finished on another agent's board");
                    assertTrue(store.boards().stream().filter(b -> b.name().startsWith("b-") || b.name().startsWith("c-"))
                            .count() == 4);
                }
                FarmCommandLineTest.assertNoBoardRanTwoJobsAtOnce(trace);
                // Exit status 2: the run has a broken job (an infrastructure outcome).
                String results = once(2, "farm", "results", runId, "--store", pg.url());
                assertTrue(results.contains("board (unplaced)"), results);
                assertTrue(results.contains("10 passed, 0 flaky, 0 failed, 1 broken"), results);
            } finally {
                for (Process p : agents) {
                    p.destroy();
                }
                for (Process p : agents) {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    /** Whether a board whose name starts with {@code prefix} has started a slow job it has not ended. */
    private static boolean midJob(Path trace, String prefix) throws Exception {
        if (!Files.exists(trace)) {
            return false;
        }
        Map<String, Boolean> open = new java.util.HashMap<>();
        for (String line : Files.readAllLines(trace)) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[1].startsWith(prefix)) {
                open.put(f[1] + "/" + f[3], f[0].equals("start"));
            }
        }
        return open.containsValue(true);
    }
}
