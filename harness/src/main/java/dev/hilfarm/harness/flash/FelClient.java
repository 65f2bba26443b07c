package dev.hilfarm.harness.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbHost;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.board.usb.UsbTransport;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The host side of Allwinner's FEL: VERSION, WRITE, READ and EXEC, each as a FEL request inside
 * the boot ROM's AWUC/AWUS USB wrapping, followed by its data and an 8-byte FEL status. Enough
 * to load U-Boot's SPL into SRAM and run it, as sunxi-fel does.
 */
public final class FelClient implements AutoCloseable {
    static final int USB_READ = 0x11;
    static final int USB_WRITE = 0x12;
    static final int FEL_VERSION = 0x001;
    static final int FEL_WRITE = 0x101;
    static final int FEL_EXEC = 0x102;
    static final int FEL_READ = 0x103;
    /** Data goes out in pieces of this size so progress can be reported. */
    private static final int CHUNK = 128 * 1024;

    /** What VERSION reports: the SoC (0x1623 for the A10) and the scratch area the ROM leaves free. */
    public record Version(int socId, int firmware, int protocol, int scratchpad) {
    }

    private final UsbTransport usb;
    private final int out;
    private final int in;
    private final Duration timeout;
    private final UsbId id;

    private FelClient(UsbTransport usb, UsbInterface iface, Duration timeout) {
        this.usb = usb;
        this.out = iface.endpoint(false);
        this.in = iface.endpoint(true);
        this.timeout = timeout;
        this.id = usb.info().id();
    }

    /** Opens the first device with the FEL boot ROM's IDs (1f3a:efe8 on Allwinner SoCs). */
    public static FelClient open(UsbHost host, UsbId rom, Duration timeout) {
        try {
            UsbDeviceInfo device = host.devices().stream().filter(d -> d.id().equals(rom)).findFirst()
                    .orElseThrow(() -> new InfrastructureException("FEL: no Allwinner boot ROM " + rom
                            + " on the bus (hold FEL/uboot while powering the board on, or boot a card with fel-sdboot)"));
            UsbTransport usb = host.open(device);
            UsbInterface iface = device.interfaces().get(0);
            usb.claim(iface.number());
            return new FelClient(usb, iface, timeout);
        } catch (UsbException e) {
            throw new InfrastructureException("FEL " + rom + ": " + e.getMessage(), e);
        }
    }

    public Version version() {
        request(FEL_VERSION, 0, 0);
        ByteBuffer v = ByteBuffer.wrap(usbRead(32, "VERSION")).order(ByteOrder.LITTLE_ENDIAN);
        String magic = new String(v.array(), 0, 8, StandardCharsets.US_ASCII);
        if (!magic.equals("AWUSBFEX")) {
            throw new InfrastructureException("FEL " + id + ": VERSION answered '" + magic + "', not AWUSBFEX");
        }
        status("VERSION");
        return new Version((v.getInt(8) >>> 8) & 0xffff, v.getInt(12), v.getShort(16) & 0xffff, v.getInt(20));
    }

    public void write(int address, byte[] data, LongConsumer progress) {
        for (int done = 0; done < data.length; ) {
            int n = Math.min(CHUNK, data.length - done);
            request(FEL_WRITE, address + done, n);
            usbWrite(Arrays.copyOfRange(data, done, done + n), String.format("WRITE at 0x%08x", address + done));
            status("WRITE");
            done += n;
            progress.accept(done);
        }
    }

    public byte[] read(int address, int length) {
        byte[] all = new byte[length];
        for (int done = 0; done < length; ) {
            int n = Math.min(CHUNK, length - done);
            request(FEL_READ, address + done, n);
            System.arraycopy(usbRead(n, "READ"), 0, all, done, n);
            status("READ");
            done += n;
        }
        return all;
    }

    /** Jumps to {@code address} (the ROM answers first, then runs it). */
    public void exec(int address) {
        request(FEL_EXEC, address, 0);
        status("EXEC");
    }

    private void request(int type, int address, int length) {
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt(type).putInt(address).putInt(length).putInt(0);
        usbWrite(r.array(), String.format("request 0x%03x", type));
    }

    private void status(String what) {
        usbRead(8, what + " status");
    }

    private void usbWrite(byte[] data, String what) {
        try {
            usb.bulk(out, awuc(USB_WRITE, data.length), 0, 32, timeout);
            if (data.length > 0) {
                usb.bulk(out, data, 0, data.length, timeout);
            }
            awus(what);
        } catch (UsbException.Stall refused) {
            throw new BootRomFailure("FEL " + id + " refused " + what + ": " + refused.getMessage());
        } catch (UsbException e) {
            throw new InfrastructureException("FEL " + id + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private byte[] usbRead(int length, String what) {
        try {
            usb.bulk(out, awuc(USB_READ, length), 0, 32, timeout);
            byte[] data = new byte[length];
            for (int got = 0; got < length; ) {
                got += usb.bulk(in, data, got, length - got, timeout);
            }
            awus(what);
            return data;
        } catch (UsbException.Stall refused) {
            throw new BootRomFailure("FEL " + id + " refused " + what + ": " + refused.getMessage());
        } catch (UsbException e) {
            throw new InfrastructureException("FEL " + id + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private void awus(String what) throws UsbException {
        byte[] s = new byte[13];
        for (int got = 0; got < 13; ) {
            got += usb.bulk(in, s, got, 13 - got, timeout);
        }
        if (s[0] != 'A' || s[1] != 'W' || s[2] != 'U' || s[3] != 'S') {
            throw new InfrastructureException("FEL " + id + ": " + what + ": the ROM's answer is not AWUS");
        }
    }

    private static byte[] awuc(int direction, int length) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AWUC".getBytes(StandardCharsets.US_ASCII)).position(8);
        b.putInt(length).putInt(0x0c000000).putShort((short) direction).putInt(length);
        return b.array();
    }

    @Override
    public void close() throws IOException {
        usb.close();
    }
}
