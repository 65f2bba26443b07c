package dev.hilfarm.board.usb;

import java.util.List;

/**
 * One interface (alternate setting) of a USB device as its descriptors say: what finds a
 * fastboot gadget (class 0xff, subclass 0x42, protocol 3) or a DFU function (0xfe, 1, 1 or 2).
 *
 * @param endpoints endpoint addresses, bit 7 set for IN
 * @param name      the interface string (a DFU alternate setting's name, e.g. "u-boot"), or ""
 * @param extra     class-specific descriptors that follow the interface descriptor (a DFU
 *                  functional descriptor), as unsigned bytes; libusb calls them "extra"
 */
public record UsbInterface(int number, int alternate, int interfaceClass, int subclass, int protocol,
                           List<Integer> endpoints, String name, List<Integer> extra) {
    public UsbInterface {
        endpoints = List.copyOf(endpoints);
        extra = List.copyOf(extra);
    }

    public boolean is(int cls, int sub, int proto) {
        return interfaceClass == cls && subclass == sub && protocol == proto;
    }

    /** The first endpoint in the given direction, or -1. */
    public int endpoint(boolean in) {
        for (int e : endpoints) {
            if (((e & 0x80) != 0) == in) {
                return e;
            }
        }
        return -1;
    }
}
