package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.SerialConsole;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.serial.JSerialCommLink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real board: its console on a serial device (a USB adapter such as /dev/ttyUSB0) and its power
 * on the profile's command templates. The port is opened before power is applied so that the
 * transcript holds the board's first words.
 */
public final class SerialTarget implements Target {
    private final BoardProfile board;
    private final String devicePath;
    private final PowerCommands power;
    private final ConsoleSettings consoleSettings;
    private final TargetConsole console;
    private boolean powered;

    public SerialTarget(BoardProfile board, String devicePath, PowerCommands power, ConsoleSettings consoleSettings,
                        Transcript transcript) {
        this.board = board;
        this.devicePath = devicePath;
        this.power = power;
        this.consoleSettings = consoleSettings;
        this.console = new TargetConsole(id(), transcript);
    }

    @Override
    public String id() {
        return "serial:" + devicePath;
    }

    @Override
    public BoardProfile board() {
        return board;
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
    public boolean powerControllable() {
        return power.available();
    }

    /** Opens the console without touching power: for boards already running, or powered by hand. */
    public synchronized void connect() {
        if (!console.attached() || console.isLost()) {
            console.attach(SerialConsole.attach(JSerialCommLink.open(devicePath, board.console().baud()),
                    consoleSettings, console.transcript()));
        }
    }

    @Override
    public synchronized void powerOn() {
        if (!powered && power.available()) {
            // A restart re-opens the adapter (same Console reference, same transcript), so nothing
            // from before the power cycle, such as the tail of an oops, is matched against the new boot.
            console.detach();
        }
        connect();
        if (!powered) {
            if (board.power().controllable()) {
                // Throws, naming them, when the lab variables the commands need were not given.
                power.on();
            }
            // Without power commands the board is switched by hand: it is expected to be running.
            powered = true;
        }
    }

    @Override
    public synchronized void powerOff() {
        if (power.available()) {
            power.off();
        }
        powered = false;
    }

    @Override
    public Console console() {
        return console;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("board", board.name());
        d.put("target", "hardware");
        d.put("serial port", devicePath);
        d.put("power", power.available() ? String.join(" ", power.onCommand()) : "manual");
        return d;
    }

    @Override
    public synchronized void close() {
        try {
            if (powered && power.available()) {
                power.off();
            }
        } finally {
            powered = false;
            console.detach();
        }
    }
}
