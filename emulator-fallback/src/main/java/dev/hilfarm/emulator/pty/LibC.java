package dev.hilfarm.emulator.pty;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls a pseudo-terminal needs, bound with JNA direct mapping.
 *
 * <p>Direct mapping (static natives registered once) rather than an interface proxy: the read and
 * write loops call into libc for every chunk, and a proxy boxes every argument into an Object[].
 * {@code size_t}/{@code ssize_t}/{@code nfds_t} are {@link NativeLong} so the binding is also right
 * on 32-bit ARM hosts. The constants are Linux's (generic and ARM layouts agree on these).
 */
final class LibC {
    static final int O_RDWR = 02;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;

    static final short POLLIN = 0x001;
    static final short POLLOUT = 0x004;
    static final short POLLERR = 0x008;
    static final short POLLHUP = 0x010;
    static final short POLLNVAL = 0x020;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;

    static final int TCSANOW = 0;

    /** Bytes reserved for a {@code struct termios}: larger than any Linux ABI's (60 on x86-64). */
    static final int TERMIOS_BYTES = 256;

    /** {@code struct pollfd} is {int fd; short events; short revents;} on every Linux ABI. */
    static final int POLLFD_BYTES = 8;

    static {
        if (!Platform.isLinux()) {
            throw new UnsupportedOperationException("pseudo-terminals are implemented for Linux only, not " + System.getProperty("os.name"));
        }
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {}

    static native int posix_openpt(int flags);

    static native int grantpt(int fd);

    static native int unlockpt(int fd);

    static native int ptsname_r(int fd, byte[] buf, NativeLong buflen);

    /** Only ever called without O_CREAT, so the variadic mode argument is never read. */
    static native int open(String path, int flags);

    static native int close(int fd);

    static native NativeLong read(int fd, Pointer buf, NativeLong count);

    static native NativeLong write(int fd, Pointer buf, NativeLong count);

    static native int poll(Pointer fds, NativeLong nfds, int timeoutMillis);

    static native int pipe2(int[] fds, int flags);

    static native int tcgetattr(int fd, Pointer termios);

    static native void cfmakeraw(Pointer termios);

    static native int tcsetattr(int fd, int optionalActions, Pointer termios);

    static native String strerror(int errnum);

    static int errno() {
        return Native.getLastError();
    }

    /** "EIO (Input/output error)"-style text for messages: the number for searching, the words for reading. */
    static String describe(int errno) {
        return "errno " + errno + " (" + strerror(errno) + ")";
    }
}
