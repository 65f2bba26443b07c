package dev.hilfarm.harness.console;

import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Everything exchanged on a console, line by line, each line stamped with the wall-clock time its
 * first character arrived and its direction: {@code 19:04:11.123 < Booting Linux…} for what the board
 * said (normalised), {@code 19:04:12.001 > uname -m} for what was typed.
 *
 * <p>One transcript can outlive several consoles (a board restart reconnects the serial line) and
 * is shared between the console's reader thread and the test thread: all methods are thread-safe.
 *
 * <p>Memory is bounded: only the most recent {@code retainedChars} characters of lines are kept for
 * {@link #tail}, {@link #since}; with {@link #toFile} the complete session also streams to disk as
 * it happens (each received chunk and each sent text is flushed at once, partial lines included), so
 * nothing is lost if the JVM dies mid-test. Overlong lines are split every {@code maxLineChars}.
 */
public final class Transcript implements AutoCloseable {
    public static final int DEFAULT_RETAINED_CHARS = 2 * 1024 * 1024;
    public static final int DEFAULT_MAX_LINE_CHARS = 4 * 1024;

    private static final char RECEIVED = '<';
    private static final char SENT = '>';
    private static final char NONE = 0;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /* Length of a line stamp such as 01:12:46.999 */
    private static final int STAMP_LENGTH = 12;

    private final Clock clock;
    private final DateTimeFormatter stamp;
    private final int retainedChars;
    private final int maxLineChars;
    private final Path file;
    private final Writer sink;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long retainedTotal;
    /** Number of lines completed since the transcript began, retained or not. */
    private long completedLines;
    private final StringBuilder current = new StringBuilder();
    private char currentDirection = NONE;
    private String currentPrefix = "";
    private boolean sinkFailed;

    Transcript(Clock clock, int retainedChars, int maxLineChars, Path file) {
        this.clock = clock;
        this.stamp = TIME.withZone(clock.getZone());
        this.retainedChars = retainedChars;
        this.maxLineChars = maxLineChars;
        this.file = file;
        this.sink = file == null ? null : openSink(file);
    }

    /** A transcript kept in memory only (bounded). */
    public static Transcript inMemory() {
        return new Transcript(Clock.system(ZoneId.systemDefault()), DEFAULT_RETAINED_CHARS, DEFAULT_MAX_LINE_CHARS, null);
    }

    /**
     * A transcript that also appends the whole session to {@code file} as it happens.
     *
     * @throws InfrastructureException if the file cannot be opened for appending
     */
    public static Transcript toFile(Path file) {
        return new Transcript(Clock.system(ZoneId.systemDefault()), DEFAULT_RETAINED_CHARS, DEFAULT_MAX_LINE_CHARS, file);
    }

    private static Writer openSink(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write console transcript " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records normalised text received from the board; LF ends a line. Called by the reader thread. */
    public synchronized void received(char[] text, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            char c = text[i];
            if (c == '\n') {
                if (currentDirection != RECEIVED) {
                    begin(RECEIVED);
                }
                completeLine();
            } else {
                appendChar(RECEIVED, c);
            }
        }
        flushSink();
    }

    /** Records text typed to the board; CR, LF and CRLF end a line. */
    public synchronized void sent(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (currentDirection != SENT) {
                    begin(SENT);
                }
                completeLine();
            } else {
                appendChar(SENT, c);
            }
        }
        flushSink();
    }

    /** A position to pass to {@link #since}: the line now in progress, or the next one. */
    public synchronized long mark() {
        return completedLines;
    }

    /**
     * The transcript from a {@link #mark()} on, including the line in progress, one line per
     * {@code \n}. Lines no longer held in memory are replaced by a note pointing at the file.
     */
    public synchronized String since(long mark) {
        long firstRetained = completedLines - lines.size();
        StringBuilder out = new StringBuilder();
        if (mark < firstRetained) {
            out.append("[").append(firstRetained - mark).append(" earlier lines no longer held in memory")
                    .append(file == null ? "" : "; the full transcript is in " + file).append("]\n");
        }
        long index = firstRetained;
        for (String line : lines) {
            if (index++ >= mark) {
                out.append(line).append('\n');
            }
        }
        if (currentDirection != NONE) {
            out.append(currentPrefix).append(current).append('\n');
        }
        return out.toString();
    }

    /**
     * What the board sent from a {@link #mark()} on, as it sent it: no stamps, none of what was
     * typed, one line per {@code \n} (a line the transcript split at its length limit stays split).
     */
    public synchronized String receivedSince(long mark) {
        StringBuilder out = new StringBuilder();
        for (String line : since(mark).split("\n", -1)) {
            int arrow = line.indexOf(' ' + String.valueOf(RECEIVED) + ' ');
            if (arrow > 0 && arrow <= STAMP_LENGTH) {
                out.append(line, arrow + 3, line.length()).append('\n');
            }
        }
        return out.toString();
    }

    /** The last {@code count} lines, oldest first, the line in progress included. */
    public synchronized List<String> tail(int count) {
        List<String> out = new ArrayList<>(count);
        int fromCompleted = currentDirection == NONE ? count : count - 1;
        int skip = Math.max(0, lines.size() - fromCompleted);
        Iterator<String> it = lines.iterator();
        for (int i = 0; it.hasNext(); i++) {
            String line = it.next();
            if (i >= skip) {
                out.add(line);
            }
        }
        if (currentDirection != NONE && count > 0) {
            out.add(currentPrefix + current);
        }
        return out;
    }

    /** Characters of completed lines held in memory; bounded by the retention limit. */
    public synchronized long retainedChars() {
        return retainedTotal;
    }

    /** The file the session is written to, or null for an in-memory transcript. */
    public Path file() {
        return file;
    }

    private void appendChar(char direction, char c) {
        if (currentDirection != direction) {
            if (currentDirection != NONE) {
                completeLine();
            }
            begin(direction);
        } else if (current.length() >= maxLineChars) {
            completeLine();
            begin(direction);
        }
        current.append(c);
        write(c);
    }

    private void begin(char direction) {
        currentDirection = direction;
        currentPrefix = stamp.format(Instant.ofEpochMilli(clock.millis())) + ' ' + direction + ' ';
        write(currentPrefix);
    }

    private void completeLine() {
        String line = currentPrefix + current;
        current.setLength(0);
        currentDirection = NONE;
        write('\n');
        lines.addLast(line);
        retainedTotal += line.length();
        completedLines++;
        while (retainedTotal > retainedChars && lines.size() > 1) {
            retainedTotal -= lines.removeFirst().length();
        }
    }

    private void write(char c) {
        if (sink != null && !sinkFailed) {
            try {
                sink.write(c);
            } catch (IOException e) {
                sinkFailed(e);
            }
        }
    }

    private void write(String s) {
        if (sink != null && !sinkFailed) {
            try {
                sink.write(s);
            } catch (IOException e) {
                sinkFailed(e);
            }
        }
    }

    private void flushSink() {
        if (sink != null && !sinkFailed) {
            try {
                sink.flush();
            } catch (IOException e) {
                sinkFailed(e);
            }
        }
    }

    /** A full disk must not break the test run, but the gap in the file must be visible somewhere. */
    private void sinkFailed(IOException e) {
        sinkFailed = true;
        String note = "[writing the transcript to " + file + " failed: " + e.getMessage() + "; later lines are only in memory]";
        lines.addLast(note);
        retainedTotal += note.length();
        completedLines++;
    }

    /** Ends the line in progress and closes the file; the in-memory part stays readable. */
    @Override
    public synchronized void close() {
        if (currentDirection != NONE) {
            completeLine();
        }
        if (sink != null && !sinkFailed) {
            try {
                sink.close();
            } catch (IOException e) {
                sinkFailed(e);
            }
            // Anything recorded after close stays in memory only.
            sinkFailed = true;
        }
    }
}
