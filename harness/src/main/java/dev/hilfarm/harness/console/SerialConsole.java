package dev.hilfarm.harness.console;

import dev.hilfarm.harness.failure.SerialLinkLostException;
import dev.hilfarm.harness.serial.SerialLink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link Console} of a board reached over a {@link SerialLink}.
 *
 * <p>A daemon reader thread pulls bytes off the link, decodes and normalises them
 * ({@link InboundDecoder}), records them in the {@link Transcript}, scans complete lines for death
 * patterns ({@link DeathWatch}) and appends them to the unconsumed text ({@link PendingText}), then
 * wakes waiters. Waiters match against that text under a lock and sleep on a condition with a
 * deadline in between: no polling, and each of "matched", "board died", "link lost" and "timed out"
 * is noticed as soon as it happens.
 *
 * <p>The reader's steady state allocates nothing per byte: one read buffer, one decoder, one
 * growable pending buffer; only completed lines (transcript) and match results become objects.
 */
public final class SerialConsole implements Console {
    private static final int READ_CHUNK = 4096;
    private static final long READER_STOP_MILLIS = 2_000;

    private final SerialLink link;
    private final ConsoleSettings settings;
    private final Transcript transcript;
    private final InboundDecoder decoder = new InboundDecoder(READ_CHUNK);
    private final RecentlySent recentlySent = new RecentlySent();
    private final DeathWatch deathWatch = new DeathWatch(recentlySent);
    private final String markerPrefix;
    private final AtomicLong commands = new AtomicLong();
    private final Object sendLock = new Object();
    private final Thread reader;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private final PendingText pending;
    /** Guarded by {@link #lock}: a death seen and not yet reported to a waiter. */
    private DeathWatch.Sighting death;

    /** Replaced, never mutated, so the reader can tell by identity when it changed. */
    private volatile List<Pattern> deathPatterns;
    private volatile SerialLinkLostException lostBecause;
    private volatile boolean closed;

    private SerialConsole(SerialLink link, ConsoleSettings settings, Transcript transcript) {
        this.link = link;
        this.settings = settings;
        this.transcript = transcript;
        this.pending = new PendingText(settings.pendingLimitChars());
        this.deathPatterns = settings.deathPatterns();
        this.markerPrefix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
        this.reader = new Thread(this::readUntilStopped, "console-reader " + link.name());
        this.reader.setDaemon(true);
    }

    /**
     * Starts reading the link at once; output from then on is matched, scanned and recorded. The
     * console owns the link from here (closing the console closes it) but not the transcript, which
     * may outlive this console and be shared with the next one after a board restart.
     */
    public static SerialConsole attach(SerialLink link, ConsoleSettings settings, Transcript transcript) {
        SerialConsole console = new SerialConsole(link, settings, transcript);
        console.reader.start();
        return console;
    }

    @Override
    public void send(String text) {
        ensureOpen();
        SerialLinkLostException lost = lostBecause;
        if (lost != null) {
            throw new SerialLinkLostException("cannot send to " + link.name() + ": " + lost.getMessage(), lost);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        synchronized (sendLock) {
            recentlySent.add(text);
            transcript.sent(text);
            try {
                link.write(bytes, 0, bytes.length);
            } catch (SerialLinkLostException e) {
                linkLost(e);
                throw e;
            }
        }
    }

    @Override
    public void sendLine(String line) {
        send(line + settings.lineEnding());
    }

    @Override
    public Match expect(Pattern pattern, Duration timeout) {
        return await(pattern, deadlineAfter(timeout), timeout, slashed(pattern));
    }

    /**
     * Runs one single-line shell command between unique markers (see {@link CommandMarkers}), then
     * waits for the shell prompt. The whole exchange shares one timeout.
     *
     * <p>It waits for the end marker only and finds the start marker in what came before: the reader
     * never waits for waiters, so with a fast flood the start marker may already have been dropped
     * from the bounded pending text when a waiter first looks, which must read as "output too long",
     * not as "the command never started".
     *
     * @throws IllegalStateException if the output was longer than the settings' pending limit, so
     *     that part of it could not be kept (redirect big output to a file on the board instead)
     */
    @Override
    public CommandResult run(String command, Duration timeout) {
        long deadline = deadlineAfter(timeout);
        CommandMarkers markers = new CommandMarkers(markerPrefix + "n" + Long.toString(commands.incrementAndGet(), 36));
        String quoted = "`" + command + "`";
        long droppedBefore = droppedSoFar();
        sendLine(markers.wrap(command));
        Match end;
        try {
            end = await(markers.end(), deadline, timeout, "the end marker of " + quoted + " " + slashed(markers.end()));
        } catch (ConsoleTimeoutException e) {
            String stage = unconsumedContains(markers.begin())
                    ? quoted + " started but did not finish in time"
                    : quoted + " never started: no start marker came back (is the shell at its prompt?)";
            throw new ConsoleTimeoutException(stage + "; " + e.getMessage());
        }
        Matcher begin = markers.begin().matcher(end.before());
        if (!begin.find()) {
            throw new IllegalStateException(droppedSoFar() != droppedBefore
                    ? "the output of " + quoted + " exceeded " + settings.pendingLimitChars()
                            + " characters and was cut; redirect it to a file on the board, the transcript has it all"
                    : "the shell printed the end marker of " + quoted + " but no start marker; the transcript shows what it did");
        }
        await(settings.shellPrompt(), deadline, timeout, "the shell prompt " + slashed(settings.shellPrompt()) + " after " + quoted);
        return new CommandResult(command, end.before().substring(begin.end()), Integer.parseInt(end.group(1)));
    }

    @Override
    public void addDeathPattern(Pattern pattern) {
        synchronized (sendLock) {
            List<Pattern> more = new ArrayList<>(deathPatterns);
            more.add(pattern);
            deathPatterns = List.copyOf(more);
        }
    }

    @Override
    public void discardPending() {
        lock.lock();
        try {
            pending.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    @Override
    public boolean isLost() {
        return lostBecause != null;
    }

    /** How much received text no expect has consumed yet; never more than the settings' pending limit. */
    public int unconsumedChars() {
        lock.lock();
        try {
            return pending.length();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the reader, then closes the link. Waiters fail with IllegalStateException; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeWaiters();
        if (Thread.currentThread() != reader) {
            try {
                // The reader notices within one bounded read; closing the link under it would race.
                reader.join(READER_STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        link.close();
    }

    private Match await(Pattern pattern, long deadline, Duration timeout, String waitingFor) {
        DeathWatch.Sighting died = null;
        SerialLinkLostException lost = null;
        lock.lock();
        try {
            while (true) {
                ensureOpen();
                if (death != null) {
                    died = death;
                    death = null;
                    break;
                }
                Matcher matcher = pattern.matcher(pending.view());
                if (matcher.find()) {
                    return consume(matcher);
                }
                lost = lostBecause;
                if (lost != null) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    changed.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for " + waitingFor + " on " + link.name());
                }
            }
        } finally {
            lock.unlock();
        }
        // Failure messages quote the transcript, which has its own lock: build them outside ours.
        if (died != null) {
            throw new DeathPatternException(died.pattern().pattern(), "the board printed death pattern " + slashed(died.pattern())
                    + " on " + link.name() + " while waiting for " + waitingFor + ":\n    " + died.line() + "\n" + tail());
        }
        if (lost != null) {
            throw new SerialLinkLostException(lost.getMessage() + " (while waiting for " + waitingFor + ")\n" + tail(), lost);
        }
        throw new ConsoleTimeoutException("timed out after " + describe(timeout) + " waiting for " + waitingFor
                + " on " + link.name() + "\n" + tail());
    }

    private Match consume(Matcher matcher) {
        List<String> groups = new ArrayList<>(matcher.groupCount() + 1);
        for (int g = 0; g <= matcher.groupCount(); g++) {
            groups.add(matcher.group(g));
        }
        String before = pending.text(0, matcher.start());
        // The matcher reads through the view, which consuming shifts: take everything from it first.
        pending.consume(matcher.end());
        return new Match(groups.get(0), groups, before);
    }

    private boolean unconsumedContains(Pattern pattern) {
        lock.lock();
        try {
            return pattern.matcher(pending.view()).find();
        } finally {
            lock.unlock();
        }
    }

    private long droppedSoFar() {
        lock.lock();
        try {
            return pending.dropped();
        } finally {
            lock.unlock();
        }
    }

    private void readUntilStopped() {
        byte[] raw = new byte[READ_CHUNK];
        try {
            while (!closed) {
                int n = link.read(raw, 0, raw.length);
                if (n > 0) {
                    deliver(decoder.decode(raw, 0, n));
                }
            }
        } catch (SerialLinkLostException e) {
            if (!closed) {
                linkLost(e);
            }
        } catch (RuntimeException | Error e) {
            // Whatever broke the reader, waiters must not sit out their full timeout because of it.
            linkLost(new SerialLinkLostException("console reader for " + link.name() + " failed: " + e, e));
            throw e;
        }
    }

    private void deliver(int count) {
        if (count == 0) {
            return;
        }
        char[] text = decoder.text();
        transcript.received(text, 0, count);
        DeathWatch.Sighting sighting = deathWatch.scan(text, 0, count, deathPatterns);
        lock.lock();
        try {
            pending.append(text, 0, count);
            if (sighting != null && death == null) {
                death = sighting;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void linkLost(SerialLinkLostException e) {
        if (lostBecause == null) {
            lostBecause = e;
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the console on " + link.name() + " is closed");
        }
    }

    private String tail() {
        List<String> lines = transcript.tail(settings.failureTailLines());
        StringBuilder out = new StringBuilder("last ").append(lines.size()).append(" lines of the console transcript:");
        for (String line : lines) {
            out.append("\n    ").append(line);
        }
        return out.toString();
    }

    private static long deadlineAfter(Duration timeout) {
        long now = System.nanoTime();
        long nanos = timeout.isNegative() ? 0 : timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : timeout.toNanos();
        return now + nanos;
    }

    /** A pattern as a test author wrote it, with control characters made visible. */
    static String slashed(Pattern pattern) {
        return "/" + pattern.pattern().replace("\n", "\\n").replace("\r", "\\r").replace("\u001b", "\\e") + "/";
    }

    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return String.format("%.1fs", millis / 1_000.0);
    }

    @Override
    public String toString() {
        return "SerialConsole[" + link.name() + (closed ? ", closed" : isLost() ? ", lost" : "") + "]";
    }
}
