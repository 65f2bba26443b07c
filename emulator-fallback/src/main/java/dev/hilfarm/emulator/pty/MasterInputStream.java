package dev.hilfarm.emulator.pty;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What the slave side wrote (the console's keystrokes, for an emulated UART).
 *
 * <p>Blocks in poll, not in read, so {@link PseudoTerminal#close()} wakes a blocked reader, which then
 * sees end of stream. Reads go through one native buffer allocated up front: nothing is allocated per
 * call. {@link #close()} does nothing; the stream lives as long as its terminal.
 */
final class MasterInputStream extends InputStream {
    private static final int CHUNK = 16 * 1024;

    private final PseudoTerminal terminal;
    private final int masterFd;
    private final PollSet pollSet;
    private final Memory chunk = new Memory(CHUNK);
    private final NativeLong request = new NativeLong();
    private final byte[] single = new byte[1];
    private final Object readLock = new Object();

    MasterInputStream(PseudoTerminal terminal, int masterFd, int wakeFd) {
        this.terminal = terminal;
        this.masterFd = masterFd;
        this.pollSet = new PollSet(masterFd, wakeFd);
    }

    @Override
    public int read() throws IOException {
        synchronized (readLock) {
            int n = read(single, 0, 1);
            return n < 0 ? -1 : single[0] & 0xff;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        synchronized (readLock) {
            if (!terminal.beginIo()) {
                return -1;
            }
            try {
                return readOnce(buffer, offset, length);
            } finally {
                terminal.endIo();
            }
        }
    }

    private int readOnce(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            if (pollSet.await(LibC.POLLIN) < 0) {
                return -1;
            }
            request.setValue(Math.min(length, CHUNK));
            long n = LibC.read(masterFd, chunk, request).longValue();
            if (n > 0) {
                chunk.read(0, buffer, offset, (int) n);
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = LibC.errno();
            if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
                continue;
            }
            if (errno == LibC.EIO) {
                // Linux reports EIO on the master once no slave descriptor is open. The terminal keeps
                // one open for its whole life, so this only happens while it is being closed.
                return -1;
            }
            throw new IOException("read from pseudo-terminal master failed: " + LibC.describe(errno));
        }
    }

    @Override
    public void close() {
        // The terminal owns the descriptor; see PseudoTerminal.close().
    }
}
