package dev.hilfarm.harness.testboard;

import dev.hilfarm.board.exec.HostCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A lab power switch for a {@link ScriptedUBootBoard} that real power commands can drive: a named
 * pipe that a board-side thread reads, one word per line ({@code on}, {@code off}). A profile's power
 * templates write to it from a host process, so the production path (profile templates, lab
 * variables, PowerCommands, HostCommand) runs for real: see {@link #ON_TEMPLATE}. Like a relay, the
 * switch acts shortly after the command returns, not before.
 */
public final class FifoPowerSwitch implements AutoCloseable {
    /** YAML list for power.on; ${switch} is the lab variable holding {@link #path()}. */
    public static final String ON_TEMPLATE = "[sh, -c, 'echo on > \"$1\"', power, \"${switch}\"]";
    public static final String OFF_TEMPLATE = "[sh, -c, 'echo off > \"$1\"', power, \"${switch}\"]";
    private static final String QUIT = "quit";

    private final Path fifo;
    private final ScriptedUBootBoard board;
    private final Thread relay;
    private final List<String> switched = new CopyOnWriteArrayList<>();

    private FifoPowerSwitch(Path fifo, ScriptedUBootBoard board) {
        this.fifo = fifo;
        this.board = board;
        this.relay = new Thread(this::relay, "fifo power switch " + fifo);
        this.relay.setDaemon(true);
    }

    /** Creates the named pipe {@code directory/power} (with mkfifo) and starts listening on it. */
    public static FifoPowerSwitch create(Path directory, ScriptedUBootBoard board) {
        Path fifo = directory.resolve("power");
        HostCommand.of("mkfifo", fifo.toString()).timeout(Duration.ofSeconds(10)).runChecked();
        FifoPowerSwitch power = new FifoPowerSwitch(fifo, board);
        power.relay.start();
        return power;
    }

    /** The value of the lab variable {@code switch}. */
    public Path path() {
        return fifo;
    }

    /** Every word the power commands wrote, in order. */
    public List<String> switched() {
        return List.copyOf(switched);
    }

    private void relay() {
        try {
            while (true) {
                // Opening a FIFO for reading waits for a writer; end of file means that writer is done.
                try (BufferedReader in = Files.newBufferedReader(fifo, StandardCharsets.US_ASCII)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String word = line.strip();
                        if (word.equals(QUIT)) {
                            return;
                        }
                        switched.add(word);
                        if (word.equals("on")) {
                            board.powerOn();
                        } else if (word.equals("off")) {
                            board.powerOff();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the directory was removed under the switch: nothing more to relay
        }
    }

    @Override
    public void close() {
        if (relay.isAlive()) {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write((QUIT + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the relay is gone already
            }
            try {
                relay.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
