package dev.hilfarm.harness.farm;

import dev.hilfarm.harness.farm.agent.AgentSettings;
import dev.hilfarm.harness.farm.agent.FarmAgent;
import dev.hilfarm.harness.farm.agent.JobProcess;
import dev.hilfarm.harness.farm.inventory.Inventory;
import dev.hilfarm.harness.farm.store.FarmStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the open jobs of one run on this host's pool until none is left: {@code hil farm run} right
 * after queueing a plan, {@code hil farm resume} for a run whose runner was killed.
 */
public final class FarmRun {
    private final FarmStore store;
    private final Inventory inventory;
    private final AgentSettings settings;
    private final Supplier<JobProcess> processes;
    private final PrintStream out;

    public FarmRun(FarmStore store, Inventory inventory, AgentSettings settings, Supplier<JobProcess> processes,
                   PrintStream out) {
        this.store = store;
        this.inventory = inventory;
        this.settings = settings;
        this.processes = processes;
        this.out = out;
    }

    /** Works the run to its end; the caller then writes the report. */
    public void work(String runId) {
        FarmAgent agent = new FarmAgent(store, inventory, Optional.of(runId), settings, processes, out);
        Thread onSignal = new Thread(() -> agent.stop(Duration.ofSeconds(20)), "farm-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            agent.start();
            int expired = agent.expireLeases();
            if (expired > 0) {
                out.println("farm: " + expired + " job(s) of a stopped runner requeued");
            }
            while (store.openJobs(runId) > 0) {
                sleep(settings.poll());
                agent.expireLeases();
                if (agent.idle()) {
                    int stranded = store.closeStranded(runId, inventory.boards());
                    if (stranded > 0) {
                        out.println("farm: " + stranded + " job(s) have no board left to run on; closed as broken");
                    }
                }
            }
        } finally {
            agent.stop(Duration.ofSeconds(30));
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running, nothing to remove.
            }
        }
        store.markRunFinished(runId);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        }
    }
}
