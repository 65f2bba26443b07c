package dev.hilfarm.emulator.usb;

import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import java.time.Duration;

/**
 * The device side of an emulated USB device (a bootloader's fastboot or DFU gadget, a SoC boot
 * ROM): it answers control requests addressed to its interfaces and moves bulk data. Standard
 * requests (descriptors, addresses) are the port's business; a function sees only its own.
 */
public interface UsbFunction {
    UsbDeviceInfo info();

    /** A class or vendor control request; IN requests fill {@code data}. Throws a STALL to refuse it. */
    int control(int requestType, int request, int value, int index, byte[] data, int length) throws UsbException;

    /** SET_INTERFACE from the host. */
    default void setAlternate(int interfaceNumber, int alternate) throws UsbException {
        if (alternate != 0) {
            throw new UsbException.Stall("no alternate setting " + alternate + " on interface " + interfaceNumber);
        }
    }

    /** Host to device bulk data on {@code endpoint}. */
    default void bulkOut(int endpoint, byte[] data, int offset, int length) throws UsbException {
        throw new UsbException.Stall("no bulk OUT endpoint " + endpoint);
    }

    /** Device to host interrupt data (HID input reports): as {@link #bulkIn}. */
    default int interruptIn(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
        throw new UsbException.Stall("no interrupt IN endpoint " + endpoint);
    }

    /** Device to host bulk data: waits at most {@code timeout} for some; answers the bytes given. */
    default int bulkIn(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
        throw new UsbException.Stall("no bulk IN endpoint " + endpoint);
    }
}
