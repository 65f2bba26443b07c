package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hil farm} as a lab runs it: separate JVMs for the runner and for every job, a pool of
 * emulated boards (the fixture suites need no board, so nothing boots), the embedded store.
 */
class FarmCommandLineTest {

    record Outcome(int exit, String out) {
    }

    @TempDir
    Path tmp;

    private ProcessBuilder hil(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.hilfarm.harness.cli.Hil"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("HIL_SUITE_PACKAGES", "dev.hilfarm.farmfixtures",
                "HIL_FARM_FIXTURE", tmp.toString(), "HIL_FARM_SLOW_MS", "2500"));
        return pb;
    }

    private Outcome run(String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = hil(args).redirectOutput(out.toFile()).start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("hil " + String.join(" ", args) + " did not finish within 4 minutes:\n"
                    + Files.readString(out));
        }
        return new Outcome(p.exitValue(), Files.readString(out));
    }

    private Path plan(String yaml) throws Exception {
        return Files.writeString(tmp.resolve("plan.yaml"), yaml);
    }

    @Test
    void flakyFailingAndBrokenJobsAreToldApart() throws Exception {
        Files.writeString(tmp.resolve("bad-boards"), "emu-1\n");
        plan("""
                name: mixed
                health: none
                jobs:
                  - suite: farm-badboard
                    repeat: 2
                    priority: 10
                  - suite: farm-flaky
                    retry: {failures: 1}
                  - suite: farm-failing
                """);
        Outcome r = run("farm", "run", "plan.yaml", "--emulated", "2");
        assertEquals(1, r.exit(), "a product failure and no broken job: exit 1\n" + r.out());
        assertTrue(r.out().contains("2 passed, 1 flaky, 1 failed, 0 broken"), r.out());
        String runId = runId(r.out());

        try (FarmStore store = FarmStore.open(null, tmp.resolve("hil-farm"))) {
            List<StoreRows.Job> jobs = store.jobs(runId);
            List<StoreRows.Attempt> attempts = store.attempts(runId);
            for (StoreRows.Job j : jobs) {
                List<StoreRows.Attempt> mine = attempts.stream().filter(a -> a.jobId() == j.id()).toList();
                switch (j.suite()) {
                    case "farm-badboard" -> {
                        assertEquals(JobOutcome.PASSED, j.outcome());
                        // A broken attempt on emu-1 is retried, on the other board.
                        for (int i = 0; i < mine.size() - 1; i++) {
                            assertEquals("BROKEN", mine.get(i).outcome(), mine.toString());
                            assertEquals("emu-1", mine.get(i).board());
                            assertEquals("emu-2", mine.get(i + 1).board());
                        }
                    }
                    case "farm-flaky" -> {
                        assertEquals(JobOutcome.FLAKY, j.outcome());
                        assertEquals(List.of("FAILED", "PASSED"), mine.stream().map(StoreRows.Attempt::outcome).toList());
                    }
                    case "farm-failing" -> {
                        assertEquals(JobOutcome.FAILED, j.outcome());
                        assertEquals(1, mine.size(), "test failures are not retried by default");
                    }
                    default -> throw new AssertionError(j.suite());
                }
            }
        }
        Path runFolder = tmp.resolve("hil-farm/runs").resolve(runId);
        assertTrue(Files.isRegularFile(runFolder.resolve("allure-report/index.html")), r.out());
        String rates = Files.readString(runFolder.resolve("pass-rates.md"));
        assertTrue(rates.contains("| emu-2 |"), rates);
        assertTrue(rates.contains("passesTheSecondTime() | 0 | 1 | 0 | 0 |"), rates);
        try (Stream<Path> xml = Files.list(runFolder.resolve("junit"))) {
            assertTrue(xml.count() >= 4, "one JUnit XML per attempt");
        }
        String results = readAll(runFolder.resolve("allure-results"), "-result.json");
        assertTrue(results.contains("\"flaky\":true"), "the flaky pass carries Allure's flaky flag");
        assertTrue(results.contains("\"name\":\"farm-board\",\"value\":\"emu-2\""), "board label");
        assertTrue(Files.readString(runFolder.resolve("allure-results/categories.json")).contains("Infrastructure failures"));

        Outcome status = run("farm", "status");
        assertEquals(0, status.exit(), status.out());
        assertTrue(status.out().contains("emu-1") && status.out().contains("4/4 jobs done"), status.out());
    }

    @Test
    void aKilledRunnerLosesNothingAndResumeFinishesTheRun() throws Exception {
        plan("""
                name: slow
                health: none
                jobs:
                  - suite: farm-slow
                    repeat: 5
                """);
        Path out = tmp.resolve("runner.txt");
        Process runner = hil("farm", "run", "plan.yaml", "--emulated", "2").redirectOutput(out.toFile()).start();
        Path trace = tmp.resolve("slow-runs");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        // Two jobs recorded as passed by the runner (not only finished by the fixture).
        while (Files.readString(out).split(" PASSED", -1).length - 1 < 2) {
            assertTrue(System.nanoTime() < deadline, "two jobs did not finish within 2 minutes:\n" + Files.readString(out));
            assertTrue(runner.isAlive(), Files.readString(out));
            Thread.sleep(100);
        }
        // As a crash would: the runner and every job it started die at once.
        List<ProcessHandle> family = new ArrayList<>(runner.descendants().toList());
        runner.destroyForcibly();
        family.forEach(ProcessHandle::destroyForcibly);
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS));
        String runId = runId(Files.readString(out));

        int passedBefore;
        try (FarmStore store = FarmStore.open(null, tmp.resolve("hil-farm"))) {
            passedBefore = (int) store.jobs(runId).stream().filter(j -> j.outcome() == JobOutcome.PASSED).count();
            assertTrue(store.openJobs(runId) > 0, "the kill left work to do");
        }

        Outcome resumed = run("farm", "resume", runId, "--emulated", "2");
        assertEquals(0, resumed.exit(), resumed.out());
        assertTrue(resumed.out().contains("5 passed, 0 flaky, 0 failed, 0 broken"), resumed.out());
        try (FarmStore store = FarmStore.open(null, tmp.resolve("hil-farm"))) {
            List<StoreRows.Job> jobs = store.jobs(runId);
            assertTrue(jobs.stream().allMatch(j -> j.outcome() == JobOutcome.PASSED), jobs.toString());
            List<StoreRows.Attempt> attempts = store.attempts(runId);
            // Jobs finished before the kill are not run again.
            assertEquals(5, attempts.stream().filter(a -> "PASSED".equals(a.outcome())).count(), attempts.toString());
            assertTrue(passedBefore >= 2, "completed results survive the kill");
            assertTrue(attempts.stream().noneMatch(a -> a.outcome() == null), "no attempt left open");
        }
        assertNoBoardRanTwoJobsAtOnce(trace);
    }

    @Test
    void failedHealthChecksQuarantineABoardAndItsJobsGoElsewhere() throws Exception {
        Files.writeString(tmp.resolve("bad-boards"), "emu-1\n");
        plan("""
                name: health
                health: {"*": farm-badboard}
                jobs:
                  - suite: farm-slow
                    repeat: 4
                """);
        Outcome r = run("farm", "run", "plan.yaml", "--emulated", "2", "--quarantine-after", "2");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("4 passed, 0 flaky, 0 failed, 0 broken"), r.out());
        assertTrue(r.out().contains("farm: emu-1: quarantined after 2 infrastructure failures in a row"), r.out());
        assertTrue(r.out().contains("health check BROKEN — BROKEN BadBoardFixture › needsAGoodBoard(): "), r.out());
        String runId = runId(r.out());
        try (FarmStore store = FarmStore.open(null, tmp.resolve("hil-farm"))) {
            assertTrue(store.attempts(runId).stream().filter(a -> "PASSED".equals(a.outcome()))
                    .allMatch(a -> a.board().equals("emu-2")), "only the healthy board ran jobs");
        }
        Outcome status = run("farm", "status", runId);
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("emu-1") && l.contains("quarantined")), status.out());

        Outcome release = run("farm", "board", "release", "emu-1");
        assertEquals(0, release.exit(), release.out());
        status = run("farm", "status", runId);
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("emu-1") && l.contains("idle")), status.out());
        assertEquals(2, run("farm", "board", "release", "no-such-board").exit());
    }

    @Test
    void statusWatchFollowsARunFromAnotherProcess() throws Exception {
        plan("""
                name: watched
                health: none
                jobs:
                  - suite: farm-slow
                    repeat: 3
                """);
        Path runnerOut = tmp.resolve("runner.txt");
        Process runner = hil("farm", "run", "plan.yaml", "--emulated", "2").redirectOutput(runnerOut.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!Files.readString(runnerOut).contains("attempt 1\n")) {
                assertTrue(System.nanoTime() < deadline && runner.isAlive(), Files.readString(runnerOut));
                Thread.sleep(50);
            }
            // The embedded store is open in the runner; the watcher reads it at the same time.
            Outcome watch = run("farm", "status", "--watch", "--until-done");
            assertEquals(0, watch.exit(), watch.out());
            assertTrue(watch.out().contains("\033[H\033[2J"), "redraws the screen");
            assertTrue(watch.out().lines().anyMatch(l -> l.startsWith("emu-") && l.contains("leased")
                    && l.contains("farm-slow (attempt 1)")), watch.out());
            assertTrue(watch.out().contains("3/3 jobs done"), watch.out());
            assertTrue(runner.waitFor(1, TimeUnit.MINUTES));
            assertEquals(0, runner.exitValue(), Files.readString(runnerOut));
        } finally {
            runner.destroyForcibly();
        }
    }

    @Test
    void aJobOverItsTimeoutIsKilledAndBroken() throws Exception {
        plan("""
                name: timeouts
                health: none
                jobs:
                  - suite: farm-slow
                    timeout: 1s
                    retry: {infrastructure: 0}
                """);
        Outcome r = run("farm", "run", "plan.yaml", "--emulated", "1");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("BROKEN — job timed out after 1s on emu-1"), r.out());
        assertTrue(r.out().contains("0 passed, 0 flaky, 0 failed, 1 broken"), r.out());
    }

    @Test
    @org.junit.jupiter.api.Tag("qemu")
    void realBoardSuitesOnQemuBoardsWithTheDefaultHealthCheck() throws Exception {
        plan("""
                name: qemu
                jobs:
                  - suite: smoke
                    boards: [vexpress-a9]
                    repeat: 2
                """);
        Outcome r = run("farm", "run", "plan.yaml", "--qemu", "2");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("2 passed, 0 flaky, 0 failed, 0 broken"), r.out());
        // The plan names no health check, so every board type gets the default one (suite "health"):
        // one per board that took a job (a board is checked once per run).
        long checks = r.out().lines().filter(l -> l.matches("farm: qemu-\\d: health check \\(health\\)")).count();
        long boards = r.out().lines().filter(l -> l.matches("farm: qemu-\\d: job \\d \\(smoke\\) attempt 1"))
                .map(l -> l.substring(0, l.indexOf(": job"))).distinct().count();
        assertEquals(boards, checks, r.out());
        Path jobs = tmp.resolve("hil-farm/runs").resolve(runId(r.out())).resolve("jobs");
        try (Stream<Path> transcripts = Files.walk(jobs)) {
            List<Path> logs = transcripts.filter(p -> p.getFileName().toString().equals("console-vexpress-a9.log")).toList();
            assertEquals(checks + 2, logs.size(), "a console transcript per health check and per job");
            for (Path log : logs) {
                assertTrue(Files.readString(log).contains("armv7l"), log.toString());
            }
        }
        String rates = Files.readString(tmp.resolve("hil-farm/runs").resolve(runId(r.out())).resolve("pass-rates.md"));
        assertTrue(rates.contains("smoke › kernel is Linux on armv7l | 2 | 0 | 0 | 0 | 100 % |"), rates);
    }

    @Test
    void badInputIsOneLineNamingTheFileAndEntry() throws Exception {
        plan("""
                jobs:
                  - suite: console
                  - suite: no-such-suite
                """);
        Outcome r = run("farm", "run", "plan.yaml", "--emulated", "1");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().strip().matches("hil: .*plan\\.yaml:3: jobs\\[1\\]\\.suite: unknown suite 'no-such-suite'.*"),
                r.out());

        Files.writeString(tmp.resolve("lab.yaml"), """
                boards:
                  - name: bbb-1
                    profile: beaglebone-black
                    serial: /dev/ttyUSB-not-here
                """);
        plan("jobs:\n  - suite: console\n");
        r = run("farm", "run", "plan.yaml", "--inventory", "lab.yaml");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().strip().matches("hil: .*lab\\.yaml:4: boards\\[0\\]\\.serial: serial port /dev/ttyUSB-not-here"
                + " does not exist on this host"), r.out());

        r = run("farm", "status", "--store", "postgresql://nobody@127.0.0.1:1/none");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().strip().startsWith("hil: farm store postgresql://nobody@127.0.0.1:1/none unreachable"), r.out());
        assertEquals(1, r.out().strip().lines().count(), r.out());
    }

    /** From the slow fixture's trace: no two finished jobs overlap in time on one board. */
    static void assertNoBoardRanTwoJobsAtOnce(Path trace) throws Exception {
        Map<String, List<long[]>> byBoard = new java.util.HashMap<>();
        Map<String, long[]> open = new java.util.HashMap<>();
        for (String line : Files.readAllLines(trace)) {
            String[] f = line.split(" ");
            String key = f[1] + "/" + f[3];
            if (f[0].equals("start")) {
                long[] span = {Long.parseLong(f[2]), Long.MAX_VALUE};
                open.put(key, span);
                byBoard.computeIfAbsent(f[1], k -> new ArrayList<>()).add(span);
            } else if (open.containsKey(key)) {
                open.get(key)[1] = Long.parseLong(f[2]);
            }
        }
        assertNotEquals(0, byBoard.size());
        for (Map.Entry<String, List<long[]>> e : byBoard.entrySet()) {
            // A job killed with its runner leaves a start without an end; it overlaps nothing that finished.
            List<long[]> s = e.getValue().stream().filter(x -> x[1] != Long.MAX_VALUE).toList();
            for (int i = 0; i < s.size(); i++) {
                for (int j = i + 1; j < s.size(); j++) {
                    boolean overlap = s.get(i)[0] < s.get(j)[1] && s.get(j)[0] < s.get(i)[1];
                    assertFalse(overlap, "board " + e.getKey() + " ran two jobs at once");
                }
            }
        }
    }

    private static String runId(String out) {
        Matcher m = Pattern.compile("farm: run (\\S+):").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static String readAll(Path dir, String suffix) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }
}
