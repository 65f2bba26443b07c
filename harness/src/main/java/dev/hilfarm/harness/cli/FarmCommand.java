package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.farm.FarmRun;
import dev.hilfarm.harness.farm.LiveView;
import dev.hilfarm.harness.farm.RunResults;
import dev.hilfarm.harness.farm.agent.AgentSettings;
import dev.hilfarm.harness.farm.agent.FarmAgent;
import dev.hilfarm.harness.farm.agent.JobProcess;
import dev.hilfarm.harness.farm.inventory.BoardKind;
import dev.hilfarm.harness.farm.inventory.Inventory;
import dev.hilfarm.harness.farm.inventory.InventoryParser;
import dev.hilfarm.harness.farm.inventory.PoolBoard;
import dev.hilfarm.harness.farm.plan.FarmPlan;
import dev.hilfarm.harness.farm.plan.PlanJob;
import dev.hilfarm.harness.farm.plan.PlanParser;
import dev.hilfarm.harness.farm.store.FarmStore;
import dev.hilfarm.harness.run.SuiteCatalog;
import dev.hilfarm.reports.AllureReportGenerator;
import dev.hilfarm.reports.FarmReport;
import dev.hilfarm.reports.HtmlReport;
import dev.hilfarm.reports.ReportSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hil farm …}: plans, pools, the store, agents, status and results of the device farm. */
@Command(name = "farm", description = "Run test plans on a pool of boards (this host's, or many hosts' through a shared store)",
        subcommands = {FarmCommand.Run.class, FarmCommand.Resume.class, FarmCommand.Submit.class, FarmCommand.Agent.class,
                FarmCommand.Status.class, FarmCommand.Results.class, FarmCommand.Board.class})
final class FarmCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the farm keeps its store (H2) and run folders, and which store to use. */
    static final class StoreOptions {
        @Option(names = "--farm-dir", defaultValue = "hil-farm",
                description = "the farm's folder: embedded store and run folders (default: ${DEFAULT-VALUE})")
        Path farmDir;

        @Option(names = "--store", description = "postgresql://user@host:port/db (default: the embedded store in --farm-dir)")
        String store;

        FarmStore open() {
            return FarmStore.open(store, farmDir);
        }
    }

    /** This host's pool: an inventory file, or emulated / QEMU boards made up on the spot. */
    static final class PoolOptions {
        @Option(names = "--inventory", description = "the lab inventory of this host (YAML)")
        Path inventory;

        @Option(names = "--emulated", description = "add N emulated boards (emu-1 … emu-N) to the pool")
        int emulated;

        @Option(names = "--qemu", description = "add N QEMU boards (qemu-1 … qemu-N) to the pool")
        int qemu;

        @Option(names = "--board-type", defaultValue = "vexpress-a9", description = "profile of --emulated/--qemu boards")
        String boardType;

        Inventory load(BoardProfiles profiles) {
            List<PoolBoard> boards = new ArrayList<>();
            Path file = Path.of("(command line)");
            if (inventory != null) {
                Inventory inv = new InventoryParser(profiles).parse(inventory);
                boards.addAll(inv.boards());
                file = inv.file();
            }
            profiles.get(boardType);
            for (int i = 1; i <= emulated; i++) {
                boards.add(new PoolBoard("emu-" + i, boardType, new BoardKind.Emulated(), List.of(), "--emulated"));
            }
            for (int i = 1; i <= qemu; i++) {
                boards.add(new PoolBoard("qemu-" + i, boardType, new BoardKind.Qemu(), List.of(), "--qemu"));
            }
            if (boards.isEmpty()) {
                throw new IllegalArgumentException("no boards: give --inventory FILE, --emulated N or --qemu N");
            }
            return new Inventory(file, boards);
        }
    }

    static final class Tuning {
        @Option(names = "--lease", defaultValue = "30s", description = "lease lifetime without heartbeat (default: ${DEFAULT-VALUE})")
        String lease;

        @Option(names = "--quarantine-after", defaultValue = "3",
                description = "consecutive infrastructure failures that quarantine a board (default: ${DEFAULT-VALUE})")
        int quarantineAfter;

        @Option(names = "--placement-timeout", defaultValue = "10m", description = "how long a queued job may wait for a"
                + " board that can take it before an agent closes it as unplaceable (default: ${DEFAULT-VALUE})")
        String placement;

        AgentSettings settings() {
            Duration ttl = parseDuration("--lease", lease);
            return new AgentSettings(ttl, Duration.ofMillis(Math.min(500, ttl.toMillis() / 4)), quarantineAfter,
                    parseDuration("--placement-timeout", placement));
        }
    }

    static Duration parseDuration(String option, String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + text + "': expected a duration like 30s or 500ms");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            default -> Duration.ofMinutes(v);
        };
    }

    static FarmPlan loadPlan(Path file, BoardProfiles profiles) {
        return new PlanParser(new SuiteCatalog(ReportSession.launcher()).knownSuites(), profiles).parse(file);
    }

    /** Queues a plan as a new run in the store and returns its id (the run folder's name). */
    static String queue(FarmStore store, FarmPlan plan, Path farmDir) {
        Path folder = FarmReport.createRunFolder(farmDir.resolve("runs"), plan.name());
        String runId = folder.getFileName().toString();
        store.createRun(runId, plan, folder);
        return runId;
    }

    static int finish(FarmStore store, String runId) {
        HtmlReport html = RunResults.writeReport(store, runId, AllureReportGenerator.fromBuild());
        RunResults results = RunResults.of(store, runId);
        System.out.println(results.oneLine());
        System.out.println(html.isGenerated() ? "report: " + html.index() : "no HTML report: " + html.problem());
        System.out.println("pass rates: " + results.folder().resolve("pass-rates.md") + "; JUnit XML: "
                + results.folder().resolve("junit"));
        return results.exitCode();
    }

    @Command(name = "run", description = "Run a plan on this host's pool now and write the run's report")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "PLAN", description = "the plan (YAML)")
        Path plan;

        @Mixin
        StoreOptions storeOptions;

        @Mixin
        PoolOptions pool;

        @Mixin
        Tuning tuning;

        @Override
        public Integer call() {
            BoardProfiles profiles = BoardProfiles.standard();
            FarmPlan farmPlan = loadPlan(plan, profiles);
            Inventory inventory = pool.load(profiles);
            for (PlanJob job : farmPlan.jobs()) {
                if (inventory.boards().stream().noneMatch(b -> job.boardType().map(b.profile()::equals).orElse(true)
                        && b.tags().containsAll(job.tags()))) {
                    throw new IllegalArgumentException(job.where() + ": no board in the pool (" + inventory.file()
                            + ") is of type " + job.boardType().orElse("any") + " with tags " + job.tags());
                }
            }
            try (FarmStore store = storeOptions.open()) {
                String runId = queue(store, farmPlan, storeOptions.farmDir);
                System.out.println("farm: run " + runId + ": " + store.jobs(runId).size() + " job(s) on "
                        + inventory.boards().size() + " board(s); store " + store.label());
                new FarmRun(store, inventory, tuning.settings(), JobProcess::new, System.out).work(runId);
                return finish(store, runId);
            }
        }
    }

    @Command(name = "resume", description = "Finish what is left of a run whose runner stopped")
    static final class Resume implements Callable<Integer> {
        @Parameters(paramLabel = "RUN", description = "the run id (its folder's name)")
        String runId;

        @Mixin
        StoreOptions storeOptions;

        @Mixin
        PoolOptions pool;

        @Mixin
        Tuning tuning;

        @Override
        public Integer call() {
            Inventory inventory = pool.load(BoardProfiles.standard());
            try (FarmStore store = storeOptions.open()) {
                if (store.run(runId).isEmpty()) {
                    throw new IllegalArgumentException("no run '" + runId + "' in the farm store " + store.label());
                }
                System.out.println("farm: resuming " + runId + ": " + store.openJobs(runId) + " job(s) left");
                new FarmRun(store, inventory, tuning.settings(), JobProcess::new, System.out).work(runId);
                return finish(store, runId);
            }
        }
    }

    @Command(name = "submit", description = "Queue a plan for the farm's agents and print the run id")
    static final class Submit implements Callable<Integer> {
        @Parameters(paramLabel = "PLAN", description = "the plan (YAML)")
        Path plan;

        @Mixin
        StoreOptions storeOptions;

        @Override
        public Integer call() {
            FarmPlan farmPlan = loadPlan(plan, BoardProfiles.standard());
            try (FarmStore store = storeOptions.open()) {
                String runId = queue(store, farmPlan, storeOptions.farmDir);
                System.out.println(runId);
                return 0;
            }
        }
    }

    @Command(name = "agent", description = "Register this host's boards and run the jobs they can take, until stopped")
    static final class Agent implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;

        @Mixin
        PoolOptions pool;

        @Mixin
        Tuning tuning;

        @Override
        public Integer call() throws InterruptedException {
            Inventory inventory = pool.load(BoardProfiles.standard());
            AgentSettings settings = tuning.settings();
            FarmStore store = storeOptions.open();
            FarmAgent agent = new FarmAgent(store, inventory, Optional.empty(), settings, JobProcess::new, System.out);
            agent.start();
            System.out.println("farm: agent " + agent.id() + " serving " + inventory.boards().size() + " board(s) from "
                    + store.label());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.stop(Duration.ofSeconds(20));
                store.close();
            }, "farm-agent-stop"));
            while (true) {
                Thread.sleep(settings.poll().toMillis() * 4);
                try {
                    agent.expireLeases();
                    for (String closed : agent.closeUnplaceable()) {
                        System.out.println("farm: closed " + closed);
                    }
                } catch (RuntimeException e) {
                    System.out.println("farm: " + e.getMessage());
                }
            }
        }
    }

    @Command(name = "status", description = "Boards (state, current job, last console line) and the progress of runs")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "RUN", arity = "0..1", description = "a run (default: the newest)")
        String runId;

        @Option(names = "--watch", description = "redraw every second until interrupted (or the run ends, with --until-done)")
        boolean watch;

        @Option(names = "--until-done", description = "with --watch: stop when the run has no open jobs")
        boolean untilDone;

        @Mixin
        StoreOptions storeOptions;

        @Override
        public Integer call() throws InterruptedException {
            try (FarmStore store = storeOptions.open()) {
                LiveView view = new LiveView(store, Optional.ofNullable(runId));
                if (!watch) {
                    System.out.print(view.render(false));
                    return 0;
                }
                while (true) {
                    System.out.print(view.render(true));
                    System.out.flush();
                    if (untilDone && view.runDone()) {
                        return 0;
                    }
                    Thread.sleep(1000);
                }
            }
        }
    }

    @Command(name = "results", description = "A run's outcomes and pass rates; rewrites its aggregated report")
    static final class Results implements Callable<Integer> {
        @Parameters(paramLabel = "RUN", description = "the run id")
        String runId;

        @Mixin
        StoreOptions storeOptions;

        @Override
        public Integer call() {
            try (FarmStore store = storeOptions.open()) {
                RunResults results = RunResults.of(store, runId);
                System.out.println(results.oneLine());
                for (var row : results.byBoard()) {
                    System.out.printf("  board %-20s %3d passed %3d flaky %3d failed %3d broken%n", row.key(),
                            row.passed(), row.flaky(), row.failed(), row.broken());
                }
                for (var row : results.byTest()) {
                    System.out.printf("  test  %3d passed %3d flaky %3d failed %3d broken  %s%n", row.passed(),
                            row.flaky(), row.failed(), row.broken(), row.key());
                }
                if (Files.isDirectory(results.folder())) {
                    return finish(store, runId);
                }
                return results.exitCode();
            }
        }
    }

    @Command(name = "board", description = "Manage one board of the farm", subcommands = {Release.class})
    static final class Board implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "release", description = "End a board's quarantine (its next job starts with a health check)")
    static final class Release implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        StoreOptions storeOptions;

        @Override
        public Integer call() {
            try (FarmStore store = storeOptions.open()) {
                if (!store.releaseBoard(name)) {
                    throw new IllegalArgumentException("no board '" + name + "' in the farm store " + store.label());
                }
                System.out.println("farm: board " + name + " released");
                return 0;
            }
        }
    }
}
