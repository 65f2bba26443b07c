package dev.hilfarm.harness.testboard;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.SerialConsole;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.serial.JSerialCommLink;
import dev.hilfarm.harness.target.Target;
import dev.hilfarm.harness.target.TargetBackend;
import dev.hilfarm.harness.target.TargetPoweredOffException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A {@link Target} for tests: a {@link ScriptedUBootBoard} whose power this target switches, with
 * power control and a bootloader stage like a real board on a USB serial adapter. Its console is a
 * {@link SerialConsole} over {@code JSerialCommLink.open(board.devicePath(), 115200)}, opened before
 * power is applied (so the transcript holds the board's first words) and re-opened on every
 * power-up, as the {@link Target} contract asks of a board restart; one transcript spans them all.
 * While the board is off the console throws {@link TargetPoweredOffException}.
 */
public final class ScriptedBoardTarget implements Target {
    public static final int BAUD = 115200;

    private final BoardProfile profile;
    private final ScriptedUBootBoard board;
    private final ConsoleSettings settings;
    private final Transcript transcript = Transcript.inMemory();
    private final AtomicInteger powerOnCalls = new AtomicInteger();
    private final AtomicInteger powerOffCalls = new AtomicInteger();
    private SerialConsole console;

    public ScriptedBoardTarget(BoardProfile profile, ScriptedUBootBoard board) {
        this.profile = profile;
        this.board = board;
        this.settings = ConsoleSettings.defaults().withShellPrompt(Pattern.compile(profile.linux().shellPrompt()));
    }

    public ScriptedUBootBoard scriptedBoard() {
        return board;
    }

    public Transcript transcript() {
        return transcript;
    }

    public int powerOnCalls() {
        return powerOnCalls.get();
    }

    public int powerOffCalls() {
        return powerOffCalls.get();
    }

    @Override
    public String id() {
        return "scripted-uboot:" + board.devicePath();
    }

    @Override
    public BoardProfile board() {
        return profile;
    }

    @Override
    public TargetBackend backend() {
        return TargetBackend.HARDWARE;
    }

    @Override
    public boolean hasBootloaderStage() {
        return true;
    }

    @Override
    public synchronized void powerOn() {
        powerOnCalls.incrementAndGet();
        if (console == null) {
            console = SerialConsole.attach(JSerialCommLink.open(board.devicePath(), BAUD), settings, transcript);
        }
        board.powerOn();
    }

    @Override
    public synchronized void powerOff() {
        powerOffCalls.incrementAndGet();
        board.powerOff();
        if (console != null) {
            console.close();
            console = null;
        }
    }

    @Override
    public boolean powerControllable() {
        return true;
    }

    @Override
    public synchronized Console console() {
        if (console == null) {
            throw new TargetPoweredOffException(id());
        }
        return console;
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("board", profile.name(), "target", "scripted U-Boot board", "serial port", board.devicePath());
    }

    @Override
    public synchronized void close() {
        powerOff();
        board.close();
    }
}
