package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.emulator.usb.UsbFunction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The serial download protocol (SDP) of an NXP i.MX boot ROM, a HID device: commands arrive as
 * output report 1 (16 big-endian bytes: type, address, format, count, data), file and DCD data as
 * output report 2, both through SET_REPORT; answers leave on the interrupt IN endpoint as input
 * report 3 (the HAB security state) and report 4 (status or data). WRITE_FILE stores into
 * {@link RomMemory} and answers 0x88888888; DCD_WRITE applies the table's write commands through
 * {@link DcdWrites} and answers 0x128A8A12; JUMP_ADDRESS answers the HAB state and jumps.
 */
public final class ImxSdpBootRom implements UsbFunction {
    public static final int ENDPOINT_IN = 0x81;
    static final int READ_REGISTER = 0x0101;
    static final int WRITE_REGISTER = 0x0202;
    static final int WRITE_FILE = 0x0404;
    static final int ERROR_STATUS = 0x0505;
    static final int DCD_WRITE = 0x0a0a;
    static final int JUMP_ADDRESS = 0x0b0b;
    static final int HAB_OPEN = 0x56787856;
    static final int WRITE_FILE_COMPLETE = 0x88888888;
    static final int WRITE_COMPLETE = 0x128a8a12;
    private static final int SET_REPORT = 0x09;
    private static final int OUTPUT_REPORT = 2;

    /** Register writes a DCD table asks for (DRAM controller set-up, clocks). */
    @FunctionalInterface
    public interface DcdWrites {
        void write(long address, int value, int width);
    }

    private final UsbDeviceInfo info;
    private final RomMemory memory;
    private final DcdWrites dcd;
    private final IntConsumer jump;
    private final BulkPipe reports = new BulkPipe();
    private int command;
    private int address;
    private byte[] data;
    private int dataFill;

    public ImxSdpBootRom(UsbId id, RomMemory memory, DcdWrites dcd, IntConsumer jump) {
        this.info = new UsbDeviceInfo(id, "", List.of(new UsbInterface(0, 0, 0x03, 0, 0, List.of(ENDPOINT_IN), "", List.of())));
        this.memory = memory;
        this.dcd = dcd;
        this.jump = jump;
    }

    @Override
    public UsbDeviceInfo info() {
        return info;
    }

    @Override
    public synchronized int control(int requestType, int request, int value, int index, byte[] bytes, int length)
            throws UsbException {
        if (requestType != 0x21 || request != SET_REPORT || value >>> 8 != OUTPUT_REPORT || length < 1) {
            throw stall(String.format("control request 0x%02x/0x%02x value 0x%04x", requestType, request, value));
        }
        int report = value & 0xff;
        if (bytes[0] != report) {
            throw stall("report " + report + " whose first byte says " + bytes[0]);
        }
        if (report == 1) {
            command(ByteBuffer.wrap(bytes, 1, length - 1).slice(), length - 1);
        } else if (report == 2) {
            data(bytes, length - 1);
        } else {
            throw stall("output report " + report);
        }
        return length;
    }

    private void command(ByteBuffer c, int length) throws UsbException {
        if (length < 16) {
            throw stall("a command is 16 bytes, got " + length);
        }
        command = c.getShort(0) & 0xffff;
        address = c.getInt(2);
        int count = c.getInt(7);
        int value = c.getInt(11);
        switch (command) {
            case WRITE_FILE, DCD_WRITE -> {
                if (count <= 0 || (command == WRITE_FILE && !memory.contains(address & 0xffffffffL, count))) {
                    throw stall(String.format("%s of %d bytes at 0x%08x", command == WRITE_FILE ? "WRITE_FILE" : "DCD_WRITE",
                            count & 0xffffffffL, address));
                }
                data = new byte[count];
                dataFill = 0;
            }
            case WRITE_REGISTER -> {
                dcd.write(address & 0xffffffffL, value, 4);
                answer(WRITE_COMPLETE);
            }
            case ERROR_STATUS -> answer(0);
            case READ_REGISTER -> {
                if (!memory.contains(address & 0xffffffffL, count)) {
                    throw stall(String.format("READ_REGISTER of %d bytes at 0x%08x", count, address));
                }
                reports.queue(hab());
                byte[] read = new byte[count];
                memory.read(address & 0xffffffffL, read, 0, count);
                for (int at = 0; at < count; at += 64) {
                    byte[] r = new byte[65];
                    r[0] = 4;
                    System.arraycopy(read, at, r, 1, Math.min(64, count - at));
                    reports.queue(r);
                }
            }
            case JUMP_ADDRESS -> {
                reports.queue(hab());
                jump.accept(address);
            }
            default -> throw stall(String.format("unknown SDP command 0x%04x", command));
        }
    }

    private void data(byte[] bytes, int length) throws UsbException {
        if (data == null) {
            throw stall("data report without a WRITE_FILE or DCD_WRITE");
        }
        int n = Math.min(length, data.length - dataFill);
        System.arraycopy(bytes, 1, data, dataFill, n);
        dataFill += n;
        if (dataFill < data.length) {
            return;
        }
        byte[] complete = data;
        data = null;
        if (command == WRITE_FILE) {
            memory.write(address & 0xffffffffL, complete, 0, complete.length);
            answer(WRITE_FILE_COMPLETE);
        } else {
            applyDcd(complete);
            answer(WRITE_COMPLETE);
        }
    }

    /** A DCD table: header 0xD2, length, version; write-data commands 0xCC with address/value pairs. */
    private void applyDcd(byte[] table) throws UsbException {
        ByteBuffer t = ByteBuffer.wrap(table);
        if (table.length < 4 || (table[0] & 0xff) != 0xd2) {
            throw stall("DCD table does not start with tag 0xD2");
        }
        int end = Math.min(table.length, t.getShort(1) & 0xffff);
        for (int at = 4; at + 4 <= end; ) {
            int tag = table[at] & 0xff;
            int length = t.getShort(at + 1) & 0xffff;
            if (length < 4 || at + length > end) {
                throw stall("DCD command at byte offset " + at + " has length " + length);
            }
            if (tag == 0xcc) {
                int width = table[at + 3] & 0x7;
                for (int p = at + 4; p + 8 <= at + length; p += 8) {
                    dcd.write(t.getInt(p) & 0xffffffffL, t.getInt(p + 4), width);
                }
            } else if (tag != 0xcf && tag != 0xc0) {
                throw stall(String.format("DCD command tag 0x%02x at byte offset %d", tag, at));
            }
            at += length;
        }
    }

    /** Report 3, then report 4 (64 bytes) starting with the 32-bit status. */
    private void answer(int status) {
        reports.queue(hab());
        byte[] r = new byte[65];
        r[0] = 4;
        r[1] = (byte) (status >>> 24);
        r[2] = (byte) (status >>> 16);
        r[3] = (byte) (status >>> 8);
        r[4] = (byte) status;
        reports.queue(r);
    }

    private static byte[] hab() {
        return new byte[] {3, (byte) (HAB_OPEN >>> 24), (byte) (HAB_OPEN >>> 16), (byte) (HAB_OPEN >>> 8), (byte) HAB_OPEN};
    }

    @Override
    public synchronized int interruptIn(int endpoint, byte[] bytes, int offset, int length, Duration timeout) throws UsbException {
        return reports.take(bytes, offset, length, timeout, "i.MX SDP");
    }

    private UsbException stall(String why) {
        data = null;
        reports.clear();
        return new UsbException.Stall("i.MX SDP: " + why);
    }
}
