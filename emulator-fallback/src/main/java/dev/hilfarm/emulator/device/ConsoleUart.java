package dev.hilfarm.emulator.device;

/**
 * What the world outside the guest sees of a UART: bytes the guest transmits go to a
 * {@link ByteSink}; bytes typed at it are queued from any thread and moved into the receiver on
 * the CPU thread. The PTY bridge, {@code hil emulate}'s console and the tests need nothing else,
 * so they work with whichever UART a machine's console is.
 */
public sealed interface ConsoleUart permits Pl011Uart, Ns16550Uart {
    /** Where transmitted bytes go. */
    void output(ByteSink sink);

    /** Called (on the receiving thread) whenever {@link #receive} queues a byte: the machine wakes an idle CPU. */
    void onInput(Runnable listener);

    /** Queues a received byte; safe to call from any thread. */
    void receive(byte value);

    /** Queues received bytes; safe to call from any thread. */
    default void receive(byte[] bytes) {
        for (byte b : bytes) {
            receive(b);
        }
    }

    /** Moves queued input into the receiver while it has room. Call on the CPU thread. */
    void pollInput();
}
