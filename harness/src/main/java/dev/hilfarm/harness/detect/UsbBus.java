package dev.hilfarm.harness.detect;

import dev.hilfarm.board.UsbId;
import java.util.ArrayList;
import java.util.List;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceList;
import org.usb4java.LibUsb;

/** Lists USB devices through usb4java (libusb). */
public final class UsbBus {

    /** What enumeration found, or why it could not run (no USB in a container, libusb failure). */
    public record Scan(List<UsbDevice> devices, String problem) {
        public Scan {
            devices = List.copyOf(devices);
        }
    }

    public Scan scan() {
        Context context = new Context();
        int rc;
        try {
            rc = LibUsb.init(context);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
            return new Scan(List.of(), "libusb could not be loaded: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Scan(List.of(), "libusb could not be loaded: " + e.getMessage());
        }
        if (rc != LibUsb.SUCCESS) {
            return new Scan(List.of(), "libusb init failed: " + LibUsb.strError(rc));
        }
        try {
            DeviceList list = new DeviceList();
            int count = LibUsb.getDeviceList(context, list);
            if (count < 0) {
                return new Scan(List.of(), "cannot list USB devices: " + LibUsb.strError(count));
            }
            try {
                List<UsbDevice> found = new ArrayList<>();
                for (Device device : list) {
                    DeviceDescriptor descriptor = new DeviceDescriptor();
                    if (LibUsb.getDeviceDescriptor(device, descriptor) != LibUsb.SUCCESS) {
                        continue;
                    }
                    found.add(new UsbDevice(LibUsb.getBusNumber(device), LibUsb.getDeviceAddress(device),
                            new UsbId(descriptor.idVendor() & 0xffff, descriptor.idProduct() & 0xffff)));
                }
                return new Scan(found, null);
            } finally {
                LibUsb.freeDeviceList(list, true);
            }
        } finally {
            LibUsb.exit(context);
        }
    }
}
