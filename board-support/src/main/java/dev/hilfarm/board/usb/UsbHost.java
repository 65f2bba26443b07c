package dev.hilfarm.board.usb;

import java.util.List;

/**
 * Where USB devices are found and opened: the host's buses through usb4java, or an emulated
 * board's device port. Devices come and go (a DFU detach, a boot ROM handing over to the loaded
 * second stage), so callers list again rather than keep what they saw.
 */
public interface UsbHost {
    List<UsbDeviceInfo> devices() throws UsbException;

    UsbTransport open(UsbDeviceInfo device) throws UsbException;
}
