package dev.hilfarm.emulator.pty;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;

/**
 * A reusable native {@code struct pollfd[2]}: the pty master plus the terminal's wake-up pipe.
 *
 * <p>Every blocking wait on the master goes through here with no timeout: {@link PseudoTerminal#close()}
 * makes the wake-up pipe readable, which ends every current and future wait, so no thread is ever
 * left blocked in the kernel on a descriptor that is about to be closed. One instance per direction
 * (reading, writing), each used under that direction's lock, so the native memory is never shared.
 */
final class PollSet {
    private static final NativeLong TWO = new NativeLong(2);
    private static final int WAIT_FOREVER = -1;

    private final Memory fds = new Memory(2L * LibC.POLLFD_BYTES);

    PollSet(int masterFd, int wakeFd) {
        fds.clear();
        fds.setInt(0, masterFd);
        fds.setInt(LibC.POLLFD_BYTES, wakeFd);
        fds.setShort(LibC.POLLFD_BYTES + 4, LibC.POLLIN);
    }

    /**
     * Blocks until the master reports one of {@code events} (or an error/hang-up condition) and
     * returns the master's revents, or returns {@code -1} when the terminal is being closed.
     */
    int await(short events) throws IOException {
        fds.setShort(4, events);
        while (true) {
            fds.setShort(6, (short) 0);
            fds.setShort(LibC.POLLFD_BYTES + 6, (short) 0);
            int ready = LibC.poll(fds, TWO, WAIT_FOREVER);
            if (ready < 0) {
                int errno = LibC.errno();
                if (errno == LibC.EINTR) {
                    continue;
                }
                throw new IOException("poll on pseudo-terminal master failed: " + LibC.describe(errno));
            }
            if (fds.getShort(LibC.POLLFD_BYTES + 6) != 0) {
                return -1;
            }
            short revents = fds.getShort(6);
            if (revents != 0) {
                return revents;
            }
        }
    }
}
