package dev.hilfarm.emulator.pty;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A real operating-system pseudo-terminal pair, so that something running inside this JVM (the
 * emulator's UART, a scripted fake board) appears to the rest of the system as a serial device at
 * {@link #slavePath()}, openable exactly like a USB serial adapter.
 *
 * <p>The JVM side is the master: {@link #masterOutput()} is what the device "transmits" (the slave
 * reads it), {@link #masterInput()} is what the slave wrote. {@link #close()} closes the master, which
 * makes the kernel hang up the slave: whoever has it open sees end of file / EIO, exactly as when a
 * USB adapter is unplugged. That is how a test makes a board vanish.
 *
 * <p>Facts about Linux ptys this class is built on:
 * <ul>
 *   <li>The terminal keeps one descriptor of its own open on the slave for its whole life. Without
 *       it, once the last slave user (say the console) closes, every read of the master fails with
 *       EIO and poll reports POLLHUP continuously, so the device could neither be reconnected to nor
 *       waited on without spinning. With it, a console can close and reopen the slave at will, and
 *       output written while nobody is attached waits in the kernel (about 64 KiB, after which
 *       {@code masterOutput().write} blocks until someone reads or the terminal is closed).</li>
 *   <li>{@link #open()} puts the slave in raw mode (cfmakeraw) before anyone else can open it: a fresh
 *       pty echoes, converts LF to CRLF and buffers by line, which would mangle binary UART traffic
 *       and echo the device's own output back into {@link #masterInput()}. jSerialComm would set raw
 *       mode too when it opens the slave, but bytes written before that would already have been
 *       processed by the cooked line discipline. {@link #openInteractive()} keeps the cooked defaults
 *       for hosting a real shell, where echo and CRLF are precisely the realistic behaviour.</li>
 *   <li>All descriptors are close-on-exec, so a child process (a shell started by a test) never
 *       inherits the master; otherwise closing it here would not hang up the slave.</li>
 * </ul>
 */
public final class PseudoTerminal implements AutoCloseable {
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final int masterFd;
    private final int slaveFd;
    private final int wakeReadFd;
    private final int wakeWriteFd;
    private final String slavePath;
    private final MasterInputStream input;
    private final MasterOutputStream output;
    /** Readers and writers hold the shared side while inside a system call; close takes the exclusive side. */
    private final ReentrantReadWriteLock ioGuard = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private PseudoTerminal(int masterFd, int slaveFd, int[] wakePipe, String slavePath) {
        this.masterFd = masterFd;
        this.slaveFd = slaveFd;
        this.wakeReadFd = wakePipe[0];
        this.wakeWriteFd = wakePipe[1];
        this.slavePath = slavePath;
        this.input = new MasterInputStream(this, masterFd, wakeReadFd);
        this.output = new MasterOutputStream(this, masterFd, wakeReadFd);
    }

    /** Opens a pty whose slave is in raw mode: bytes pass both ways unchanged, nothing is echoed. */
    public static PseudoTerminal open() throws IOException {
        return open(true);
    }

    /**
     * Opens a pty with the kernel's default, terminal-like line discipline on the slave: echo,
     * canonical line editing, LF to CRLF on output. For hosting a real shell behind a fake UART.
     */
    public static PseudoTerminal openInteractive() throws IOException {
        return open(false);
    }

    private static PseudoTerminal open(boolean raw) throws IOException {
        int master = LibC.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        if (master < 0) {
            throw new IOException("cannot create pseudo-terminal: posix_openpt failed with " + LibC.describe(LibC.errno()));
        }
        int slave = -1;
        int[] wakePipe = {-1, -1};
        try {
            check(LibC.grantpt(master), "grantpt");
            check(LibC.unlockpt(master), "unlockpt");
            String path = slaveName(master);
            slave = LibC.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
            check(slave, "open " + path);
            if (raw) {
                makeRaw(slave, path);
            }
            check(LibC.pipe2(wakePipe, LibC.O_CLOEXEC | LibC.O_NONBLOCK), "pipe2");
            return new PseudoTerminal(master, slave, wakePipe, path);
        } catch (IOException | RuntimeException e) {
            closeQuietly(wakePipe[0]);
            closeQuietly(wakePipe[1]);
            closeQuietly(slave);
            closeQuietly(master);
            throw e;
        }
    }

    private static String slaveName(int master) throws IOException {
        byte[] name = new byte[128];
        int rc = LibC.ptsname_r(master, name, new NativeLong(name.length));
        if (rc != 0) {
            throw new IOException("cannot create pseudo-terminal: ptsname_r failed with " + LibC.describe(rc));
        }
        return Native.toString(name);
    }

    private static void makeRaw(int slave, String path) throws IOException {
        Memory termios = new Memory(LibC.TERMIOS_BYTES);
        termios.clear();
        check(LibC.tcgetattr(slave, termios), "tcgetattr " + path);
        LibC.cfmakeraw(termios);
        check(LibC.tcsetattr(slave, LibC.TCSANOW, termios), "tcsetattr " + path);
    }

    private static void check(int rc, String call) throws IOException {
        if (rc < 0) {
            throw new IOException("cannot create pseudo-terminal: " + call + " failed with " + LibC.describe(LibC.errno()));
        }
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            LibC.close(fd);
        }
    }

    /** The device path a serial library opens, e.g. {@code /dev/pts/7}. */
    public String slavePath() {
        return slavePath;
    }

    /** Bytes the slave side wrote. Blocks until some arrive; returns -1 once the terminal is closed. */
    public InputStream masterInput() {
        return input;
    }

    /** Bytes for the slave side to read. Throws IOException once the terminal is closed. */
    public OutputStream masterOutput() {
        return output;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the master, which hangs up the slave for whoever has it open. Wakes any thread blocked
     * in {@link #masterInput()} or {@link #masterOutput()}; idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            wakeEveryWaiter();
            boolean idle = false;
            try {
                idle = ioGuard.writeLock().tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                LibC.close(masterFd);
                LibC.close(slaveFd);
                if (idle) {
                    // Only close the pipe when no reader or writer can still be polling it; a stuck one
                    // would otherwise poll a descriptor number that may already belong to someone else.
                    LibC.close(wakeReadFd);
                    LibC.close(wakeWriteFd);
                }
            } finally {
                if (idle) {
                    ioGuard.writeLock().unlock();
                }
            }
        }
    }

    private void wakeEveryWaiter() {
        // The byte is never read, so the pipe stays readable and every later poll returns at once too.
        Memory one = new Memory(1);
        one.setByte(0, (byte) 1);
        LibC.write(wakeWriteFd, one, new NativeLong(1));
    }

    /** Enters a system call on the master; false if the terminal is closed. */
    boolean beginIo() {
        ioGuard.readLock().lock();
        if (closed) {
            ioGuard.readLock().unlock();
            return false;
        }
        return true;
    }

    void endIo() {
        ioGuard.readLock().unlock();
    }

    @Override
    public String toString() {
        return "PseudoTerminal[" + slavePath + (closed ? ", closed" : "") + "]";
    }
}
