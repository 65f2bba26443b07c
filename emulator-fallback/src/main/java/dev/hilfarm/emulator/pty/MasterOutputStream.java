package dev.hilfarm.emulator.pty;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * What the slave side will read (the board's UART output, for an emulated UART).
 *
 * <p>The master descriptor is non-blocking and every wait for room happens in poll, so a writer
 * stalled because nobody drains the slave is woken by {@link PseudoTerminal#close()} and fails with
 * an IOException instead of hanging forever. Bytes are staged through one native buffer allocated
 * up front: nothing is allocated per call. {@link #close()} does nothing; the stream lives as long as
 * its terminal.
 */
final class MasterOutputStream extends OutputStream {
    private static final int CHUNK = 16 * 1024;

    private final PseudoTerminal terminal;
    private final int masterFd;
    private final PollSet pollSet;
    private final Memory chunk = new Memory(CHUNK);
    private final NativeLong request = new NativeLong();
    private final byte[] single = new byte[1];
    private final Object writeLock = new Object();

    MasterOutputStream(PseudoTerminal terminal, int masterFd, int wakeFd) {
        this.terminal = terminal;
        this.masterFd = masterFd;
        this.pollSet = new PollSet(masterFd, wakeFd);
    }

    @Override
    public void write(int b) throws IOException {
        synchronized (writeLock) {
            single[0] = (byte) b;
            write(single, 0, 1);
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        synchronized (writeLock) {
            if (!terminal.beginIo()) {
                throw closed();
            }
            try {
                writeFully(buffer, offset, length);
            } finally {
                terminal.endIo();
            }
        }
    }

    private void writeFully(byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int staged = Math.min(length - done, CHUNK);
            chunk.write(0, buffer, offset + done, staged);
            int sent = 0;
            while (sent < staged) {
                if (pollSet.await(LibC.POLLOUT) < 0) {
                    throw closed();
                }
                request.setValue(staged - sent);
                long n = LibC.write(masterFd, sent == 0 ? chunk : chunk.share(sent), request).longValue();
                if (n > 0) {
                    sent += (int) n;
                    continue;
                }
                int errno = LibC.errno();
                if (n < 0 && (errno == LibC.EAGAIN || errno == LibC.EINTR)) {
                    continue;
                }
                throw new IOException("write to pseudo-terminal master failed: " + LibC.describe(errno));
            }
            done += staged;
        }
    }

    private IOException closed() {
        return new IOException("pseudo-terminal " + terminal.slavePath() + " is closed");
    }

    @Override
    public void close() {
        // The terminal owns the descriptor; see PseudoTerminal.close().
    }
}
