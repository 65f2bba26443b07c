package dev.hilfarm.harness.console;

/** A shell command's normalised output (without the echoed command line or prompt) and exit status. */
public record CommandResult(String command, String output, int exitStatus) {
    public boolean succeeded() {
        return exitStatus == 0;
    }
}
