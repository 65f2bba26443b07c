package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.usb.UsbException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The device-to-host side of a bulk IN endpoint in a device model: what the model queued for the
 * host, handed out as the host's IN transfers ask for it (a transfer may take part of a packet,
 * the rest stays for the next). Device models answer synchronously, so an empty pipe means the
 * device has nothing to say: the host's transfer times out, as on the wire.
 */
final class BulkPipe {
    private final ArrayDeque<byte[]> packets = new ArrayDeque<>();
    private int offset;

    void queue(byte[] packet) {
        packets.add(packet);
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    int take(byte[] into, int at, int length, Duration timeout, String device) throws UsbException {
        byte[] head = packets.peek();
        if (head == null) {
            throw new UsbException.Timeout(device + ": nothing to send within " + timeout.toMillis() + " ms");
        }
        int n = Math.min(length, head.length - offset);
        System.arraycopy(head, offset, into, at, n);
        offset += n;
        if (offset == head.length) {
            packets.remove();
            offset = 0;
        }
        return n;
    }

    void clear() {
        packets.clear();
        offset = 0;
    }
}
