package dev.hilfarm.harness.detect;

import dev.hilfarm.board.UsbId;

/** A device on a USB bus, as the host enumerates it. */
public record UsbDevice(int bus, int address, UsbId id) {
    public String location() {
        return String.format("bus %03d device %03d", bus, address);
    }
}
