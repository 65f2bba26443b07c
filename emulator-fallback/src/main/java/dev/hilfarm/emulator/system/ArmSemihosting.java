package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.Semihosting;
import dev.hilfarm.emulator.memory.Bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * ARM semihosting (AArch32, "Semihosting for AArch32 and AArch64" v2.0) as QEMU 7.2's
 * {@code -semihosting} implements it, for calls made from a privileged mode (from User mode the
 * trapping instruction is an ordinary SVC/BKPT, as on QEMU). r0 holds the operation, r1 the
 * argument or the address of the parameter block; the result goes to r0. Parameter blocks and
 * buffers are read through the MMU without side effects (like QEMU's debug accesses); an
 * untranslatable block makes the call fail with r0 = -1 and errno EFAULT.
 *
 * <p>Console: SYS_WRITEC and SYS_WRITE0 write to standard output and leave r0 = 0xdeadbeef.
 * SYS_WRITE/SYS_READ work on handles from SYS_OPEN: ":tt" opened for reading is the console input,
 * for writing standard output, for appending standard error; ":semihosting-features" is the
 * five-byte feature file (SH_EXT_EXIT_EXTENDED, SH_EXT_STDOUT_STDERR). As on QEMU, handles start at
 * 1 and nothing is open before SYS_OPEN, so a write to an unopened handle writes nothing and
 * returns the full length.
 *
 * <p>Unlike QEMU, the guest gets no access to host files or commands: opening any other name,
 * SYS_REMOVE, SYS_RENAME, SYS_TMPNAM and SYS_SYSTEM fail with errno EACCES. Time comes from
 * configurable clocks so that runs can be deterministic. An operation QEMU does not implement
 * (QEMU aborts) stops the machine through {@link Listener#failed}.
 */
public final class ArmSemihosting implements Semihosting {
    public static final int SYS_OPEN = 0x01;
    public static final int SYS_CLOSE = 0x02;
    public static final int SYS_WRITEC = 0x03;
    public static final int SYS_WRITE0 = 0x04;
    public static final int SYS_WRITE = 0x05;
    public static final int SYS_READ = 0x06;
    public static final int SYS_READC = 0x07;
    public static final int SYS_ISERROR = 0x08;
    public static final int SYS_ISTTY = 0x09;
    public static final int SYS_SEEK = 0x0a;
    public static final int SYS_FLEN = 0x0c;
    public static final int SYS_TMPNAM = 0x0d;
    public static final int SYS_REMOVE = 0x0e;
    public static final int SYS_RENAME = 0x0f;
    public static final int SYS_CLOCK = 0x10;
    public static final int SYS_TIME = 0x11;
    public static final int SYS_SYSTEM = 0x12;
    public static final int SYS_ERRNO = 0x13;
    public static final int SYS_GET_CMDLINE = 0x15;
    public static final int SYS_HEAPINFO = 0x16;
    public static final int SYS_EXIT = 0x18;
    public static final int SYS_EXIT_EXTENDED = 0x20;
    public static final int SYS_ELAPSED = 0x30;
    public static final int SYS_TICKFREQ = 0x31;

    /** The reason code of a normal exit (exit status 0 with SYS_EXIT, the subcode with SYS_EXIT_EXTENDED). */
    public static final int ADP_STOPPED_APPLICATION_EXIT = 0x20026;
    /** r0 after SYS_WRITEC and SYS_WRITE0, which define no result. */
    public static final int NO_RESULT = 0xdeadbeef;

    static final int E2BIG = 7;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EINVAL = 22;
    static final int ESPIPE = 29;

    private static final String CONSOLE = ":tt";
    private static final String FEATURES = ":semihosting-features";
    private static final byte[] FEATURE_FILE = {'S', 'H', 'F', 'B', 0x03};
    private static final int MAX_STRING = 4096;

    private static final int UNUSED = 0;
    private static final int CONSOLE_IN = 1;
    private static final int CONSOLE_OUT = 2;
    private static final int CONSOLE_ERR = 3;
    private static final int FEATURE_FILE_HANDLE = 4;

    /** How the machine learns that the guest exited or made a call that cannot be served. */
    public interface Listener {
        /** SYS_EXIT or SYS_EXIT_EXTENDED, with the exit status QEMU would exit with. */
        void exited(int status);

        /** A call QEMU does not implement (QEMU aborts); {@code message} names it and the PC. */
        void failed(String message);
    }

    /** Thrown inside a call when a guest address does not translate; caught before returning. */
    private static final class GuestFault extends RuntimeException {
        static final GuestFault INSTANCE = new GuestFault();

        private GuestFault() {
            super("guest address does not translate", null, false, false);
        }
    }

    private final Bus bus;
    private final OutputStream out;
    private final OutputStream err;
    private final Listener listener;
    private InputStream in = InputStream.nullInputStream();
    private String commandLine = "";
    private int heapBase;
    private int heapLimit;
    private int stackBase;
    private int stackLimit;
    private LongSupplier clockNanos;
    private LongSupplier wallClockSeconds = () -> System.currentTimeMillis() / 1000;

    private int[] handleKind = new int[8];
    private int[] handlePosition = new int[8];
    private int errno;
    private Cpu cpu;

    /**
     * @param bus      the physical bus, for parameter blocks and buffers (translated through the CPU's MMU)
     * @param out      standard output: SYS_WRITEC, SYS_WRITE0 and ":tt" opened for writing
     * @param err      standard error: ":tt" opened for appending
     * @param listener told about exits and unsupported calls
     */
    public ArmSemihosting(Bus bus, OutputStream out, OutputStream err, Listener listener) {
        this.bus = bus;
        this.out = out;
        this.err = err;
        this.listener = listener;
    }

    /** Console input for SYS_READC and SYS_READ on ":tt" (default: none, end of file). */
    public void setInput(InputStream input) {
        this.in = input;
    }

    /** What SYS_GET_CMDLINE returns; QEMU gives the image path, then the -append string if any. */
    public void setCommandLine(String commandLine) {
        this.commandLine = commandLine;
    }

    /** SYS_HEAPINFO's four words; see {@link SemihostingHeap#largestGap} for QEMU's choice. */
    public void setHeapInfo(int heapBase, int heapLimit, int stackBase, int stackLimit) {
        this.heapBase = heapBase;
        this.heapLimit = heapLimit;
        this.stackBase = stackBase;
        this.stackLimit = stackLimit;
    }

    /**
     * The clock SYS_CLOCK and SYS_ELAPSED read, in nanoseconds since start. Default: one
     * nanosecond per retired instruction, which keeps runs deterministic.
     */
    public void setClock(LongSupplier nanoseconds) {
        this.clockNanos = nanoseconds;
    }

    /** The clock SYS_TIME reads, in seconds since the epoch. Default: the host's. */
    public void setWallClock(LongSupplier epochSeconds) {
        this.wallClockSeconds = epochSeconds;
    }

    @Override
    public boolean handle(Cpu cpu) {
        CpuState s = cpu.state;
        if (!s.privileged()) {
            return false;
        }
        this.cpu = cpu;
        int operation = s.r[0];
        int argument = s.r[1];
        try {
            s.r[0] = call(operation, argument);
        } catch (GuestFault fault) {
            errno = EFAULT;
            s.r[0] = -1;
        }
        return true;
    }

    private int call(int operation, int args) {
        switch (operation) {
            case SYS_OPEN:
                return open(args);
            case SYS_CLOSE:
                return close(word(args));
            case SYS_WRITEC:
                return writeCharacter(args);
            case SYS_WRITE0:
                return writeZeroTerminated(args);
            case SYS_WRITE:
                return write(word(args), word(args + 4), word(args + 8));
            case SYS_READ:
                return read(word(args), word(args + 4), word(args + 8));
            case SYS_READC:
                return readConsoleByte();
            case SYS_ISERROR:
                return word(args) < 0 ? 1 : 0;
            case SYS_ISTTY:
                return isTty(word(args));
            case SYS_SEEK:
                return seek(word(args), word(args + 4));
            case SYS_FLEN:
                return length(word(args));
            case SYS_TMPNAM:
            case SYS_REMOVE:
            case SYS_RENAME:
            case SYS_SYSTEM:
                return fail(EACCES);
            case SYS_CLOCK:
                return (int) (nanoseconds() / 10_000_000L);
            case SYS_TIME:
                return (int) wallClockSeconds.getAsLong();
            case SYS_ERRNO:
                return errno;
            case SYS_GET_CMDLINE:
                return commandLine(args);
            case SYS_HEAPINFO:
                return heapInfo(word(args));
            case SYS_EXIT:
                exit(args == ADP_STOPPED_APPLICATION_EXIT ? 0 : 1);
                return 0;
            case SYS_EXIT_EXTENDED: {
                int reason = word(args);
                int subcode = word(args + 4);
                exit(reason == ADP_STOPPED_APPLICATION_EXIT ? subcode : 1);
                return 0;
            }
            case SYS_ELAPSED: {
                long ticks = nanoseconds();
                writeWord(args, (int) ticks);
                writeWord(args + 4, (int) (ticks >>> 32));
                return 0;
            }
            case SYS_TICKFREQ:
                return 1_000_000_000;
            default:
                cpu.requestStop();
                listener.failed(String.format("unsupported semihosting call 0x%02x at pc 0x%08x", operation, cpu.state.pc));
                return cpu.state.r[0];
        }
    }

    private void exit(int status) {
        cpu.requestStop();
        listener.exited(status);
    }

    private long nanoseconds() {
        return clockNanos != null ? clockNanos.getAsLong() : cpu.instructionsRetired();
    }

    private int fail(int error) {
        errno = error;
        return -1;
    }

    // ---- handles ----

    private int open(int args) {
        String name = readString(word(args));
        int mode = word(args + 4);
        if (Integer.compareUnsigned(mode, 12) >= 0) {
            return fail(EINVAL);
        }
        int kind;
        if (name.equals(CONSOLE)) {
            kind = mode < 4 ? CONSOLE_IN : mode < 8 ? CONSOLE_OUT : CONSOLE_ERR;
        } else if (name.equals(FEATURES)) {
            if (mode != 0 && mode != 1) {
                return fail(EACCES);
            }
            kind = FEATURE_FILE_HANDLE;
        } else {
            return fail(EACCES); // no host file access from the guest
        }
        int handle = 1;
        while (handle < handleKind.length && handleKind[handle] != UNUSED) {
            handle++;
        }
        if (handle == handleKind.length) {
            handleKind = Arrays.copyOf(handleKind, handle * 2);
            handlePosition = Arrays.copyOf(handlePosition, handle * 2);
        }
        handleKind[handle] = kind;
        handlePosition[handle] = 0;
        return handle;
    }

    private int kindOf(int handle) {
        return handle > 0 && handle < handleKind.length ? handleKind[handle] : UNUSED;
    }

    private int close(int handle) {
        if (kindOf(handle) == UNUSED) {
            return fail(EBADF);
        }
        handleKind[handle] = UNUSED;
        return 0;
    }

    /** SYS_WRITE: returns the number of bytes not written; errors leave errno alone, as on QEMU. */
    private int write(int handle, int buffer, int length) {
        int kind = kindOf(handle);
        if (kind != CONSOLE_OUT && kind != CONSOLE_ERR) {
            return length;
        }
        byte[] bytes;
        try {
            bytes = readBytes(buffer, length);
        } catch (GuestFault fault) {
            return length;
        }
        return writeConsole(kind == CONSOLE_OUT ? out : err, bytes) ? 0 : length;
    }

    /** SYS_READ: returns the number of bytes not read. */
    private int read(int handle, int buffer, int length) {
        int kind = kindOf(handle);
        byte[] data;
        if (kind == FEATURE_FILE_HANDLE) {
            int position = handlePosition[handle];
            int count = Math.max(0, Math.min(length, FEATURE_FILE.length - position));
            data = Arrays.copyOfRange(FEATURE_FILE, position, position + count);
            handlePosition[handle] = position + count;
        } else if (kind == CONSOLE_IN) {
            data = readInput(length);
        } else {
            return length;
        }
        for (int i = 0; i < data.length; i++) {
            writeByte(buffer + i, data[i]);
        }
        return length - data.length;
    }

    private int isTty(int handle) {
        int kind = kindOf(handle);
        if (kind == UNUSED) {
            return fail(EBADF);
        }
        return 0; // the console is a stream here, not a terminal (as QEMU's with its output redirected)
    }

    private int seek(int handle, int position) {
        int kind = kindOf(handle);
        if (kind == FEATURE_FILE_HANDLE) {
            if (position < 0) {
                return fail(EINVAL);
            }
            handlePosition[handle] = Math.min(position, FEATURE_FILE.length);
            return 0;
        }
        return fail(kind == UNUSED ? EBADF : ESPIPE);
    }

    private int length(int handle) {
        int kind = kindOf(handle);
        if (kind == UNUSED) {
            return fail(EBADF);
        }
        return kind == FEATURE_FILE_HANDLE ? FEATURE_FILE.length : 0;
    }

    // ---- console ----

    private int writeCharacter(int address) {
        byte[] bytes;
        try {
            bytes = new byte[] {(byte) readByte(address)};
        } catch (GuestFault fault) {
            return NO_RESULT;
        }
        writeConsole(out, bytes);
        return NO_RESULT;
    }

    private int writeZeroTerminated(int address) {
        byte[] bytes;
        try {
            bytes = readString(address).getBytes(StandardCharsets.ISO_8859_1);
        } catch (GuestFault fault) {
            return NO_RESULT;
        }
        writeConsole(out, bytes);
        return NO_RESULT;
    }

    private boolean writeConsole(OutputStream stream, byte[] bytes) {
        try {
            stream.write(bytes);
            stream.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private int readConsoleByte() {
        byte[] one = readInput(1);
        return one.length == 0 ? -1 : one[0] & 0xff;
    }

    private byte[] readInput(int length) {
        try {
            byte[] buffer = new byte[Math.max(0, length)];
            int n = in.read(buffer, 0, buffer.length);
            return n <= 0 ? new byte[0] : Arrays.copyOf(buffer, n);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    // ---- command line and heap ----

    private int commandLine(int args) {
        int buffer = word(args);
        int size = word(args + 4);
        byte[] bytes = commandLine.getBytes(StandardCharsets.ISO_8859_1);
        if (Integer.compareUnsigned(bytes.length + 1, size) > 0) {
            return fail(E2BIG);
        }
        writeWord(args + 4, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            writeByte(buffer + i, bytes[i]);
        }
        writeByte(buffer + bytes.length, 0);
        return 0;
    }

    private int heapInfo(int block) {
        writeWord(block, heapBase);
        writeWord(block + 4, heapLimit);
        writeWord(block + 8, stackBase);
        writeWord(block + 12, stackLimit);
        return 0;
    }

    // ---- guest memory, translated without side effects ----

    private int physical(int va) {
        long pa = cpu.memory.translateForDebug(va);
        if (pa < 0 || (pa >>> 32) != 0) {
            throw GuestFault.INSTANCE;
        }
        return (int) pa;
    }

    private int readByte(int va) {
        return bus.read8(physical(va));
    }

    private void writeByte(int va, int value) {
        bus.write8(physical(va), value);
    }

    private int word(int va) {
        return readByte(va) | (readByte(va + 1) << 8) | (readByte(va + 2) << 16) | (readByte(va + 3) << 24);
    }

    private void writeWord(int va, int value) {
        for (int i = 0; i < 4; i++) {
            writeByte(va + i, value >>> (8 * i));
        }
    }

    private byte[] readBytes(int va, int length) {
        byte[] bytes = new byte[Math.max(0, length)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) readByte(va + i);
        }
        return bytes;
    }

    private String readString(int va) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < MAX_STRING; i++) {
            int b = readByte(va + i);
            if (b == 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }
}
