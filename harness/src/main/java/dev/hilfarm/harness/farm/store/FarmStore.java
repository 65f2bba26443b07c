package dev.hilfarm.harness.farm.store;

import dev.hilfarm.harness.farm.inventory.BoardKind;
import dev.hilfarm.harness.farm.inventory.PoolBoard;
import dev.hilfarm.harness.farm.plan.FarmPlan;
import dev.hilfarm.harness.farm.plan.PlanJob;
import dev.hilfarm.reports.OutcomeFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Jobs, attempts, leases, results and board health, in H2 (a file in the farm directory) or
 * PostgreSQL (shared by the agents of several lab hosts). Every operation is one transaction, so a
 * runner killed at any point leaves the store consistent: a job is QUEUED, LEASED with a lease
 * that will expire, or DONE with all its attempts written.
 *
 * <p>One connection per store object, its operations serialised: the farm's transactions are a
 * few statements each, and concurrency between agents comes from separate processes, each with
 * its own connection, meeting in {@code FOR UPDATE SKIP LOCKED}.
 */
public final class FarmStore implements AutoCloseable {
    public static final String H2_FILE = "farm-store";
    /** How an attempt whose agent stopped heartbeating is marked (attempt.detail starts with it). */
    static final String LEASE_LOST = "lease lost: ";
    /** Lost leases after which a job is closed as broken rather than requeued again. */
    public static final int MAX_LEASE_LOSSES = 3;
    /** The board of the attempt that records a job closed because no board could take it. */
    public static final String UNPLACED = "(unplaced)";
    private static final String MIGRATIONS = "classpath:dev/hilfarm/harness/farm/store/migration";

    private final String label;
    private final Connection connection;

    private FarmStore(String label, Connection connection) {
        this.label = label;
        this.connection = connection;
    }

    /**
     * Opens (and migrates) the store: {@code spec} null means the H2 file in {@code farmDir};
     * {@code postgresql://user[:password]@host[:port]/db} or a {@code jdbc:} URL names another.
     */
    public static FarmStore open(String spec, Path farmDir) {
        String url;
        String label;
        if (spec == null || spec.isBlank()) {
            Path file = farmDir.toAbsolutePath().resolve(H2_FILE);
            // AUTO_SERVER lets `hil farm status` read the store while a runner holds it open.
            // WRITE_DELAY=0: H2 otherwise writes commits out up to a second later, and a runner
            // killed in that second would lose results it had already reported as recorded.
            url = "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
            label = file + ".mv.db";
        } else if (spec.startsWith("postgresql://") || spec.startsWith("postgres://")) {
            url = postgresUrl(spec);
            label = spec.replaceAll(":[^:@/]*@", ":***@");
        } else if (spec.startsWith("jdbc:")) {
            url = spec;
            label = spec;
        } else {
            throw new IllegalArgumentException("--store '" + spec + "': expected postgresql://user@host:port/db or a jdbc: URL");
        }
        try {
            Flyway.configure().dataSource(url, null, null).locations(MIGRATIONS)
                    .connectRetries(0).load().migrate();
        } catch (FlywayException e) {
            throw new StoreException("farm store " + label + " unreachable or not migratable: " + firstLine(e), e);
        }
        try {
            Connection c = DriverManager.getConnection(url);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return new FarmStore(label, c);
        } catch (SQLException e) {
            throw new StoreException("farm store " + label + " unreachable: " + firstLine(e), e);
        }
    }

    /** postgresql://user:pw@host:port/db → jdbc:postgresql://host:port/db?user=…&password=… */
    static String postgresUrl(String spec) {
        String rest = spec.substring(spec.indexOf("://") + 3);
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String cred = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = cred.indexOf(':');
            user = colon >= 0 ? cred.substring(0, colon) : cred;
            password = colon >= 0 ? cred.substring(colon + 1) : null;
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(rest);
        String sep = rest.contains("?") ? "&" : "?";
        if (user != null) {
            url.append(sep).append("user=").append(user);
            sep = "&";
        }
        if (password != null) {
            url.append(sep).append("password=").append(password);
            sep = "&";
        }
        // Bounded waits: an unreachable store is an error within seconds, not a hang.
        url.append(sep).append("connectTimeout=5&socketTimeout=60");
        return url.toString();
    }

    public String label() {
        return label;
    }

    // ---- runs and jobs -------------------------------------------------------------------------

    /** Queues a plan as a new run: one job per plan entry, board type and repetition. */
    public synchronized void createRun(String runId, FarmPlan plan, Path folder) {
        tx(c -> {
            try (PreparedStatement run = c.prepareStatement(
                    "INSERT INTO farm_run (id, plan_name, plan_file, folder, health, created_at) VALUES (?,?,?,?,?,?)");
                 PreparedStatement job = c.prepareStatement("INSERT INTO job (run_id, seq, suite, board_type, repetition,"
                         + " priority, timeout_ms, infra_retries, failure_retries, plan_entry, state)"
                         + " VALUES (?,?,?,?,?,?,?,?,?,?,'QUEUED')", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement tag = c.prepareStatement("INSERT INTO job_tag (job_id, tag) VALUES (?,?)")) {
                run.setString(1, runId);
                run.setString(2, plan.name());
                run.setString(3, plan.file().toString());
                run.setString(4, folder.toAbsolutePath().toString());
                run.setString(5, String.join(",", plan.health().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
                run.setLong(6, now(c));
                run.executeUpdate();
                int seq = 0;
                for (PlanJob pj : plan.jobs()) {
                    for (int rep = 1; rep <= pj.repeat(); rep++) {
                        job.setString(1, runId);
                        job.setInt(2, ++seq);
                        job.setString(3, pj.suite());
                        job.setString(4, pj.boardType().orElse(null));
                        job.setInt(5, rep);
                        job.setInt(6, pj.priority());
                        job.setLong(7, pj.timeout().toMillis());
                        job.setInt(8, pj.retry().infrastructure());
                        job.setInt(9, pj.retry().failures());
                        job.setString(10, pj.where());
                        job.executeUpdate();
                        long id;
                        try (ResultSet keys = job.getGeneratedKeys()) {
                            keys.next();
                            id = keys.getLong(1);
                        }
                        for (String t : pj.tags()) {
                            tag.setLong(1, id);
                            tag.setString(2, t);
                            tag.executeUpdate();
                        }
                    }
                }
            }
            return null;
        });
    }

    public synchronized Optional<StoreRows.Run> run(String runId) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, plan_name, folder, created_at, finished_at, health"
                    + " FROM farm_run WHERE id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(runRow(rs)) : Optional.<StoreRows.Run>empty();
                }
            }
        });
    }

    public synchronized List<StoreRows.Run> runs() {
        return tx(c -> {
            List<StoreRows.Run> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, plan_name, folder, created_at, finished_at, health"
                    + " FROM farm_run ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(runRow(rs));
                }
            }
            return out;
        });
    }

    private static StoreRows.Run runRow(ResultSet rs) throws SQLException {
        long finished = rs.getLong(5);
        Long fin = rs.wasNull() ? null : finished;
        Map<String, String> health = new LinkedHashMap<>();
        for (String pair : rs.getString(6).split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                health.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new StoreRows.Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), fin, health);
    }

    public synchronized void markRunFinished(String runId) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_run SET finished_at = ? WHERE id = ?")) {
                ps.setLong(1, now(c));
                ps.setString(2, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Jobs not yet DONE in a run. */
    public synchronized int openJobs(String runId) {
        return tx(c -> count(c, "SELECT COUNT(*) FROM job WHERE run_id = ? AND state <> 'DONE'", runId));
    }

    public synchronized List<StoreRows.Job> jobs(String runId) {
        return tx(c -> {
            List<StoreRows.Job> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, run_id, seq, suite, board_type, repetition, state,"
                    + " outcome, attempts, plan_entry FROM job WHERE run_id = ? ORDER BY seq")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String outcome = rs.getString(8);
                        out.add(new StoreRows.Job(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6), rs.getString(7),
                                outcome == null ? null : JobOutcome.valueOf(outcome), rs.getInt(9), rs.getString(10)));
                    }
                }
            }
            return out;
        });
    }

    public synchronized List<StoreRows.Attempt> attempts(String runId) {
        return tx(c -> {
            List<StoreRows.Attempt> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.job_id, a.attempt, a.board, a.agent, a.started_at,"
                    + " a.finished_at, a.outcome, a.detail, a.folder FROM attempt a JOIN job j ON j.id = a.job_id"
                    + " WHERE j.run_id = ? ORDER BY j.seq, a.attempt")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long fin = rs.getLong(6);
                        Long finished = rs.wasNull() ? null : fin;
                        out.add(new StoreRows.Attempt(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5), finished, rs.getString(7), rs.getString(8), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    public synchronized List<StoreRows.TestResult> testResults(String runId) {
        return tx(c -> {
            List<StoreRows.TestResult> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.job_id, t.attempt, t.test_name, t.outcome"
                    + " FROM test_result t JOIN job j ON j.id = t.job_id WHERE j.run_id = ? ORDER BY j.seq, t.attempt")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoreRows.TestResult(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    // ---- boards --------------------------------------------------------------------------------

    /**
     * Registers an agent's boards. A board that another agent registered and still heartbeats
     * for is refused: two agents driving one board would interleave on its console.
     */
    public synchronized void registerBoards(String agent, String host, List<PoolBoard> boards, Duration liveness,
                                            java.util.function.Predicate<String> knownDead) {
        tx(c -> {
            long now = now(c);
            for (PoolBoard b : boards) {
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT agent, seen_at, state FROM board WHERE name = ? FOR UPDATE")) {
                    q.setString(1, b.name());
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            String other = rs.getString(1);
                            boolean live = now - rs.getLong(2) < liveness.toMillis() && !"OFFLINE".equals(rs.getString(3))
                                    && (other == null || !knownDead.test(other));
                            if (other != null && !other.equals(agent) && live) {
                                throw new IllegalArgumentException(b.where() + ": board '" + b.name()
                                        + "' is already registered by agent " + other + " (two agents cannot share a board)");
                            }
                            try (PreparedStatement u = c.prepareStatement("UPDATE board SET profile = ?, kind = ?, tags = ?,"
                                    + " agent = ?, host = ?, seen_at = ?, current_job = NULL,"
                                    + " state = CASE WHEN state = 'QUARANTINED' THEN state ELSE 'IDLE' END WHERE name = ?")) {
                                u.setString(1, b.profile());
                                u.setString(2, kindName(b.kind()));
                                u.setString(3, String.join(",", b.tags()));
                                u.setString(4, agent);
                                u.setString(5, host);
                                u.setLong(6, now);
                                u.setString(7, b.name());
                                u.executeUpdate();
                            }
                            continue;
                        }
                    }
                }
                try (PreparedStatement i = c.prepareStatement("INSERT INTO board (name, profile, kind, tags, agent, host,"
                        + " state, seen_at) VALUES (?,?,?,?,?,?,'IDLE',?)")) {
                    i.setString(1, b.name());
                    i.setString(2, b.profile());
                    i.setString(3, kindName(b.kind()));
                    i.setString(4, String.join(",", b.tags()));
                    i.setString(5, agent);
                    i.setString(6, host);
                    i.setLong(7, now);
                    i.executeUpdate();
                }
            }
            return null;
        });
    }

    private static String kindName(BoardKind kind) {
        if (kind instanceof BoardKind.Serial) {
            return "serial";
        }
        return kind instanceof BoardKind.Qemu ? "qemu" : "emulator";
    }

    public synchronized void boardsOffline(String agent) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE board SET state = CASE WHEN state = 'QUARANTINED'"
                    + " THEN state ELSE 'OFFLINE' END, current_job = NULL WHERE agent = ?")) {
                ps.setString(1, agent);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public synchronized List<StoreRows.Board> boards() {
        return tx(c -> {
            List<StoreRows.Board> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, profile, kind, tags, agent, host, state,"
                    + " infra_streak, healthy_for_run, current_job, last_line, seen_at FROM board ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long job = rs.getLong(10);
                    Long current = rs.wasNull() ? null : job;
                    String tags = rs.getString(4);
                    out.add(new StoreRows.Board(rs.getString(1), rs.getString(2), rs.getString(3),
                            tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")), rs.getString(5), rs.getString(6),
                            BoardState.valueOf(rs.getString(7)), rs.getInt(8), rs.getString(9), current,
                            rs.getString(11), rs.getLong(12)));
                }
            }
            return out;
        });
    }

    public synchronized Optional<StoreRows.Board> board(String name) {
        return boards().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** Ends a quarantine; the board's next job is preceded by a health check. */
    public synchronized boolean releaseBoard(String name) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE board SET state = 'IDLE', infra_streak = 0,"
                    + " healthy_for_run = NULL WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public synchronized void boardState(String board, BoardState state, String lastLine) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE board SET state = CASE WHEN state = 'QUARANTINED'"
                    + " THEN state ELSE ? END, last_line = COALESCE(?, last_line), seen_at = ? WHERE name = ?")) {
                ps.setString(1, state.name());
                ps.setString(2, clip(lastLine, 1000));
                ps.setLong(3, now(c));
                ps.setString(4, board);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records a health check's start; returns its id. */
    public synchronized long healthCheckStarted(String board, String runId, String suite, Path folder) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO health_check (board, run_id, suite, started_at,"
                    + " folder) VALUES (?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, board);
                ps.setString(2, runId);
                ps.setString(3, suite);
                ps.setLong(4, now(c));
                ps.setString(5, folder.toString());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Records a health check's end. A pass makes the board healthy for the run and clears its
     * failure streak; a failure is counted (once) by {@link #finish} of the job it was checking for.
     */
    public synchronized void healthCheckFinished(long id, String board, String runId, AttemptResult result) {
        tx(c -> {
            update(c, "UPDATE health_check SET finished_at = ?, outcome = ? WHERE id = ?", now(c),
                    result.code(), id);
            if (result instanceof AttemptResult.Passed) {
                update(c, "UPDATE board SET healthy_for_run = ?, infra_streak = 0 WHERE name = ?", runId, board);
            } else {
                update(c, "UPDATE board SET healthy_for_run = NULL WHERE name = ?", board);
            }
            return null;
        });
    }

    private static BoardState countInfrastructureFailure(Connection c, String board, int quarantineAfter)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE board SET infra_streak = infra_streak + 1,"
                + " healthy_for_run = NULL, state = CASE WHEN infra_streak + 1 >= ? THEN 'QUARANTINED' ELSE state END"
                + " WHERE name = ?")) {
            ps.setInt(1, quarantineAfter);
            ps.setString(2, board);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM board WHERE name = ?")) {
            ps.setString(1, board);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? BoardState.valueOf(rs.getString(1)) : BoardState.OFFLINE;
            }
        }
    }

    // ---- claims and leases ---------------------------------------------------------------------

    /**
     * Claims the most urgent queued job this board can run: matching board type, all the job's
     * tags on the board, not a job that already broke on this board (infrastructure retries go to
     * another board), from {@code runId} or, when it is empty, from any run. Rows other agents are
     * claiming are skipped, not waited for.
     */
    public synchronized Optional<Claim> claim(Optional<String> runId, String agent, PoolBoard board, Duration leaseTtl,
                                              BiFunction<Path, Claim, Path> folderOf) {
        return tx(c -> {
            // The run's folder comes with the job, in this transaction: asking the store again from
            // folderOf would commit early and drop the row lock before the job is marked LEASED.
            StringBuilder sql = new StringBuilder("SELECT j.id, j.run_id, j.seq, j.suite, j.attempts, j.timeout_ms,"
                    + " (SELECT r.folder FROM farm_run r WHERE r.id = j.run_id) FROM job j WHERE j.state = 'QUEUED' AND (j.board_type IS NULL OR j.board_type = ?)"
                    + " AND NOT EXISTS (SELECT 1 FROM attempt a WHERE a.job_id = j.id AND a.board = ? AND a.outcome = 'BROKEN')"
                    + " AND NOT EXISTS (SELECT 1 FROM job_tag t WHERE t.job_id = j.id");
            if (!board.tags().isEmpty()) {
                sql.append(" AND t.tag NOT IN (").append(String.join(",", board.tags().stream().map(t -> "?").toList()))
                        .append(")");
            }
            sql.append(")");
            if (runId.isPresent()) {
                sql.append(" AND j.run_id = ?");
            }
            sql.append(" ORDER BY j.priority DESC, j.id LIMIT 1 FOR UPDATE SKIP LOCKED");
            long jobId;
            String run;
            int seq;
            String suite;
            int attempt;
            long timeoutMs;
            Path runFolder;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, board.profile());
                ps.setString(i++, board.name());
                for (String t : board.tags()) {
                    ps.setString(i++, t);
                }
                if (runId.isPresent()) {
                    ps.setString(i, runId.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Claim>empty();
                    }
                    jobId = rs.getLong(1);
                    run = rs.getString(2);
                    seq = rs.getInt(3);
                    suite = rs.getString(4);
                    attempt = rs.getInt(5) + 1;
                    timeoutMs = rs.getLong(6);
                    runFolder = Path.of(rs.getString(7));
                }
            }
            long now = now(c);
            Claim claim = new Claim(jobId, run, seq, suite, board.profile(), attempt, Duration.ofMillis(timeoutMs),
                    board.name(), null);
            Path folder = folderOf.apply(runFolder, claim);
            claim = new Claim(jobId, run, seq, suite, board.profile(), attempt, claim.timeout(), board.name(), folder);
            update(c, "UPDATE job SET state = 'LEASED', attempts = ? WHERE id = ?", attempt, jobId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lease (job_id, board, agent, attempt, expires_at)"
                    + " VALUES (?,?,?,?,?)")) {
                ps.setLong(1, jobId);
                ps.setString(2, board.name());
                ps.setString(3, agent);
                ps.setInt(4, attempt);
                ps.setLong(5, now + leaseTtl.toMillis());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO attempt (job_id, attempt, board, agent, started_at,"
                    + " folder) VALUES (?,?,?,?,?,?)")) {
                ps.setLong(1, jobId);
                ps.setInt(2, attempt);
                ps.setString(3, board.name());
                ps.setString(4, agent);
                ps.setLong(5, now);
                ps.setString(6, folder.toString());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE board SET state = 'LEASED', current_job = ?, seen_at = ?"
                    + " WHERE name = ?")) {
                ps.setLong(1, jobId);
                ps.setLong(2, now);
                ps.setString(3, board.name());
                ps.executeUpdate();
            }
            return Optional.of(claim);
        });
    }

    /** Extends a lease; false when it is gone (expired and requeued): the job must be abandoned. */
    public synchronized boolean heartbeat(Claim claim, String agent, Duration leaseTtl, String lastLine) {
        return tx(c -> {
            long now = now(c);
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE lease SET expires_at = ? WHERE job_id = ? AND agent = ?"
                    + " AND attempt = ?")) {
                ps.setLong(1, now + leaseTtl.toMillis());
                ps.setLong(2, claim.jobId());
                ps.setString(3, agent);
                ps.setInt(4, claim.attempt());
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE board SET seen_at = ?, last_line = COALESCE(?, last_line)"
                    + " WHERE name = ?")) {
                ps.setLong(1, now);
                ps.setString(2, clip(lastLine, 1000));
                ps.setString(3, claim.board());
                ps.executeUpdate();
            }
            return n == 1;
        });
    }

    /**
     * Ends an attempt: writes its result and per-test outcomes, frees the lease and the board,
     * and either requeues the job (within its retry policy) or closes it with its outcome.
     *
     * @return false when the lease was already gone (the attempt had been given up as lost)
     */
    public synchronized boolean finish(Claim claim, String agent, AttemptResult result, List<OutcomeFile.Line> tests,
                                       int quarantineAfter) {
        return tx(c -> {
            int held;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM lease WHERE job_id = ? AND agent = ? AND attempt = ?")) {
                ps.setLong(1, claim.jobId());
                ps.setString(2, agent);
                ps.setInt(3, claim.attempt());
                held = ps.executeUpdate();
            }
            if (held == 0) {
                return false;
            }
            closeAttempt(c, claim.jobId(), claim.attempt(), result);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO test_result (job_id, attempt, test_name, outcome)"
                    + " VALUES (?,?,?,?)")) {
                for (OutcomeFile.Line t : tests) {
                    ps.setLong(1, claim.jobId());
                    ps.setInt(2, claim.attempt());
                    ps.setString(3, clip(t.test(), 2000));
                    ps.setString(4, t.outcome().name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (result instanceof AttemptResult.Infrastructure) {
                countInfrastructureFailure(c, claim.board(), quarantineAfter);
            } else {
                update(c, "UPDATE board SET infra_streak = 0 WHERE name = ?", claim.board());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE board SET current_job = NULL, state = CASE WHEN"
                    + " state = 'QUARANTINED' THEN state ELSE 'IDLE' END, seen_at = ? WHERE name = ?")) {
                ps.setLong(1, now(c));
                ps.setString(2, claim.board());
                ps.executeUpdate();
            }
            decide(c, claim.jobId(), result);
            return true;
        });
    }

    private static void closeAttempt(Connection c, long jobId, int attempt, AttemptResult result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE attempt SET finished_at = ?, outcome = ?, detail = ?"
                + " WHERE job_id = ? AND attempt = ?")) {
            ps.setLong(1, now(c));
            ps.setString(2, result.code());
            ps.setString(3, clip(result.detail(), 2000));
            ps.setLong(4, jobId);
            ps.setInt(5, attempt);
            ps.executeUpdate();
        }
    }

    /** The retry policy: requeue within it, else close the job with its outcome. */
    private static void decide(Connection c, long jobId, AttemptResult result) throws SQLException {
        int infra;
        int failures;
        int infraRetries;
        int failureRetries;
        try (PreparedStatement ps = c.prepareStatement("SELECT infra_failures, test_failures, infra_retries, failure_retries"
                + " FROM job WHERE id = ?")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                infra = rs.getInt(1);
                failures = rs.getInt(2);
                infraRetries = rs.getInt(3);
                failureRetries = rs.getInt(4);
            }
        }
        String next;
        String outcome = null;
        if (result instanceof AttemptResult.Passed) {
            next = "DONE";
            outcome = failures > 0 ? JobOutcome.FLAKY.name() : JobOutcome.PASSED.name();
        } else if (result instanceof AttemptResult.TestFailures) {
            failures++;
            next = failures <= failureRetries ? "QUEUED" : "DONE";
            outcome = next.equals("DONE") ? JobOutcome.FAILED.name() : null;
        } else {
            infra++;
            next = infra <= infraRetries ? "QUEUED" : "DONE";
            // Out of infrastructure retries after a product failure: the product answer stands.
            outcome = next.equals("DONE") ? (failures > 0 ? JobOutcome.FAILED : JobOutcome.BROKEN).name() : null;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE job SET state = ?, outcome = ?, infra_failures = ?,"
                + " test_failures = ? WHERE id = ?")) {
            ps.setString(1, next);
            ps.setString(2, outcome);
            ps.setInt(3, infra);
            ps.setInt(4, failures);
            ps.setLong(5, jobId);
            ps.executeUpdate();
        }
    }

    /**
     * Hands a job back untouched by its retry policy: the runner is stopping, which says nothing
     * about the board or the product. The attempt stays on record as broken, with why.
     */
    public synchronized void giveBack(Claim claim, String agent, String why) {
        tx(c -> {
            if (update(c, "DELETE FROM lease WHERE job_id = ? AND agent = ? AND attempt = ?", claim.jobId(), agent,
                    claim.attempt()) == 1) {
                // ABANDONED, not BROKEN: the board is not to blame, so it may take the job again.
                update(c, "UPDATE attempt SET finished_at = ?, outcome = 'ABANDONED', detail = ? WHERE job_id = ?"
                        + " AND attempt = ?", now(c), clip(why, 2000), claim.jobId(), claim.attempt());
                update(c, "UPDATE job SET state = 'QUEUED' WHERE id = ?", claim.jobId());
                update(c, "UPDATE board SET current_job = NULL WHERE name = ?", claim.board());
            }
            return null;
        });
    }

    /**
     * Requeues the jobs whose leases expired (their agent stopped heartbeating) or whose agent is
     * named in {@code deadAgents}: the attempt is closed as ABANDONED and the job is queued again.
     *
     * @return how many leases were given up
     */
    public synchronized int expireLeases(List<String> deadAgents) {
        return tx(c -> {
            long now = now(c);
            List<Object[]> lost = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT job_id, attempt, board, agent FROM lease WHERE expires_at < ?");
            if (!deadAgents.isEmpty()) {
                sql.append(" OR agent IN (").append(String.join(",", deadAgents.stream().map(a -> "?").toList())).append(")");
            }
            sql.append(" FOR UPDATE SKIP LOCKED");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setLong(1, now);
                for (int i = 0; i < deadAgents.size(); i++) {
                    ps.setString(i + 2, deadAgents.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lost.add(new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)});
                    }
                }
            }
            for (Object[] l : lost) {
                long jobId = (Long) l[0];
                int attempt = (Integer) l[1];
                String board = (String) l[2];
                update(c, "DELETE FROM lease WHERE job_id = ?", jobId);
                // The agent died, not necessarily the board: the job goes back to the queue without
                // using up a retry and without barring the board, like a job a stopping runner hands back.
                update(c, "UPDATE attempt SET finished_at = ?, outcome = 'ABANDONED', detail = ? WHERE job_id = ?"
                        + " AND attempt = ?", now, LEASE_LOST + "agent " + l[3] + " stopped heartbeating", jobId, attempt);
                // A job whose agents keep dying under it may be what kills them: after a few lost
                // leases it is closed as broken instead of going round the farm for ever.
                long losses = count(c, "SELECT COUNT(*) FROM attempt WHERE job_id = ? AND outcome = 'ABANDONED'"
                        + " AND detail LIKE ?", jobId, LEASE_LOST + "%");
                if (losses >= MAX_LEASE_LOSSES) {
                    update(c, "UPDATE job SET state = 'DONE', outcome = CASE WHEN test_failures > 0 THEN 'FAILED' ELSE"
                            + " 'BROKEN' END, infra_failures = infra_failures + 1 WHERE id = ?", jobId);
                } else {
                    update(c, "UPDATE job SET state = 'QUEUED' WHERE id = ?", jobId);
                }
                update(c, "UPDATE board SET current_job = NULL, state = CASE WHEN state = 'QUARANTINED' THEN state"
                        + " ELSE 'IDLE' END WHERE name = ? AND current_job = ?", board, jobId);
            }
            return lost.size();
        });
    }

    /** Agents holding leases, for a runner that wants to tell dead local agents from live ones. */
    public synchronized List<String> leaseHolders() {
        return tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT agent FROM lease");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * Closes the queued jobs of a run that no board of {@code boards} may take any more (each
     * broke on every one of them): without a board to retry on they are infrastructure failures.
     */
    public synchronized int closeStranded(String runId, List<PoolBoard> boards) {
        return tx(c -> {
            List<Long> stranded = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT j.id, j.board_type FROM job j WHERE j.run_id = ?"
                    + " AND j.state = 'QUEUED'")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String type = rs.getString(2);
                        boolean someBoard = false;
                        for (PoolBoard b : boards) {
                            if ((type == null || type.equals(b.profile())) && count(c, "SELECT COUNT(*) FROM attempt"
                                    + " WHERE job_id = ? AND board = ? AND outcome = 'BROKEN'", id, b.name()) == 0
                                    && count(c, "SELECT COUNT(*) FROM board WHERE name = ? AND state <> 'QUARANTINED'",
                                    b.name()) == 1) {
                                someBoard = true;
                            }
                        }
                        if (!someBoard) {
                            stranded.add(id);
                        }
                    }
                }
            }
            for (long id : stranded) {
                update(c, "UPDATE job SET state = 'DONE', outcome = CASE WHEN test_failures > 0 THEN 'FAILED'"
                        + " ELSE 'BROKEN' END WHERE id = ?", id);
            }
            return stranded.size();
        });
    }

    /**
     * Closes queued jobs no live board can take: none registered, awake (seen within
     * {@code liveness}) and not quarantined has the job's board type and all its tags, and the
     * job's run has been waiting longer than {@code grace} (agents may still be starting). The
     * job gets an attempt on board "(unplaced)" saying so, and ends BROKEN: an infrastructure outcome.
     *
     * @return the closed jobs, each as "run job SEQ (SUITE): why"
     */
    public synchronized List<String> closeUnplaceable(String agent, Duration grace, Duration liveness) {
        return tx(c -> {
            long now = now(c);
            List<Object[]> waiting = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT j.id, j.run_id, j.seq, j.suite, j.board_type, j.attempts"
                    + " FROM job j WHERE j.state = 'QUEUED' AND (SELECT r.created_at FROM farm_run r WHERE r.id = j.run_id) < ?"
                    + " FOR UPDATE SKIP LOCKED")) {
                ps.setLong(1, now - grace.toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        waiting.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                rs.getInt(6)});
                    }
                }
            }
            List<String> closed = new ArrayList<>();
            for (Object[] j : waiting) {
                long id = (Long) j[0];
                String type = (String) j[4];
                List<String> tags = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT tag FROM job_tag WHERE job_id = ? ORDER BY tag")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            tags.add(rs.getString(1));
                        }
                    }
                }
                boolean placeable = false;
                try (PreparedStatement ps = c.prepareStatement("SELECT tags FROM board WHERE state NOT IN ('OFFLINE', 'QUARANTINED')"
                        + " AND seen_at >= ? AND (? IS NULL OR profile = ?)")) {
                    ps.setLong(1, now - liveness.toMillis());
                    ps.setString(2, type);
                    ps.setString(3, type);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && !placeable) {
                            List<String> has = rs.getString(1).isEmpty() ? List.of() : Arrays.asList(rs.getString(1).split(","));
                            placeable = has.containsAll(tags);
                        }
                    }
                }
                if (placeable) {
                    continue;
                }
                String why = "no live board can take it: no agent has registered an awake, unquarantined "
                        + (type == null ? "board" : type + " board") + (tags.isEmpty() ? "" : " tagged " + String.join(", ", tags))
                        + " within " + grace.toSeconds() + " s";
                int attempt = (Integer) j[5] + 1;
                update(c, "INSERT INTO attempt (job_id, attempt, board, agent, started_at, finished_at, outcome, detail, folder)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)", id, attempt, UNPLACED, agent, now, now, "BROKEN", clip(why, 2000), "-");
                update(c, "UPDATE job SET state = 'DONE', outcome = CASE WHEN test_failures > 0 THEN 'FAILED' ELSE 'BROKEN' END,"
                        + " attempts = ?, infra_failures = infra_failures + 1 WHERE id = ?", attempt, id);
                closed.add(j[1] + " job " + j[2] + " (" + j[3] + "): " + why);
            }
            return closed;
        });
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /**
     * The database's clock, in epoch milliseconds: every lease deadline, heartbeat and "seen"
     * time is the store's, so agents on hosts whose clocks disagree still agree on what expired.
     */
    private static long now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toEpochMilli();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(Work<T> work) {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("farm store " + label + ": " + firstLine(e), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is gone; the transaction died with it, which is the same as a rollback.
        }
    }

    private static int count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing: nothing is left to protect.
        }
    }
}
