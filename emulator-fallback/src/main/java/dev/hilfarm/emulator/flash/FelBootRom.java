package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.emulator.usb.UsbFunction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * An Allwinner boot ROM in FEL mode: every transfer is wrapped in a 32-byte "AWUC" request
 * (direction 0x12 write / 0x11 read, length) and answered by a 13-byte "AWUS" status; inside, FEL
 * requests of 16 bytes (VERSION 0x001, WRITE 0x101, EXEC 0x102, READ 0x103 with address and
 * length) are each followed by data where they have some and an 8-byte FEL status. WRITE and
 * READ reach the board's memory through {@link RomMemory}; EXEC hands the address to {@code exec}.
 */
public final class FelBootRom implements UsbFunction {
    public static final int ENDPOINT_OUT = 0x01;
    public static final int ENDPOINT_IN = 0x82;
    static final int USB_READ = 0x11;
    static final int USB_WRITE = 0x12;
    static final int FEL_VERSION = 0x001;
    static final int FEL_WRITE = 0x101;
    static final int FEL_EXEC = 0x102;
    static final int FEL_READ = 0x103;

    /** Where the FEL exchange stands: what the next USB-level write or read must carry. */
    private enum Phase { REQUEST, WRITE_DATA, READ_DATA, STATUS }

    private final UsbDeviceInfo info;
    private final int socId;
    private final int scratchpad;
    private final RomMemory memory;
    private final IntConsumer exec;
    private final BulkPipe in = new BulkPipe();
    private Phase phase = Phase.REQUEST;
    private int request;
    private int address;
    private int length;
    /** A USB-level write in progress (after its AWUC header), or null between transfers. */
    private byte[] incoming;
    private int incomingFill;

    /** @param socId the SoC ID as VERSION reports it (0x1623 for the A10) */
    public FelBootRom(UsbId id, int socId, int scratchpad, RomMemory memory, IntConsumer exec) {
        this.info = new UsbDeviceInfo(id, "", List.of(new UsbInterface(0, 0, 0xff, 0xff, 0xff,
                List.of(ENDPOINT_OUT, ENDPOINT_IN), "", List.of())));
        this.socId = socId;
        this.scratchpad = scratchpad;
        this.memory = memory;
        this.exec = exec;
    }

    @Override
    public UsbDeviceInfo info() {
        return info;
    }

    @Override
    public int control(int requestType, int request, int value, int index, byte[] data, int length) throws UsbException {
        throw new UsbException.Stall("FEL: no control requests");
    }

    @Override
    public synchronized void bulkOut(int endpoint, byte[] data, int offset, int count) throws UsbException {
        if (incoming == null) {
            awuc(ByteBuffer.wrap(data, offset, count).slice().order(ByteOrder.LITTLE_ENDIAN), count);
            return;
        }
        if (incomingFill + count > incoming.length) {
            throw stall("more data than the AWUC request announced (" + incoming.length + " bytes)");
        }
        System.arraycopy(data, offset, incoming, incomingFill, count);
        incomingFill += count;
        if (incomingFill == incoming.length) {
            byte[] complete = incoming;
            incoming = null;
            felWrite(complete);
            in.queue(awus());
        }
    }

    /** A USB-level request: "AWUC", length at 8, direction at 16. */
    private void awuc(ByteBuffer b, int count) throws UsbException {
        if (count != 32 || b.get(0) != 'A' || b.get(1) != 'W' || b.get(2) != 'U' || b.get(3) != 'C') {
            throw stall("expected a 32-byte AWUC request, got " + count + " bytes");
        }
        int size = b.getInt(8);
        int direction = b.getShort(16) & 0xffff;
        if (direction == USB_WRITE) {
            incoming = new byte[size];
            incomingFill = 0;
            if (size == 0) {
                incoming = null;
                felWrite(new byte[0]);
                in.queue(awus());
            }
        } else if (direction == USB_READ) {
            in.queue(felRead(size));
            in.queue(awus());
        } else {
            throw stall(String.format("AWUC request type 0x%02x", direction));
        }
    }

    /** What the host wrote at the FEL level: a request, or WRITE's data. */
    private void felWrite(byte[] bytes) throws UsbException {
        if (phase == Phase.WRITE_DATA) {
            if (bytes.length != length) {
                throw stall("WRITE announced " + length + " bytes, " + bytes.length + " came");
            }
            memory.write(address & 0xffffffffL, bytes, 0, bytes.length);
            phase = Phase.STATUS;
            return;
        }
        if (phase != Phase.REQUEST || bytes.length != 16) {
            throw stall("expected a 16-byte FEL request, got " + bytes.length + " bytes");
        }
        ByteBuffer r = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        request = r.getInt(0);
        address = r.getInt(4);
        length = r.getInt(8);
        switch (request) {
            case FEL_VERSION -> phase = Phase.READ_DATA;
            case FEL_WRITE -> {
                reachable(length);
                phase = Phase.WRITE_DATA;
            }
            case FEL_READ -> {
                reachable(length);
                phase = Phase.READ_DATA;
            }
            case FEL_EXEC -> {
                reachable(4);
                phase = Phase.STATUS;
            }
            default -> throw stall(String.format("unknown FEL request 0x%03x", request));
        }
    }

    /** What a USB-level read returns at this point of the FEL exchange. */
    private byte[] felRead(int size) throws UsbException {
        if (phase == Phase.READ_DATA) {
            phase = Phase.STATUS;
            if (request == FEL_VERSION) {
                return java.util.Arrays.copyOf(version(), size);
            }
            byte[] data = new byte[size];
            memory.read(address & 0xffffffffL, data, 0, Math.min(size, length));
            return data;
        }
        if (phase == Phase.STATUS && size == 8) {
            phase = Phase.REQUEST;
            if (request == FEL_EXEC) {
                exec.accept(address); // the ROM jumps once it has answered
            }
            return new byte[8]; // FEL status: zero for success
        }
        throw stall("a read of " + size + " bytes the ROM has nothing for");
    }

    private void reachable(int bytes) throws UsbException {
        if (bytes < 0 || !memory.contains(address & 0xffffffffL, bytes)) {
            throw stall(String.format("FEL request 0x%03x for %d bytes at 0x%08x: not memory the ROM reaches", request,
                    bytes, address));
        }
    }

    private byte[] version() {
        ByteBuffer v = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        v.put("AWUSBFEX".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        v.putInt(socId << 8);
        v.putInt(1); // firmware
        v.putShort((short) 1); // protocol
        v.put((byte) 0x44);
        v.put((byte) 0x08);
        v.putInt(scratchpad);
        return v.array();
    }

    private static byte[] awus() {
        byte[] s = new byte[13];
        s[0] = 'A';
        s[1] = 'W';
        s[2] = 'U';
        s[3] = 'S';
        return s;
    }

    @Override
    public synchronized int bulkIn(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
        return in.take(data, offset, length, timeout, "FEL");
    }

    private UsbException stall(String why) {
        phase = Phase.REQUEST;
        incoming = null;
        in.clear();
        return new UsbException.Stall("FEL: " + why);
    }
}
