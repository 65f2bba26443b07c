package dev.hilfarm.harness.farm;

import dev.hilfarm.harness.farm.store.FarmStore;
import dev.hilfarm.harness.farm.store.StoreRows;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The text of {@code hil farm status}: each board's state, job and last line, and a run's progress. */
public final class LiveView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String CLEAR = "\033[H\033[2J";

    private final FarmStore store;
    private final Optional<String> runId;
    private volatile boolean done;

    public LiveView(FarmStore store, Optional<String> runId) {
        this.store = store;
        this.runId = runId;
    }

    public boolean runDone() {
        return done;
    }

    public String render(boolean clear) {
        StringBuilder out = new StringBuilder(clear ? CLEAR : "");
        out.append("farm store ").append(store.label()).append(" at ").append(TIME.format(Instant.now())).append('\n');
        List<StoreRows.Board> boards = store.boards();
        Map<Long, StoreRows.Job> jobs = new HashMap<>();
        Optional<StoreRows.Run> run = runId.flatMap(store::run)
                .or(() -> store.runs().stream().max(Comparator.comparingLong(StoreRows.Run::createdAt)));
        if (run.isPresent()) {
            store.jobs(run.get().id()).forEach(j -> jobs.put(j.id(), j));
        }
        out.append(String.format("%-16s %-16s %-13s %-28s %s%n", "BOARD", "TYPE", "STATE", "JOB", "LAST LINE"));
        for (StoreRows.Board b : boards) {
            String job = "";
            if (b.currentJob() != null) {
                StoreRows.Job j = jobs.get(b.currentJob());
                job = j == null ? "#" + b.currentJob() : j.seq() + " " + j.suite() + " (attempt " + j.attempts() + ")";
            }
            String state = b.state().name().toLowerCase().replace('_', ' ');
            if (b.infraStreak() > 0) {
                state += " !" + b.infraStreak();
            }
            out.append(String.format("%-16s %-16s %-13s %-28s %s%n", b.name(), b.profile(), state, job,
                    clip(b.lastLine() == null ? "" : b.lastLine().strip(), 60)));
        }
        if (run.isEmpty()) {
            out.append("no runs yet\n");
            done = true;
            return out.toString();
        }
        long total = jobs.size();
        long finished = jobs.values().stream().filter(j -> j.outcome() != null).count();
        long running = jobs.values().stream().filter(j -> "LEASED".equals(j.state())).count();
        RunResults results = RunResults.of(store, run.get().id());
        int width = 30;
        int filled = total == 0 ? width : (int) (width * finished / total);
        out.append('\n').append("run ").append(run.get().id()).append(" [").append("#".repeat(filled))
                .append(".".repeat(width - filled)).append("] ").append(finished).append('/').append(total)
                .append(" jobs done, ").append(running).append(" running\n").append(results.oneLine()).append('\n');
        done = finished == total;
        return out.toString();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
