package dev.hilfarm.emulator.usb;

import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbHost;
import dev.hilfarm.board.usb.UsbTransport;
import java.time.Duration;
import java.util.List;

/**
 * An emulated board's USB device port, seen from the host as a bus with at most one device. The
 * board attaches a function (its boot ROM, its bootloader's gadget) and may detach it or swap it
 * for another, as a real device re-enumerates after a DFU detach or a reset: handles opened
 * before that fail with NO_DEVICE, and the host must list and open again.
 */
public final class EmulatedUsbPort implements UsbHost {
    private UsbFunction function;
    private long attachment;

    /** Plugs {@code next} in (null: unplugged); whatever was attached before is gone for its handles. */
    public synchronized void attach(UsbFunction next) {
        function = next;
        attachment++;
    }

    public synchronized void detach() {
        attach(null);
    }

    @Override
    public synchronized List<UsbDeviceInfo> devices() {
        return function == null ? List.of() : List.of(function.info());
    }

    @Override
    public synchronized UsbTransport open(UsbDeviceInfo device) throws UsbException {
        if (function == null || !function.info().equals(device)) {
            throw new UsbException.NoDevice("usb " + device.id() + ": not attached to the emulated board");
        }
        return new Handle(function, attachment);
    }

    private synchronized UsbFunction current(long handleAttachment) throws UsbException {
        if (handleAttachment != attachment || function == null) {
            throw new UsbException.NoDevice("usb: the emulated device has gone (detached or re-enumerated)");
        }
        return function;
    }

    /** A host's open handle on the function attached when it was opened. */
    private final class Handle implements UsbTransport {
        private final UsbDeviceInfo info;
        private final long handleAttachment;

        Handle(UsbFunction function, long attachment) {
            this.info = function.info();
            this.handleAttachment = attachment;
        }

        @Override
        public UsbDeviceInfo info() {
            return info;
        }

        @Override
        public void claim(int interfaceNumber) throws UsbException {
            current(handleAttachment);
        }

        @Override
        public void release(int interfaceNumber) throws UsbException {
            current(handleAttachment);
        }

        @Override
        public void setAlternate(int interfaceNumber, int alternate) throws UsbException {
            current(handleAttachment).setAlternate(interfaceNumber, alternate);
        }

        @Override
        public int control(int requestType, int request, int value, int index, byte[] data, int length, Duration timeout)
                throws UsbException {
            return current(handleAttachment).control(requestType, request, value, index, data, length);
        }

        @Override
        public int bulk(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
            UsbFunction f = current(handleAttachment);
            if ((endpoint & 0x80) != 0) {
                return f.bulkIn(endpoint, data, offset, length, timeout);
            }
            f.bulkOut(endpoint, data, offset, length);
            return length;
        }

        @Override
        public int interrupt(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
            if ((endpoint & 0x80) == 0) {
                throw new UsbException.Stall("interrupt OUT endpoints are not modelled");
            }
            return current(handleAttachment).interruptIn(endpoint, data, offset, length, timeout);
        }

        @Override
        public void close() {
            // nothing held: the function outlives its handles
        }
    }
}
