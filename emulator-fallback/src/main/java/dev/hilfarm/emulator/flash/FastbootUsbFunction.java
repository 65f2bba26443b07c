package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.flash.FastbootLink;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.emulator.usb.UsbFunction;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FastbootDevice} behind a USB gadget interface (class 0xff, subclass 0x42, protocol 3,
 * bulk OUT 0x01 and IN 0x81), as a bootloader in fastboot mode presents itself. Every bulk
 * transfer is one fastboot message or one piece of payload; the device runs on its own thread,
 * like a gadget driver, and the host's transfers reach it through queues.
 */
public final class FastbootUsbFunction implements UsbFunction, AutoCloseable {
    public static final int ENDPOINT_OUT = 0x01;
    public static final int ENDPOINT_IN = 0x81;
    private static final byte[] CLOSED = new byte[0];

    private final UsbDeviceInfo info;
    private final BlockingQueue<byte[]> fromHost = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** What is left of a device-to-host transfer the host read only part of. */
    private byte[] pendingIn;
    private int pendingOffset;

    public FastbootUsbFunction(UsbId id, String serial, FastbootDevice device) {
        this.info = new UsbDeviceInfo(id, serial,
                List.of(new UsbInterface(0, 0, 0xff, 0x42, 0x03, List.of(ENDPOINT_OUT, ENDPOINT_IN), "fastboot", List.of())));
        this.thread = new Thread(() -> {
            try {
                device.serve(new QueueLink());
            } catch (IOException e) {
                // the host went away; the gadget simply stops
            }
        }, "fastboot gadget " + serial);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public UsbDeviceInfo info() {
        return info;
    }

    @Override
    public int control(int requestType, int request, int value, int index, byte[] data, int length) throws UsbException {
        throw new UsbException.Stall("fastboot gadget: no class requests");
    }

    @Override
    public void bulkOut(int endpoint, byte[] data, int offset, int length) throws UsbException {
        if (endpoint != ENDPOINT_OUT) {
            throw new UsbException.Stall("fastboot gadget: no OUT endpoint " + endpoint);
        }
        fromHost.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
    }

    @Override
    public synchronized int bulkIn(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
        if (endpoint != ENDPOINT_IN) {
            throw new UsbException.Stall("fastboot gadget: no IN endpoint " + endpoint);
        }
        if (pendingIn == null) {
            try {
                pendingIn = toHost.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UsbException.Timeout("fastboot gadget: interrupted");
            }
            pendingOffset = 0;
            if (pendingIn == null) {
                throw new UsbException.Timeout("fastboot gadget: nothing to send within " + timeout.toMillis() + " ms");
            }
        }
        int n = Math.min(length, pendingIn.length - pendingOffset);
        System.arraycopy(pendingIn, pendingOffset, data, offset, n);
        pendingOffset += n;
        if (pendingOffset == pendingIn.length) {
            pendingIn = null;
        }
        return n;
    }

    /** Stops the gadget's thread (the board left fastboot mode). */
    @Override
    public void close() {
        fromHost.add(CLOSED);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The device's end of the queues. */
    private final class QueueLink implements FastbootLink {
        private byte[] current;
        private int currentOffset;

        private byte[] next() throws IOException {
            try {
                byte[] transfer = fromHost.take();
                if (transfer == CLOSED) {
                    throw new IOException("fastboot gadget stopped");
                }
                return transfer;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("fastboot gadget interrupted");
            }
        }

        @Override
        public int readMessage(byte[] into) throws IOException {
            byte[] transfer;
            try {
                transfer = next();
            } catch (IOException stopped) {
                return -1;
            }
            int n = Math.min(transfer.length, into.length);
            System.arraycopy(transfer, 0, into, 0, n);
            return n;
        }

        @Override
        public void readData(byte[] into, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                if (current == null) {
                    current = next();
                    currentOffset = 0;
                }
                int n = Math.min(length - done, current.length - currentOffset);
                System.arraycopy(current, currentOffset, into, offset + done, n);
                currentOffset += n;
                done += n;
                if (currentOffset == current.length) {
                    current = null;
                }
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            toHost.add(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
        }

        @Override
        public void close() {
            // the queues belong to the function
        }
    }
}
