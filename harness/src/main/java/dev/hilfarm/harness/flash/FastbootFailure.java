package dev.hilfarm.harness.flash;

/**
 * The device answered FAIL: it refused the command (unknown partition, image too large, locked).
 * The device and the link are fine; the request was not.
 */
public final class FastbootFailure extends RuntimeException {
    private final String command;

    public FastbootFailure(String command, String deviceMessage) {
        super("fastboot " + command + ": the device answered FAIL: " + deviceMessage);
        this.command = command;
    }

    public String command() {
        return command;
    }
}
