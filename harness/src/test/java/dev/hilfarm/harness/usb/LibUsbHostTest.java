package dev.hilfarm.harness.usb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.usb4java.LibUsb;

/**
 * The usb4java host as far as a machine without boards attached can check it: libusb's errors
 * become the exceptions the flashing protocols act on, and listing and opening behave on
 * whatever this machine has (in CI usually no device at all; libusb still starts).
 */
class LibUsbHostTest {
    @Test
    void libusbErrorsBecomeWhatProtocolsActOn() {
        assertDoesNotThrow(() -> LibUsbHost.check(LibUsb.SUCCESS, "x"));
        assertDoesNotThrow(() -> LibUsbHost.check(64, "a transfer of 64 bytes"));
        assertThrows(UsbException.Stall.class, () -> LibUsbHost.check(LibUsb.ERROR_PIPE, "DNLOAD"));
        assertThrows(UsbException.Timeout.class, () -> LibUsbHost.check(LibUsb.ERROR_TIMEOUT, "bulk"));
        assertThrows(UsbException.NoDevice.class, () -> LibUsbHost.check(LibUsb.ERROR_NO_DEVICE, "bulk"));
        UsbException.HostError access = assertThrows(UsbException.HostError.class,
                () -> LibUsbHost.check(LibUsb.ERROR_ACCESS, "opening 0451:d00e"));
        assertTrue(access.getMessage().startsWith("opening 0451:d00e: ") && access.getMessage().contains("udev rules"),
                access.getMessage());
        assertThrows(UsbException.HostError.class, () -> LibUsbHost.check(LibUsb.ERROR_BUSY, "claiming"));
    }

    @Test
    void aDeviceThatIsNotThereIsNoDevice() throws Exception {
        try (LibUsbHost host = new LibUsbHost()) {
            List<UsbDeviceInfo> devices = host.devices();
            devices.forEach(d -> assertTrue(d.id().vendor() >= 0));
            UsbException.NoDevice e = assertThrows(UsbException.NoDevice.class,
                    () -> host.open(new UsbDeviceInfo(new UsbId(0xdead, 0xbeef), "NONE", List.of())));
            assertEquals("usb dead:beef serial NONE: not on the bus", e.getMessage());
        }
    }
}
