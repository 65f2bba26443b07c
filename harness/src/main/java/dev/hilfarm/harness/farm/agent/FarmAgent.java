package dev.hilfarm.harness.farm.agent;

import dev.hilfarm.harness.farm.inventory.Inventory;
import dev.hilfarm.harness.farm.inventory.PoolBoard;
import dev.hilfarm.harness.farm.store.FarmStore;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A host's boards working for the farm: registers them in the store (refusing boards another live
 * agent holds), runs one {@link BoardWorker} thread per board, and gives up the leases of agents
 * that stopped heartbeating. {@code hil farm run} uses one for a single run; {@code hil farm agent}
 * one that takes jobs from every run.
 */
public final class FarmAgent implements AutoCloseable {
    private final FarmStore store;
    private final Inventory inventory;
    private final AgentSettings settings;
    private final String id;
    private final List<BoardWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public FarmAgent(FarmStore store, Inventory inventory, Optional<String> runFilter, AgentSettings settings,
                     Supplier<JobProcess> processes, PrintStream out) {
        this.store = store;
        this.inventory = inventory;
        this.settings = settings;
        this.id = host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        for (PoolBoard b : inventory.boards()) {
            workers.add(new BoardWorker(store, b, id, runFilter, settings, processes, out));
        }
    }

    public String id() {
        return id;
    }

    public List<PoolBoard> boards() {
        return inventory.boards();
    }

    /** Registers the boards and starts their workers. */
    public void start() {
        // Another agent's board counts as live while it heartbeats within two lease lifetimes.
        store.registerBoards(id, host(), inventory.boards(), settings.leaseTtl().multipliedBy(2), this::deadHere);
        for (int i = 0; i < workers.size(); i++) {
            Thread t = new Thread(workers.get(i), "board-" + inventory.boards().get(i).name());
            threads.add(t);
            t.start();
        }
    }

    /** Requeues jobs whose agents stopped heartbeating; agents on this host known dead go at once. */
    public int expireLeases() {
        List<String> dead = store.leaseHolders().stream().filter(this::deadHere).toList();
        return store.expireLeases(dead);
    }

    /**
     * Closes the queued jobs of any run that no live board of any agent can take (see
     * {@link FarmStore#closeUnplaceable}); a board counts as live while seen within two lease lifetimes.
     */
    public List<String> closeUnplaceable() {
        return store.closeUnplaceable(id, settings.placement(), settings.leaseTtl().multipliedBy(2));
    }

    /** An agent of this host whose process is gone; agents elsewhere are judged by their heartbeats. */
    private boolean deadHere(String agent) {
        String[] parts = agent.split("/");
        if (agent.equals(id) || parts.length != 3 || !parts[0].equals(host())) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(parts[1])).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether every board is waiting for work. */
    public boolean idle() {
        return workers.stream().noneMatch(BoardWorker::busy);
    }

    /** Stops the workers (abandoning running jobs, whose leases are then given up) within {@code limit}. */
    public void stop(Duration limit) {
        workers.forEach(BoardWorker::stop);
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        store.boardsOffline(id);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
