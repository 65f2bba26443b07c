package dev.hilfarm.emulator.debug;

import dev.hilfarm.board.exec.HostCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs Debian's gdb-multiarch in batch mode against a stub port: the real debugger, scripted. */
final class GdbMultiarch {
    static final String BINARY = "gdb-multiarch";
    static final String DEBIAN_PACKAGE = "gdb-multiarch";

    /** A gdb command that sends gdb itself SIGINT half a second later (put it right before "continue"). */
    static final String INTERRUPT_SOON = "python import os, signal, threading; "
            + "threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()";

    private GdbMultiarch() {
    }

    /** Runs the commands after {@code target remote}, returns stdout and stderr together. */
    static String run(int port, String elfOrNull, String... commands) {
        List<String> argv = new ArrayList<>(List.of(BINARY, "-nx", "-batch",
                "-ex", "set pagination off", "-ex", "set confirm off", "-ex", "set width 0",
                "-ex", "target remote 127.0.0.1:" + port));
        for (String command : commands) {
            argv.add("-ex");
            argv.add(command);
        }
        if (elfOrNull != null) {
            argv.add(elfOrNull);
        }
        HostCommand.Result result = HostCommand.of(argv).timeout(Duration.ofMinutes(2)).providedBy(DEBIAN_PACKAGE).run();
        return result.stdout() + result.stderr();
    }
}
