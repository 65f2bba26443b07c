package dev.hilfarm.board.usb;

import java.io.IOException;

/**
 * A USB transfer that did not complete, in the ways flashing protocols must tell apart: the
 * device refused it (a STALL, which protocols use to say "error"), nothing answered in time, the
 * device is gone (unplugged, or re-enumerating after a detach or reset), or the host could not do
 * it at all (no permission to open the device, interface busy with another driver).
 */
public abstract sealed class UsbException extends IOException
        permits UsbException.Stall, UsbException.Timeout, UsbException.NoDevice, UsbException.HostError {

    UsbException(String message) {
        super(message);
    }

    public static final class Stall extends UsbException {
        public Stall(String message) {
            super(message);
        }
    }

    public static final class Timeout extends UsbException {
        public Timeout(String message) {
            super(message);
        }
    }

    public static final class NoDevice extends UsbException {
        public NoDevice(String message) {
            super(message);
        }
    }

    /** The host side failed: access denied (udev rules), busy, or another libusb error. */
    public static final class HostError extends UsbException {
        public HostError(String message) {
            super(message);
        }
    }
}
