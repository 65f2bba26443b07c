package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Transcript;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What any backend needs to open a target: the board, where to keep logs, the transcript, the lab
 * variables for power commands, and (for QEMU and the emulator) what they boot, fetched or built
 * lazily so that a hardware run never downloads kernels it does not use.
 */
public record TargetOptions(BoardProfile board, Path workDirectory, Transcript transcript,
                            Map<String, String> powerVariables, Supplier<BootMedia> images, int cpus) {
    public TargetOptions {
        powerVariables = Map.copyOf(powerVariables);
    }

    public ConsoleSettings consoleSettings() {
        return ConsoleSettings.defaults().withShellPrompt(java.util.regex.Pattern.compile(board.linux().shellPrompt()));
    }
}
