package dev.hilfarm.emulator.device;

/** Where a UART's transmitted bytes go (a terminal, a pseudo-terminal, a test's buffer). Called on the CPU thread. */
@FunctionalInterface
public interface ByteSink {
    /** One transmitted byte, 0-255. */
    void write(int value);

    ByteSink NONE = value -> { };
}
