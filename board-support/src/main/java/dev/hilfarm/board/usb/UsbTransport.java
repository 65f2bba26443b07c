package dev.hilfarm.board.usb;

import java.io.Closeable;
import java.time.Duration;

/**
 * An opened USB device, the seam between the flashing protocol clients (fastboot, DFU, the SoC
 * boot ROMs) and what carries their transfers: libusb through usb4java for real boards, or an
 * in-process connection to an emulated board's device model. Every transfer is bounded by its
 * timeout; failures are {@link UsbException}s.
 */
public interface UsbTransport extends Closeable {
    /** Request type bits of a control transfer's setup packet. */
    int DIR_IN = 0x80;
    int TYPE_CLASS = 0x20;
    int RECIPIENT_INTERFACE = 0x01;

    UsbDeviceInfo info();

    void claim(int interfaceNumber) throws UsbException;

    void release(int interfaceNumber) throws UsbException;

    /** SET_INTERFACE: selects an alternate setting (a DFU target) of a claimed interface. */
    void setAlternate(int interfaceNumber, int alternate) throws UsbException;

    /**
     * A control transfer on endpoint 0: {@code requestType} bit 7 says the direction; IN transfers
     * fill {@code data} and answer how many bytes came, OUT ones send {@code length} bytes.
     */
    int control(int requestType, int request, int value, int index, byte[] data, int length, Duration timeout)
            throws UsbException;

    /** A bulk transfer; the endpoint address's bit 7 says the direction. Answers the bytes moved. */
    int bulk(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException;

    /** An interrupt transfer (HID reports of the i.MX serial download protocol); as {@link #bulk}. */
    int interrupt(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException;
}
