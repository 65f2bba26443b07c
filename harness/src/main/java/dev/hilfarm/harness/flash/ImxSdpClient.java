package dev.hilfarm.harness.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbHost;
import dev.hilfarm.board.usb.UsbTransport;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * The host side of the i.MX boot ROM's serial download protocol over HID: commands as output
 * report 1 and data as report 2 (SET_REPORT on endpoint 0), answers read from the interrupt IN
 * endpoint as report 3 (HAB state) and report 4 (status). Enough to run a DCD table, load U-Boot
 * and jump to it, as imx_usb_loader and uuu do.
 */
public final class ImxSdpClient implements AutoCloseable {
    static final int WRITE_FILE = 0x0404;
    static final int ERROR_STATUS = 0x0505;
    static final int DCD_WRITE = 0x0a0a;
    static final int JUMP_ADDRESS = 0x0b0b;
    static final int WRITE_FILE_COMPLETE = 0x88888888;
    static final int WRITE_COMPLETE = 0x128a8a12;
    private static final int DATA_REPORT = 1024;

    /** HAB (secure boot) state as report 3 says it. */
    public enum Hab { OPEN, CLOSED }

    private final UsbTransport usb;
    private final int in;
    private final Duration timeout;
    private final UsbId id;

    private ImxSdpClient(UsbTransport usb, int in, Duration timeout) {
        this.usb = usb;
        this.in = in;
        this.timeout = timeout;
        this.id = usb.info().id();
    }

    public static ImxSdpClient open(UsbHost host, UsbId rom, Duration timeout) {
        try {
            UsbDeviceInfo device = host.devices().stream().filter(d -> d.id().equals(rom)).findFirst()
                    .orElseThrow(() -> new InfrastructureException("i.MX SDP: no boot ROM " + rom
                            + " on the bus (set the boot mode switches to serial download)"));
            UsbTransport usb = host.open(device);
            usb.claim(0);
            return new ImxSdpClient(usb, device.interfaces().get(0).endpoint(true), timeout);
        } catch (UsbException e) {
            throw new InfrastructureException("i.MX SDP " + rom + ": " + e.getMessage(), e);
        }
    }

    /** Loads {@code data} at {@code address}; {@code progress} hears the bytes sent. Answers the HAB state. */
    public Hab writeFile(int address, byte[] data, LongConsumer progress) {
        return transfer(WRITE_FILE, address, data, WRITE_FILE_COMPLETE, progress, "WRITE_FILE");
    }

    /** Runs a DCD table (register writes that set up clocks and DRAM). */
    public Hab dcdWrite(int address, byte[] table) {
        return transfer(DCD_WRITE, address, table, WRITE_COMPLETE, n -> { }, "DCD_WRITE");
    }

    /** Starts the image at {@code address}; the ROM answers with its HAB state and jumps. */
    public Hab jump(int address) {
        try {
            command(JUMP_ADDRESS, address, 0);
            return hab("JUMP_ADDRESS");
        } catch (UsbException e) {
            throw failure("JUMP_ADDRESS", e);
        }
    }

    private Hab transfer(int type, int address, byte[] data, int expected, LongConsumer progress, String what) {
        try {
            command(type, address, data.length);
            byte[] report = new byte[DATA_REPORT + 1];
            report[0] = 2;
            for (int sent = 0; sent < data.length; ) {
                int n = Math.min(DATA_REPORT, data.length - sent);
                System.arraycopy(data, sent, report, 1, n);
                usb.control(0x21, 0x09, 0x0200 | 2, 0, report, n + 1, timeout);
                sent += n;
                progress.accept(sent);
            }
            Hab hab = hab(what);
            int status = status(what);
            if (status != expected) {
                throw new BootRomFailure(String.format("i.MX SDP %s: %s ended with status 0x%08x, not 0x%08x", id, what, status,
                        expected));
            }
            return hab;
        } catch (UsbException e) {
            throw failure(what, e);
        }
    }

    private void command(int type, int address, int count) throws UsbException {
        ByteBuffer c = ByteBuffer.allocate(17);
        c.put((byte) 1).putShort((short) type).putInt(address).put((byte) 0x20).putInt(count).putInt(0).put((byte) 0);
        usb.control(0x21, 0x09, 0x0200 | 1, 0, c.array(), 17, timeout);
    }

    private Hab hab(String what) throws UsbException {
        byte[] r = new byte[5];
        int n = usb.interrupt(in, r, 0, r.length, timeout);
        if (n < 5 || r[0] != 3) {
            throw new InfrastructureException("i.MX SDP " + id + ": " + what + ": expected report 3 (HAB state), got " + n
                    + " bytes of report " + r[0]);
        }
        int value = ByteBuffer.wrap(r, 1, 4).getInt();
        return value == 0x56787856 ? Hab.OPEN : Hab.CLOSED;
    }

    private int status(String what) throws UsbException {
        byte[] r = new byte[65];
        int n = usb.interrupt(in, r, 0, r.length, timeout);
        if (n < 5 || r[0] != 4) {
            throw new InfrastructureException("i.MX SDP " + id + ": " + what + ": expected report 4 (status), got " + n
                    + " bytes of report " + r[0]);
        }
        return ByteBuffer.wrap(r, 1, 4).getInt();
    }

    private RuntimeException failure(String what, UsbException e) {
        if (e instanceof UsbException.Stall) {
            return new BootRomFailure("i.MX SDP " + id + " refused " + what + ": " + e.getMessage());
        }
        return new InfrastructureException("i.MX SDP " + id + ": " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
        usb.close();
    }
}
