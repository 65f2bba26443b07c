package dev.hilfarm.suites.console;

import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.SerialConsole;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.serial.JSerialCommLink;

/**
 * A fake board and the console connected to it the production way: jSerialComm opens the board's
 * device path, and a {@link SerialConsole} is attached to that link.
 */
record BoardConsole(FakeBoard board, SerialConsole console, Transcript transcript) implements AutoCloseable {
    static final int BAUD = 115_200;

    static BoardConsole connect(FakeBoard board) {
        return connect(board, ConsoleSettings.defaults(), Transcript.inMemory());
    }

    static BoardConsole connect(FakeBoard board, ConsoleSettings settings, Transcript transcript) {
        SerialConsole console = SerialConsole.attach(JSerialCommLink.open(board.devicePath(), BAUD), settings, transcript);
        return new BoardConsole(board, console, transcript);
    }

    @Override
    public void close() {
        console.close();
        board.close();
        transcript.close();
    }
}
