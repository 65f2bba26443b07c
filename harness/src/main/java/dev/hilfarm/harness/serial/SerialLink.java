package dev.hilfarm.harness.serial;

import dev.hilfarm.harness.failure.SerialLinkLostException;

/**
 * A byte pipe to one board's serial console: a USB serial adapter, a pseudo-terminal exposed by an
 * emulator, or anything else that moves bytes both ways.
 *
 * <p>Reads are bounded so that a reader thread can notice it was asked to stop; "nothing arrived" and
 * "the device is gone" are different outcomes and must never be confused (a dead device must not
 * look like a quiet board, or every wait would run into its full timeout).
 */
public interface SerialLink extends AutoCloseable {

    /** The device this link talks to, for messages: e.g. {@code /dev/ttyUSB0}. */
    String name();

    /**
     * Reads whatever arrived, blocking at most about 100 ms.
     *
     * @return the number of bytes read, 0 if nothing arrived in that time
     * @throws SerialLinkLostException if the device is gone or the link was closed
     */
    int read(byte[] buffer, int offset, int length);

    /**
     * Writes all the bytes.
     *
     * @throws SerialLinkLostException if the device is gone or the link was closed
     */
    void write(byte[] buffer, int offset, int length);

    /** Releases the device; idempotent. */
    @Override
    void close();
}
