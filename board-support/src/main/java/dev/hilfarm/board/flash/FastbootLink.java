package dev.hilfarm.board.flash;

import java.io.Closeable;
import java.io.IOException;

/**
 * One end of a fastboot connection, whatever carries it (USB bulk endpoints, TCP, UDP): messages
 * (commands and replies, at most {@link #MAX_MESSAGE} bytes) and payload data (download and upload
 * bytes, which the sender may cut into transfers as it likes, so the receiver counts bytes, not
 * transfers). The host client and the emulated device both speak through this.
 */
public interface FastbootLink extends Closeable {
    /** Commands and replies never exceed this (fastboot's 64-byte commands with room to spare). */
    int MAX_MESSAGE = 4096;

    /** Reads one whole message into {@code into}; answers its length, or -1 when the peer has closed the link. */
    int readMessage(byte[] into) throws IOException;

    /** Reads exactly {@code length} payload bytes, across as many transfers as the peer used. */
    void readData(byte[] into, int offset, int length) throws IOException;

    /** Sends one message, or one transfer of payload. */
    void write(byte[] bytes, int offset, int length) throws IOException;
}
