package dev.hilfarm.harness.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.failure.SerialLinkLostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link SerialLink} over jSerialComm, for any device path: a USB serial adapter or a pty slave.
 *
 * <p>How jSerialComm 2.11 behaves on Linux, read from its native source and confirmed on ptys by
 * {@code JSerialCommLinkTest}:
 * <ul>
 *   <li><b>Opening.</b> {@code getCommPort(path)} accepts any existing path (symlinks such as
 *       /dev/serial/by-id/… are resolved; a missing path throws). {@code openPort} calls
 *       {@code open(O_RDWR|O_NOCTTY|O_NONBLOCK)}, then {@code flock(LOCK_EX|LOCK_NB)}: a second
 *       jSerialComm/flock user, in another process, fails with EWOULDBLOCK ("in use"), while tools
 *       that do not flock (screen, minicom) are not detected. A second open of the same path in the
 *       same JVM fails inside jSerialComm with error code 2, indistinguishable from ENOENT, hence the
 *       JVM-wide registry here. Then it applies raw 8N1 termios (no echo, no CR/LF translation, no
 *       XON/XOFF) and the baud rate; on a pty the baud is stored and ignored, the serial-specific
 *       ioctls (TIOCGSERIAL, RS-485) fail harmlessly, and DTR/RTS are raised (a no-op on a pty).</li>
 *   <li><b>Reading.</b> Semi-blocking with a 100 ms timeout becomes VMIN=0, VTIME=1: read returns
 *       as soon as any byte is there, or 0 after 100 ms of silence. The native read pins the whole
 *       Java array (copying it in and out), so the buffer passed in should stay small (4 KiB).</li>
 *   <li><b>Device gone.</b> When a pty master closes (or a USB adapter is unplugged) the kernel
 *       hangs up the tty: read() then returns 0 at once, forever, which alone would look exactly like
 *       VTIME silence and make a reader spin. jSerialComm disambiguates by calling
 *       {@code ioctl(FIONREAD)} after a 0-byte read; on a hung-up tty that fails with EIO, and
 *       {@code readBytes} returns -1 immediately (with {@code getLastErrorCode()} 0: it records the
 *       errno of read(), not of the ioctl). That -1 is what becomes {@link SerialLinkLostException}
 *       here. {@code isOpen()} stays true after a hang-up, so it is useless for detecting loss.</li>
 *   <li><b>Writing.</b> The descriptor is blocking, so a write waits for room (on a pty: until the
 *       master reads). After a hang-up write fails with EIO; {@code writeBytes} then returns a short
 *       count (0, not -1; error code 5), so anything short of the full length is treated as loss.</li>
 *   <li><b>Closing.</b> {@code closePort} closes the descriptor even while another thread is inside a
 *       native read on it, which could read from a reused descriptor number. Reads are therefore
 *       bounded and close waits for the in-flight one to return before closing the port.</li>
 * </ul>
 */
public final class JSerialCommLink implements SerialLink {
    /** jSerialComm turns this into VTIME=1 (deciseconds): reads wait at most 100 ms. */
    private static final int READ_TIMEOUT_MILLIS = 100;
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    private static final Set<String> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final SerialPort port;
    private final String name;
    private final String systemPath;
    private final ReentrantReadWriteLock ioGuard = new ReentrantReadWriteLock();
    private final Object writeLock = new Object();
    private volatile boolean closed;

    private JSerialCommLink(SerialPort port, String name, String systemPath) {
        this.port = port;
        this.name = name;
        this.systemPath = systemPath;
    }

    /**
     * Opens the device at 8N1, no flow control.
     *
     * @throws InfrastructureException "cannot open serial port PATH: REASON" if it cannot be opened
     */
    public static JSerialCommLink open(String devicePath, int baud) {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(devicePath);
        } catch (SerialPortInvalidPortException e) {
            throw cannotOpen(devicePath, "no such device", e);
        }
        String systemPath = port.getSystemPortPath();
        if (!OPEN_IN_THIS_JVM.add(systemPath)) {
            throw cannotOpen(devicePath, "in use: already opened by another console in this JVM", null);
        }
        boolean opened = false;
        try {
            port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MILLIS, 0);
            if (!port.openPort(0)) {
                throw cannotOpen(devicePath, OpenFailure.describe(port.getLastErrorCode()), null);
            }
            opened = true;
            return new JSerialCommLink(port, devicePath, systemPath);
        } finally {
            if (!opened) {
                OPEN_IN_THIS_JVM.remove(systemPath);
            }
        }
    }

    private static InfrastructureException cannotOpen(String path, String reason, Throwable cause) {
        return new InfrastructureException("cannot open serial port " + path + ": " + reason, cause);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (!ioGuard.readLock().tryLock()) {
            throw lost("the link is being closed");
        }
        try {
            if (closed) {
                throw lost("the link was closed");
            }
            int n = port.readBytes(buffer, length, offset);
            if (n < 0) {
                throw lost("the device hung up or was unplugged" + errnoSuffix(port.getLastErrorCode()));
            }
            return n;
        } finally {
            ioGuard.readLock().unlock();
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        synchronized (writeLock) {
            if (!ioGuard.readLock().tryLock()) {
                throw lost("the link is being closed");
            }
            try {
                if (closed) {
                    throw lost("the link was closed");
                }
                int n = port.writeBytes(buffer, length, offset);
                if (n != length) {
                    throw lost("write failed after " + Math.max(n, 0) + " of " + length
                            + " bytes, the device hung up or was unplugged" + errnoSuffix(port.getLastErrorCode()));
                }
            } finally {
                ioGuard.readLock().unlock();
            }
        }
    }

    /** jSerialComm records the errno of read(2), which is 0 when the failing call was the FIONREAD ioctl. */
    private static String errnoSuffix(int errno) {
        return errno == 0 ? "" : " (errno " + errno + ")";
    }

    private SerialLinkLostException lost(String what) {
        return new SerialLinkLostException("serial link " + name + " lost: " + what, null);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean idle = false;
        try {
            idle = ioGuard.writeLock().tryLock(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            port.closePort();
        } finally {
            OPEN_IN_THIS_JVM.remove(systemPath);
            if (idle) {
                ioGuard.writeLock().unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "JSerialCommLink[" + name + (closed ? ", closed" : "") + "]";
    }

    /** Turns the errno jSerialComm reports for a failed open into the reason a person needs. */
    private static final class OpenFailure {
        private OpenFailure() {}

        static String describe(int errno) {
            return switch (errno) {
                case 11 -> "in use: another process holds an exclusive lock on it (errno 11, EWOULDBLOCK)";
                case 16 -> "in use: device or resource busy (errno 16, EBUSY)";
                case 13 -> "permission denied (errno 13, EACCES): is the user in the dialout group?";
                case 2, 19, 6 -> "no such device (errno " + errno + ")";
                case 5 -> "input/output error (errno 5, EIO): the device is hung up or unplugged";
                default -> "jSerialComm openPort failed with errno " + errno;
            };
        }
    }
}
