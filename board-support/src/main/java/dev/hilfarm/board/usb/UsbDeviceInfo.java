package dev.hilfarm.board.usb;

import dev.hilfarm.board.UsbId;
import java.util.List;
import java.util.Optional;

/** A USB device as enumeration shows it: IDs, serial number and its interfaces. */
public record UsbDeviceInfo(UsbId id, String serial, List<UsbInterface> interfaces) {
    public UsbDeviceInfo {
        interfaces = List.copyOf(interfaces);
    }

    /** The first interface of the given class, subclass and protocol. */
    public Optional<UsbInterface> find(int cls, int sub, int proto) {
        return interfaces.stream().filter(i -> i.is(cls, sub, proto)).findFirst();
    }
}
