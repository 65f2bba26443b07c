package dev.hilfarm.harness.farm.agent;

import dev.hilfarm.harness.farm.inventory.PoolBoard;
import dev.hilfarm.harness.farm.store.AttemptResult;
import dev.hilfarm.harness.farm.store.BoardState;
import dev.hilfarm.harness.farm.store.Claim;
import dev.hilfarm.harness.farm.store.FarmStore;
import dev.hilfarm.harness.farm.store.StoreRows;
import dev.hilfarm.reports.OutcomeFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One pool board's loop: claim a job it can run, health-check the board when the run has not
 * seen it healthy yet, run the job under a heartbeating lease, write the result, repeat.
 */
final class BoardWorker implements Runnable {
    private final FarmStore store;
    private final PoolBoard board;
    private final String agent;
    private final Optional<String> runFilter;
    private final AgentSettings settings;
    private final Supplier<JobProcess> processes;
    private final PrintStream out;
    private volatile boolean stopping;
    private volatile JobProcess current;
    private volatile boolean busy;

    BoardWorker(FarmStore store, PoolBoard board, String agent, Optional<String> runFilter, AgentSettings settings,
                Supplier<JobProcess> processes, PrintStream out) {
        this.store = store;
        this.board = board;
        this.agent = agent;
        this.runFilter = runFilter;
        this.settings = settings;
        this.processes = processes;
        this.out = out;
    }

    boolean busy() {
        return busy;
    }

    void stop() {
        stopping = true;
        JobProcess p = current;
        if (p != null) {
            p.abandon("runner stopping: job on " + board.name() + " abandoned");
        }
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                Optional<StoreRows.Board> row = store.board(board.name());
                if (row.isEmpty() || row.get().state() == BoardState.QUARANTINED) {
                    sleep();
                    continue;
                }
                busy = true;
                Optional<Claim> claim = store.claim(runFilter, agent, board, settings.leaseTtl(), this::folderOf);
                if (claim.isEmpty()) {
                    busy = false;
                    sleep();
                    continue;
                }
                work(claim.get(), row.get());
            } catch (RuntimeException e) {
                // A store hiccup must not end the board's loop; the lease (if any) expires and requeues.
                out.println("farm: " + board.name() + ": " + e.getMessage());
                sleep();
            } finally {
                busy = false;
            }
        }
    }

    private Path folderOf(Path runFolder, Claim c) {
        return runFolder.resolve("jobs").resolve(String.format("%04d-%s-%s-a%d", c.seq(), c.suite(), board.name(),
                c.attempt()));
    }

    private void work(Claim claim, StoreRows.Board row) {
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + board.name());
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, settings.leaseTtl().toMillis() / 3);
        heart.scheduleAtFixedRate(() -> beat(claim), period, period, TimeUnit.MILLISECONDS);
        try {
            AttemptResult result = null;
            Optional<String> healthSuite = store.run(claim.runId()).map(r -> r.health())
                    .map(h -> h.getOrDefault(board.profile(), h.get("*")));
            if (healthSuite.isPresent() && !claim.runId().equals(row.healthyForRun())) {
                result = healthCheck(claim, healthSuite.get());
            }
            if (result == null && !stopping) {
                out.printf("farm: %s: job %d (%s) attempt %d%n", board.name(), claim.seq(), claim.suite(), claim.attempt());
                JobProcess process = processes.get();
                current = process;
                result = process.run(claim.suite(), board, claim.folder(), claim.timeout());
                current = null;
            }
            if (result == null) {
                result = new AttemptResult.Infrastructure("runner stopping before the job started");
            }
            List<OutcomeFile.Line> tests;
            try {
                tests = OutcomeFile.read(claim.folder().resolve("report"));
            } catch (IOException e) {
                tests = List.of();
            }
            heart.shutdownNow();
            if (stopping) {
                store.giveBack(claim, agent, "runner stopped during the job; requeued for resume");
                return;
            }
            if (store.finish(claim, agent, result, tests, settings.quarantineAfter())) {
                out.printf("farm: %s: job %d (%s) attempt %d %s%s%n", board.name(), claim.seq(), claim.suite(),
                        claim.attempt(), result.code(), result.detail().isEmpty() ? "" : " — " + result.detail());
                if (result instanceof AttemptResult.Infrastructure && store.board(board.name())
                        .map(b -> b.state() == BoardState.QUARANTINED).orElse(false)) {
                    out.printf("farm: %s: quarantined after %d infrastructure failures in a row"
                            + " (hil farm board release %s)%n", board.name(), settings.quarantineAfter(), board.name());
                }
            }
        } finally {
            heart.shutdownNow();
            current = null;
        }
    }

    /** @return null when the board is healthy, else the infrastructure failure that sends the job elsewhere */
    private AttemptResult healthCheck(Claim claim, String suite) {
        store.boardState(board.name(), BoardState.HEALTH_CHECK, "health check: " + suite);
        Path folder = claim.folder().resolveSibling("health-" + board.name() + "-" + System.currentTimeMillis());
        long id = store.healthCheckStarted(board.name(), claim.runId(), suite, folder);
        out.printf("farm: %s: health check (%s)%n", board.name(), suite);
        JobProcess process = processes.get();
        current = process;
        AttemptResult health = process.run(suite, board, folder, claim.timeout());
        current = null;
        store.healthCheckFinished(id, board.name(), claim.runId(), health);
        if (health instanceof AttemptResult.Passed) {
            store.boardState(board.name(), BoardState.LEASED, null);
            return null;
        }
        out.printf("farm: %s: health check %s — %s%n", board.name(), health.code(), health.detail());
        return new AttemptResult.Infrastructure("health check (" + suite + ") failed on " + board.name() + ": "
                + health.detail());
    }

    private void beat(Claim claim) {
        try {
            JobProcess p = current;
            if (!store.heartbeat(claim, agent, settings.leaseTtl(), p == null ? null : p.lastLine())) {
                if (p != null) {
                    p.abandon("lease on job " + claim.seq() + " lost (expired); abandoned on " + board.name());
                }
            }
        } catch (RuntimeException e) {
            // A missed beat is survivable; the lease only expires after three.
        }
    }

    private void sleep() {
        try {
            Thread.sleep(settings.poll().toMillis());
        } catch (InterruptedException e) {
            stopping = true;
            Thread.currentThread().interrupt();
        }
    }
}
