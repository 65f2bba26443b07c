package dev.hilfarm.board.flash;

import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.board.usb.UsbTransport;
import java.io.IOException;
import java.time.Duration;

/**
 * Fastboot over USB, the host's end: commands and payload go out on the gadget's bulk OUT
 * endpoint, replies and uploads come in on bulk IN, each reply in a transfer of its own.
 */
public final class FastbootUsbLink implements FastbootLink {
    /** Payload goes out in transfers of this size (the AOSP client uses 1 MiB). */
    private static final int MAX_TRANSFER = 1 << 20;

    private final UsbTransport usb;
    private final int out;
    private final int in;
    private final Duration timeout;

    private FastbootUsbLink(UsbTransport usb, int out, int in, Duration timeout) {
        this.usb = usb;
        this.out = out;
        this.in = in;
        this.timeout = timeout;
    }

    /** Claims the device's fastboot interface (0xff/0x42/0x03) and talks through its endpoints. */
    public static FastbootUsbLink open(UsbTransport usb, Duration timeout) throws UsbException {
        UsbInterface fastboot = usb.info().find(0xff, 0x42, 0x03)
                .orElseThrow(() -> new UsbException.Stall("usb " + usb.info().id() + " has no fastboot interface"));
        usb.claim(fastboot.number());
        return new FastbootUsbLink(usb, fastboot.endpoint(false), fastboot.endpoint(true), timeout);
    }

    @Override
    public int readMessage(byte[] into) throws IOException {
        return usb.bulk(in, into, 0, into.length, timeout);
    }

    @Override
    public void readData(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            done += usb.bulk(in, into, offset + done, length - done, timeout);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int done = 0; done < length || (length == 0 && done == 0); ) {
            int n = Math.min(MAX_TRANSFER, length - done);
            usb.bulk(out, bytes, offset + done, n, timeout);
            done += n;
            if (length == 0) {
                break;
            }
        }
    }

    @Override
    public void close() throws IOException {
        usb.close();
    }
}
