package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * One debugger connection: answers GDB's packets while the core is stopped and runs the core
 * when asked to continue or step, in the calling thread. All-stop mode with a single thread
 * (id 1), which is what a one-core machine is.
 *
 * <p>While running, the machine executes in slices ({@link DebugTarget#run}) and the connection
 * is polled between slices for the interrupt byte (Ctrl-C in GDB); that loop allocates nothing,
 * and an idle core (WFI with no device event due) is looked at every few milliseconds instead of
 * spun. With breakpoints or
 * watchpoints set, the core is stepped one instruction at a time: the PC is compared with the
 * breakpoints before each instruction, the watched bytes with their old values after it.
 */
final class GdbSession {
    /** Largest packet the stub accepts and sends, advertised in qSupported (hex 0x4000). */
    static final int PACKET_SIZE = 0x4000;
    /** Instructions per slice between polls of the connection while the core runs freely. */
    static final int RUN_SLICE = 100_000;
    /** Instructions per slice when each one is checked against breakpoints. */
    static final int BREAKPOINT_SLICE = 10_000;
    /** How long an idle core waits between looks at the connection and the machine's input. */
    static final int IDLE_POLL_MILLIS = 5;

    static final int SIGINT = 2;
    static final int SIGTRAP = 5;

    private static final int THREAD_ID = 1;

    /** Why a resumption ended. */
    private static final int STOPPED_TRAP = 0;
    private static final int STOPPED_INTERRUPT = 1;
    private static final int STOPPED_EXIT = 2;
    private static final int STOPPED_DISCONNECT = 3;
    private static final int STOPPED_WATCH = 4;

    private final DebugTarget target;
    private final Cpu cpu;
    private final RspConnection connection;
    private final PacketBuilder reply = new PacketBuilder(PACKET_SIZE);
    private final GdbRegisters registers;
    private final DebugMemory memory;
    private final Breakpoints breakpoints;
    private final Watchpoints watchpoints;
    private final CoreStepper stepper;
    private final byte[] targetXml;
    private int lastSignal = SIGTRAP;
    /** The address of the watchpoint that stopped the core last. */
    private int watchHit;

    GdbSession(DebugTarget target, RspConnection connection, Breakpoints breakpoints, Watchpoints watchpoints) {
        this.target = target;
        this.cpu = target.cpu();
        this.connection = connection;
        this.breakpoints = breakpoints;
        this.watchpoints = watchpoints;
        this.registers = new GdbRegisters(cpu.state, target.vfp());
        this.memory = new DebugMemory(cpu, target.bus());
        this.stepper = new CoreStepper(cpu);
        this.targetXml = TargetDescription.xml(registers.doubleRegisterCount()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Serves packets until the debugger detaches, kills the target or goes away. */
    SessionEnd serve() throws IOException {
        try {
            return servePackets();
        } catch (SocketException | EOFException gone) {
            return SessionEnd.DISCONNECTED; // the debugger went away mid-exchange (killed, crashed)
        }
    }

    private SessionEnd servePackets() throws IOException {
        while (true) {
            int length = connection.readPacket();
            if (length == RspConnection.EOF) {
                return SessionEnd.DISCONNECTED;
            }
            if (length == RspConnection.INTERRUPT) {
                continue; // already stopped: nothing to interrupt
            }
            String packet = new String(connection.payload(), 0, length, StandardCharsets.ISO_8859_1);
            reply.clear();
            SessionEnd end;
            try {
                end = handle(packet);
            } catch (NumberFormatException | IndexOutOfBoundsException malformed) {
                reply.clear().append("E02");
                connection.sendPacket(reply);
                continue;
            }
            if (end != null) {
                return end;
            }
        }
    }

    /** Handles one packet, sending its reply. Returns non-null when the session ends. */
    private SessionEnd handle(String packet) throws IOException {
        char command = packet.isEmpty() ? 0 : packet.charAt(0);
        switch (command) {
            case '?':
                appendStopReply(lastSignal);
                break;
            case 'g':
                registers.appendAll(reply);
                break;
            case 'G':
                writeAllRegisters(packet);
                break;
            case 'p':
                if (!registers.append((int) Hex.number(packet.substring(1)), reply)) {
                    reply.append("E03");
                }
                break;
            case 'P':
                writeRegister(packet);
                break;
            case 'm':
                readMemory(packet);
                break;
            case 'M':
                writeMemory(packet, false);
                break;
            case 'X':
                writeMemory(packet, true);
                break;
            case 'c':
            case 's':
                return resume(command == 's', packet.length() > 1 ? packet.substring(1) : null);
            case 'C':
            case 'S':
                // The signal is dropped: a bare-metal core has no signals to deliver.
                int semicolon = packet.indexOf(';');
                return resume(command == 'S', semicolon < 0 ? null : packet.substring(semicolon + 1));
            case 'Z':
            case 'z':
                changeBreakpoint(packet);
                break;
            case 'H':
            case 'T':
                reply.append("OK");
                break;
            case 'k':
                return SessionEnd.KILLED;
            case 'D':
                reply.append("OK");
                connection.sendPacket(reply);
                return SessionEnd.DETACHED;
            case 'q':
                query(packet);
                break;
            case 'Q':
                if (packet.equals("QStartNoAckMode")) {
                    reply.append("OK");
                    connection.sendPacket(reply);
                    connection.disableAcks();
                    return null;
                }
                break;
            case 'v':
                return verbose(packet);
            default:
                break; // empty reply: not supported
        }
        connection.sendPacket(reply);
        return null;
    }

    private void query(String packet) {
        if (packet.startsWith("qSupported")) {
            reply.append("PacketSize=").hexNumber(PACKET_SIZE)
                    .append(";qXfer:features:read+;QStartNoAckMode+;vContSupported+");
        } else if (packet.startsWith("qXfer:features:read:")) {
            readFeatures(packet.substring("qXfer:features:read:".length()));
        } else if (packet.startsWith("qAttached")) {
            reply.append('1');
        } else if (packet.equals("qC")) {
            reply.append("QC").hexNumber(THREAD_ID);
        } else if (packet.equals("qfThreadInfo")) {
            reply.append('m').hexNumber(THREAD_ID);
        } else if (packet.equals("qsThreadInfo")) {
            reply.append('l');
        } else if (packet.startsWith("qSymbol")) {
            reply.append("OK");
        }
    }

    private SessionEnd verbose(String packet) throws IOException {
        if (packet.equals("vCont?")) {
            reply.append("vCont;c;C;s;S");
        } else if (packet.startsWith("vCont;")) {
            // One thread: the first action is the one that applies to it.
            String action = packet.substring("vCont;".length());
            int end = action.indexOf(';');
            if (end >= 0) {
                action = action.substring(0, end);
            }
            char kind = action.isEmpty() ? 0 : action.charAt(0);
            if (kind == 'c' || kind == 'C' || kind == 's' || kind == 'S') {
                return resume(kind == 's' || kind == 'S', null);
            }
            reply.append("E02");
        } else if (packet.startsWith("vKill")) {
            reply.append("OK");
            connection.sendPacket(reply);
            return SessionEnd.KILLED;
        }
        connection.sendPacket(reply);
        return null;
    }

    private void readFeatures(String request) {
        int colon = request.indexOf(':');
        String annex = request.substring(0, colon);
        if (!annex.equals("target.xml")) {
            reply.append("E00");
            return;
        }
        String[] range = request.substring(colon + 1).split(",");
        long offset = Hex.number(range[0]);
        long length = Math.min(Hex.number(range[1]), PACKET_SIZE / 2);
        if (offset >= targetXml.length) {
            reply.append('l');
            return;
        }
        int count = (int) Math.min(length, targetXml.length - offset);
        reply.append(offset + count < targetXml.length ? 'm' : 'l');
        reply.binary(targetXml, (int) offset, count);
    }

    private void writeAllRegisters(String packet) {
        if (packet.length() - 1 < registers.allRegistersHexLength()) {
            reply.append("E02");
            return;
        }
        registers.writeAll(connection.payload(), 1);
        reply.append("OK");
    }

    private void writeRegister(String packet) {
        int equals = packet.indexOf('=');
        int regnum = (int) Hex.number(packet.substring(1, equals));
        boolean written = registers.write(regnum, connection.payload(), equals + 1, packet.length() - equals - 1);
        reply.append(written ? "OK" : "E03");
    }

    private void readMemory(String packet) {
        int comma = packet.indexOf(',');
        int address = (int) Hex.number(packet.substring(1, comma));
        int length = (int) Math.min(Hex.number(packet.substring(comma + 1)), (PACKET_SIZE - 16) / 2);
        byte[] data = new byte[length];
        int read = memory.read(address, data, length);
        if (read == 0 && length > 0) {
            reply.append("E01");
            return;
        }
        for (int i = 0; i < read; i++) {
            reply.hexByte(data[i]);
        }
    }

    private void writeMemory(String packet, boolean binary) {
        int comma = packet.indexOf(',');
        int colon = packet.indexOf(':');
        int address = (int) Hex.number(packet.substring(1, comma));
        int length = (int) Hex.number(packet.substring(comma + 1, colon));
        byte[] data = binary ? unescape(packet, colon + 1) : Hex.bytes(packet.substring(colon + 1));
        if (data.length != length) {
            reply.append("E02");
            return;
        }
        if (memory.write(address, data, 0, length)) {
            watchpoints.refresh(memory); // the debugger's own writes trigger nothing
            reply.append("OK");
        } else {
            reply.append("E01");
        }
    }

    /** The data of an 'X' packet: '}' escapes the next byte, XORed with 0x20. */
    private static byte[] unescape(String packet, int from) {
        byte[] data = new byte[packet.length() - from];
        int n = 0;
        for (int i = from; i < packet.length(); i++) {
            char c = packet.charAt(i);
            data[n++] = (byte) (c == '}' ? packet.charAt(++i) ^ 0x20 : c);
        }
        return java.util.Arrays.copyOf(data, n);
    }

    private void changeBreakpoint(String packet) {
        char type = packet.charAt(1);
        boolean insert = packet.charAt(0) == 'Z';
        String[] fields = packet.substring(3).split(",");
        int address = (int) Hex.number(fields[0]);
        if (type == '0' || type == '1') {
            if (insert) {
                breakpoints.add(address);
            } else {
                breakpoints.remove(address);
            }
            reply.append("OK");
        } else if (type == '2') {
            int length = (int) Hex.number(fields[1]);
            if (!insert) {
                watchpoints.remove(address, length);
                reply.append("OK");
            } else if (length < 1 || length > Watchpoints.MAX_LENGTH || !memory.isMemory(address, length)) {
                reply.append("E01");
            } else {
                watchpoints.add(address, length, memory);
                reply.append("OK");
            }
        }
        // Read and access watchpoints (Z3, Z4): unsupported, empty reply.
    }

    private SessionEnd resume(boolean step, String address) throws IOException {
        if (address != null && !address.isEmpty()) {
            int pc = (int) Hex.number(address);
            cpu.state.pc = pc;
            cpu.state.nextPc = pc;
        }
        int stop;
        if (target.guestExited()) {
            stop = STOPPED_EXIT;
        } else if (step) {
            stepper.stepOne();
            stop = target.guestExited() ? STOPPED_EXIT : watchpointTriggered() ? STOPPED_WATCH : STOPPED_TRAP;
        } else {
            stop = runUntilStop();
        }
        switch (stop) {
            case STOPPED_DISCONNECT:
                return SessionEnd.DISCONNECTED;
            case STOPPED_EXIT:
                reply.clear().append('W').hexByte(target.guestExitStatus());
                break;
            case STOPPED_WATCH:
                lastSignal = SIGTRAP;
                reply.clear().append('T').hexByte(SIGTRAP).append("watch:").hexNumber(watchHit & 0xffffffffL).append(';');
                appendThreadAndPc();
                break;
            case STOPPED_INTERRUPT:
                lastSignal = SIGINT;
                reply.clear();
                appendStopReply(SIGINT);
                break;
            default:
                lastSignal = SIGTRAP;
                reply.clear();
                appendStopReply(SIGTRAP);
                break;
        }
        connection.sendPacket(reply);
        return null;
    }

    /** Runs until a breakpoint, an interrupt from the debugger or the guest's exit. Allocation-free. */
    private int runUntilStop() throws IOException {
        CpuState state = cpu.state;
        boolean first = true;
        while (true) {
            if (target.guestExited()) {
                return STOPPED_EXIT;
            }
            if (breakpoints.isEmpty() && watchpoints.isEmpty()) {
                if (target.run(RUN_SLICE) == 0 && cpu.waitingForInterrupt && !target.guestExited()) {
                    idle();
                }
            } else {
                for (int i = 0; i < BREAKPOINT_SLICE; i++) {
                    // The instruction the core resumes at is executed even when it has a
                    // breakpoint: GDB steps over its own breakpoints, and a stub must not stop twice.
                    if (!first && breakpoints.contains(state.pc)) {
                        return STOPPED_TRAP;
                    }
                    first = false;
                    if (!stepper.stepOne()) {
                        idle();
                        break;
                    }
                    if (target.guestExited()) {
                        return STOPPED_EXIT;
                    }
                    if (watchpointTriggered()) {
                        return STOPPED_WATCH;
                    }
                }
            }
            first = false;
            if (connection.inputPending()) {
                int input = connection.readPacket();
                if (input == RspConnection.INTERRUPT) {
                    return STOPPED_INTERRUPT;
                }
                if (input == RspConnection.EOF) {
                    return STOPPED_DISCONNECT;
                }
                // Any other packet while running is a protocol error in all-stop mode: dropped.
            }
        }
    }

    /**
     * The core sleeps and no device event is due: only outside input (the debugger, or input to
     * the machine's UART) can change that, so wait a little before looking again instead of
     * spinning. The caller then polls the connection.
     */
    private void idle() throws IOException {
        if (!connection.inputPending()) {
            try {
                Thread.sleep(IDLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the guest was idle");
            }
        }
    }

    private boolean watchpointTriggered() {
        if (watchpoints.isEmpty()) {
            return false;
        }
        long hit = watchpoints.firstChanged(memory);
        if (hit < 0) {
            return false;
        }
        watchHit = (int) hit;
        return true;
    }

    /** T stop reply with the thread and the PC, so GDB need not ask for it. */
    private void appendStopReply(int signal) {
        if (target.guestExited()) {
            reply.append('W').hexByte(target.guestExitStatus());
            return;
        }
        reply.append('T').hexByte(signal);
        appendThreadAndPc();
    }

    private void appendThreadAndPc() {
        reply.append("thread:").hexNumber(THREAD_ID).append(';')
                .hexByte(15).append(':').hexLe32(cpu.state.pc).append(';');
    }
}
