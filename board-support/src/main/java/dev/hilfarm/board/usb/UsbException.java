package dev.hilfarm.board.usb;

import java.io.IOException;

/**
 * A USB transfer that did not complete, in the three ways flashing protocols must tell apart: the
 * device refused it (a STALL, which protocols use to say "error"), nothing answered in time, or
 * the device is gone (unplugged, or re-enumerating after a detach or reset).
 */
public abstract sealed class UsbException extends IOException
        permits UsbException.Stall, UsbException.Timeout, UsbException.NoDevice {

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
}
