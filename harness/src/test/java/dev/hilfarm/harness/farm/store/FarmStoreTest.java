package dev.hilfarm.harness.farm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.farm.inventory.BoardKind;
import dev.hilfarm.harness.farm.inventory.PoolBoard;
import dev.hilfarm.harness.farm.plan.FarmPlan;
import dev.hilfarm.harness.farm.plan.PlanJob;
import dev.hilfarm.harness.farm.plan.RetryPolicy;
import dev.hilfarm.reports.Outcome;
import dev.hilfarm.reports.OutcomeFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's rules on the embedded H2 store: claims, leases, retries, flaky, quarantine. */
class FarmStoreTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final String AGENT = "host/1/a";

    @TempDir
    Path tmp;

    private FarmStore store;
    private final PoolBoard emu1 = board("emu-1");
    private final PoolBoard emu2 = board("emu-2");

    private static PoolBoard board(String name) {
        return new PoolBoard(name, "vexpress-a9", new BoardKind.Emulated(), List.of(), "test");
    }

    @BeforeEach
    void open() {
        store = FarmStore.open(null, tmp);
        store.registerBoards(AGENT, "host", List.of(emu1, emu2), TTL, a -> false);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String queue(PlanJob... jobs) {
        String id = "run-" + System.nanoTime();
        store.createRun(id, new FarmPlan("p", tmp.resolve("p.yaml"), List.of(jobs), Map.of()), tmp.resolve(id));
        return id;
    }

    private static PlanJob job(String suite, int priority, RetryPolicy retry) {
        return new PlanJob(suite, Optional.empty(), List.of(), 1, priority, Duration.ofMinutes(1), retry, "p.yaml:1");
    }

    private Claim claim(String run, PoolBoard b) {
        return store.claim(Optional.of(run), AGENT, b, TTL, (f, c) -> f.resolve("a" + c.jobId() + "-" + c.attempt()))
                .orElseThrow(() -> new AssertionError("nothing to claim for " + b.name()));
    }

    @Test
    void higherPriorityFirstAndOneLeasePerBoard() {
        String run = queue(job("low", 0, RetryPolicy.DEFAULT), job("high", 5, RetryPolicy.DEFAULT));
        Claim first = claim(run, emu1);
        assertEquals("high", first.suite());
        // The store refuses a second lease on a board that holds one: one job at a time per board.
        assertThrows(StoreException.class, () -> claim(run, emu1));
        assertEquals("low", claim(run, emu2).suite());
    }

    @Test
    void concurrentClaimsFromSeparateConnectionsNeverShareAJob() throws Exception {
        PlanJob[] jobs = new PlanJob[20];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = job("s" + i, 0, RetryPolicy.DEFAULT);
        }
        String run = queue(jobs);
        List<PoolBoard> boards = List.of(board("b1"), board("b2"), board("b3"), board("b4"));
        store.registerBoards(AGENT, "host", boards, TTL, a -> false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> got = new java.util.ArrayList<>();
            for (PoolBoard b : boards) {
                Callable<List<Long>> work = () -> {
                    List<Long> mine = new java.util.ArrayList<>();
                    try (FarmStore own = FarmStore.open(null, tmp)) {
                        for (Optional<Claim> c; (c = own.claim(Optional.of(run), AGENT, b, TTL, (f, x) -> f)).isPresent(); ) {
                            mine.add(c.get().jobId());
                            assertTrue(own.finish(c.get(), AGENT, new AttemptResult.Passed(), List.of(), 3));
                        }
                    }
                    return mine;
                };
                got.add(pool.submit(work));
            }
            java.util.Set<Long> all = new java.util.HashSet<>();
            int total = 0;
            for (Future<List<Long>> f : got) {
                List<Long> mine = f.get();
                total += mine.size();
                all.addAll(mine);
            }
            assertEquals(20, total, "every job claimed once");
            assertEquals(20, all.size(), "no job claimed twice");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, store.openJobs(run));
    }

    @Test
    void infrastructureFailuresGoToAnotherBoardUntilThePolicyIsSpent() {
        String run = queue(job("s", 0, new RetryPolicy(1, 0)));
        Claim a1 = claim(run, emu1);
        store.finish(a1, AGENT, new AttemptResult.Infrastructure("no boot"), List.of(), 3);
        assertTrue(store.claim(Optional.of(run), AGENT, emu1, TTL, (f, c) -> f).isEmpty(), "not again on the board that broke");
        Claim a2 = claim(run, emu2);
        assertEquals(2, a2.attempt());
        store.finish(a2, AGENT, new AttemptResult.Infrastructure("serial lost"), List.of(), 3);
        assertEquals(JobOutcome.BROKEN, store.jobs(run).get(0).outcome());
    }

    @Test
    void testFailuresAreNotRetriedByDefaultAndFailThenPassIsFlaky() {
        String run = queue(job("once", 0, RetryPolicy.DEFAULT), job("twice", 0, new RetryPolicy(2, 1)));
        Claim once = claim(run, emu1);
        store.finish(once, AGENT, new AttemptResult.TestFailures("wrong"), List.of(new OutcomeFile.Line(Outcome.FAILED, "t")), 3);
        Claim t1 = claim(run, emu1);
        assertEquals("twice", t1.suite());
        store.finish(t1, AGENT, new AttemptResult.TestFailures("wrong"), List.of(new OutcomeFile.Line(Outcome.FAILED, "t")), 3);
        Claim t2 = claim(run, emu1);
        store.finish(t2, AGENT, new AttemptResult.Passed(), List.of(new OutcomeFile.Line(Outcome.PASSED, "t")), 3);
        List<StoreRows.Job> jobs = store.jobs(run);
        assertEquals(JobOutcome.FAILED, jobs.get(0).outcome());
        assertEquals(1, jobs.get(0).attempts());
        assertEquals(JobOutcome.FLAKY, jobs.get(1).outcome());
        assertEquals(3, store.testResults(run).size());
    }

    @Test
    void consecutiveInfrastructureFailuresQuarantineUntilReleased() {
        PlanJob[] jobs = {job("a", 0, RetryPolicy.DEFAULT), job("b", 0, RetryPolicy.DEFAULT),
                job("c", 0, RetryPolicy.DEFAULT)};
        String run = queue(jobs);
        for (int i = 0; i < 3; i++) {
            store.finish(claim(run, emu1), AGENT, new AttemptResult.Infrastructure("power command failed"), List.of(), 3);
        }
        StoreRows.Board b = store.board("emu-1").orElseThrow();
        assertEquals(BoardState.QUARANTINED, b.state());
        assertEquals(3, b.infraStreak());
        // Jobs go to other boards: the quarantined one is not among the boards that can still take them.
        assertEquals(0, store.closeStranded(run, List.of(emu1, emu2)));
        assertEquals(3, store.closeStranded(run, List.of(emu1)));
        assertTrue(store.releaseBoard("emu-1"));
        assertEquals(BoardState.IDLE, store.board("emu-1").orElseThrow().state());
        assertFalse(store.releaseBoard("nope"));
    }

    @Test
    void anExpiredLeaseRequeuesTheJobAndItsLateResultIsRefused() throws Exception {
        String run = queue(job("s", 0, RetryPolicy.DEFAULT));
        Claim lost = store.claim(Optional.of(run), AGENT, emu1, Duration.ofMillis(1), (f, c) -> f).orElseThrow();
        Thread.sleep(20);
        assertEquals(1, store.expireLeases(List.of()));
        assertEquals("QUEUED", store.jobs(run).get(0).state());
        assertEquals("ABANDONED", store.attempts(run).get(0).outcome());
        assertFalse(store.heartbeat(lost, AGENT, TTL, null), "the lease is gone");
        assertFalse(store.finish(lost, AGENT, new AttemptResult.Passed(), List.of(), 3), "a late result is not counted");
        Claim again = claim(run, emu1);
        assertEquals(2, again.attempt());
    }

    /** A job that keeps losing its lease (its agents die running it) is closed after a few, not requeued for ever. */
    @Test
    void aJobThatKeepsLosingItsLeaseIsClosedAsBroken() throws Exception {
        String run = queue(job("s", 0, RetryPolicy.DEFAULT));
        for (int i = 1; i <= FarmStore.MAX_LEASE_LOSSES; i++) {
            store.claim(Optional.of(run), AGENT, emu1, Duration.ofMillis(1), (f, c) -> f).orElseThrow();
            Thread.sleep(20);
            assertEquals(1, store.expireLeases(List.of()));
            assertEquals(i < FarmStore.MAX_LEASE_LOSSES ? "QUEUED" : "DONE", store.jobs(run).get(0).state(), "after loss " + i);
        }
        assertEquals(JobOutcome.BROKEN, store.jobs(run).get(0).outcome());
        assertTrue(store.attempts(run).stream().allMatch(a -> a.outcome().equals("ABANDONED")
                && a.detail().startsWith("lease lost: agent host/1/a stopped heartbeating")));
    }

    /**
     * Agents close a job no live board can take once it has waited past the grace time: here a
     * pandaboard job on a pool of vexpress boards, and a job wanting a tag no board carries. A job
     * a live board can take stays queued.
     */
    @Test
    void jobsNoLiveBoardCanTakeAreClosedAfterTheGraceTime() throws Exception {
        String run = queue(new PlanJob("s", Optional.of("pandaboard"), List.of(), 1, 0, Duration.ofMinutes(1), RetryPolicy.DEFAULT,
                        "p.yaml:1"),
                new PlanJob("s", Optional.empty(), List.of("lab-b"), 1, 0, Duration.ofMinutes(1), RetryPolicy.DEFAULT, "p.yaml:2"),
                new PlanJob("s", Optional.of("vexpress-a9"), List.of(), 1, 0, Duration.ofMinutes(1), RetryPolicy.DEFAULT, "p.yaml:3"));
        assertEquals(List.of(), store.closeUnplaceable(AGENT, Duration.ofMinutes(10), TTL), "within the grace time nothing closes");
        Thread.sleep(20);
        List<String> closed = store.closeUnplaceable(AGENT, Duration.ofMillis(10), TTL);
        assertEquals(2, closed.size(), closed.toString());
        assertTrue(closed.get(0).endsWith("job 1 (s): no live board can take it: no agent has registered an awake,"
                + " unquarantined pandaboard board within 0 s"), closed.get(0));
        assertTrue(closed.get(1).contains("board tagged lab-b"), closed.get(1));
        List<StoreRows.Job> jobs = store.jobs(run);
        assertEquals(List.of(JobOutcome.BROKEN, JobOutcome.BROKEN), List.of(jobs.get(0).outcome(), jobs.get(1).outcome()));
        assertEquals("QUEUED", jobs.get(2).state(), "a vexpress-a9 board is live");
        assertEquals(FarmStore.UNPLACED, store.attempts(run).get(0).board());
        // Boards that went offline take their jobs' placeability with them.
        store.boardsOffline(AGENT);
        assertEquals(1, store.closeUnplaceable(AGENT, Duration.ofMillis(10), TTL).size());
    }

    @Test
    void aBoardHeldByAnotherLiveAgentIsRefusedNamingTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.registerBoards("other/2/b", "other", List.of(emu1), TTL, a -> false));
        assertEquals("test: board 'emu-1' is already registered by agent host/1/a (two agents cannot share a board)",
                e.getMessage());
        // Once the holder is known dead, the board can be taken over.
        store.registerBoards("other/2/b", "other", List.of(emu1), TTL, a -> a.equals(AGENT));
        assertNotEquals(AGENT, store.board("emu-1").orElseThrow().agent());
    }

    @Test
    void anUnreachableStoreIsOneClearError() {
        StoreException e = assertThrows(StoreException.class,
                () -> FarmStore.open("postgresql://hil:secret@127.0.0.1:1/farm", tmp));
        assertTrue(e.getMessage().startsWith("farm store postgresql://hil:***@127.0.0.1:1/farm unreachable"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }
}
