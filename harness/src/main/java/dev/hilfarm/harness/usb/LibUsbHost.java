package dev.hilfarm.harness.usb;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbHost;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.board.usb.UsbTransport;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.usb4java.BufferUtils;
import org.usb4java.ConfigDescriptor;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.EndpointDescriptor;
import org.usb4java.Interface;
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;

/**
 * The host's USB buses through usb4java (libusb): lists devices with their interfaces (string
 * descriptors read where the device can be opened) and opens them as {@link UsbTransport}s.
 * Kernel drivers are detached automatically when an interface is claimed and re-attached when it
 * is released, as libusb does with auto-detach. libusb errors become the {@link UsbException} a
 * flashing protocol can act on: PIPE is a STALL, TIMEOUT a timeout, NO_DEVICE a vanished device,
 * the rest (ACCESS: missing udev rules, BUSY) a host error naming libusb's reason.
 */
public final class LibUsbHost implements UsbHost, AutoCloseable {
    private final Context context = new Context();

    public LibUsbHost() throws UsbException {
        int rc;
        try {
            rc = LibUsb.init(context);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
            throw new UsbException.HostError("libusb could not be loaded: " + e.getMessage());
        }
        check(rc, "libusb init");
    }

    @Override
    public List<UsbDeviceInfo> devices() throws UsbException {
        DeviceList list = new DeviceList();
        check(LibUsb.getDeviceList(context, list), "listing USB devices");
        try {
            List<UsbDeviceInfo> found = new ArrayList<>();
            for (Device device : list) {
                UsbDeviceInfo info = describe(device);
                if (info != null) {
                    found.add(info);
                }
            }
            return found;
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
    }

    /** The device's IDs, serial and interfaces; null when its descriptors cannot be read. */
    private static UsbDeviceInfo describe(Device device) {
        DeviceDescriptor descriptor = new DeviceDescriptor();
        if (LibUsb.getDeviceDescriptor(device, descriptor) != LibUsb.SUCCESS) {
            return null;
        }
        UsbId id = new UsbId(descriptor.idVendor() & 0xffff, descriptor.idProduct() & 0xffff);
        DeviceHandle handle = new DeviceHandle();
        boolean opened = LibUsb.open(device, handle) == LibUsb.SUCCESS;
        try {
            String serial = opened && descriptor.iSerialNumber() != 0 ? string(handle, descriptor.iSerialNumber()) : "";
            ConfigDescriptor config = new ConfigDescriptor();
            if (LibUsb.getActiveConfigDescriptor(device, config) != LibUsb.SUCCESS) {
                return new UsbDeviceInfo(id, serial, List.of());
            }
            try {
                List<UsbInterface> interfaces = new ArrayList<>();
                for (Interface iface : config.iface()) {
                    for (InterfaceDescriptor alt : iface.altsetting()) {
                        List<Integer> endpoints = new ArrayList<>();
                        for (EndpointDescriptor e : alt.endpoint()) {
                            endpoints.add(e.bEndpointAddress() & 0xff);
                        }
                        List<Integer> extra = new ArrayList<>();
                        ByteBuffer bytes = alt.extra();
                        for (int i = 0; bytes != null && i < alt.extraLength(); i++) {
                            extra.add(bytes.get(i) & 0xff);
                        }
                        String name = opened && alt.iInterface() != 0 ? string(handle, alt.iInterface()) : "";
                        interfaces.add(new UsbInterface(alt.bInterfaceNumber() & 0xff, alt.bAlternateSetting() & 0xff,
                                alt.bInterfaceClass() & 0xff, alt.bInterfaceSubClass() & 0xff, alt.bInterfaceProtocol() & 0xff,
                                endpoints, name, extra));
                    }
                }
                return new UsbDeviceInfo(id, serial, interfaces);
            } finally {
                LibUsb.freeConfigDescriptor(config);
            }
        } finally {
            if (opened) {
                LibUsb.close(handle);
            }
        }
    }

    private static String string(DeviceHandle handle, byte index) {
        String s = LibUsb.getStringDescriptor(handle, index);
        return s == null ? "" : s;
    }

    @Override
    public UsbTransport open(UsbDeviceInfo wanted) throws UsbException {
        DeviceList list = new DeviceList();
        check(LibUsb.getDeviceList(context, list), "listing USB devices");
        try {
            for (Device device : list) {
                UsbDeviceInfo info = describe(device);
                if (info != null && info.id().equals(wanted.id()) && info.serial().equals(wanted.serial())) {
                    DeviceHandle handle = new DeviceHandle();
                    check(LibUsb.open(device, handle), "opening " + wanted.id());
                    LibUsb.setAutoDetachKernelDriver(handle, true);
                    return new Handle(handle, info);
                }
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
        throw new UsbException.NoDevice("usb " + wanted.id() + (wanted.serial().isEmpty() ? "" : " serial " + wanted.serial())
                + ": not on the bus");
    }

    /** Turns a libusb return code into the exception a protocol can act on. */
    static void check(int rc, String what) throws UsbException {
        if (rc >= 0) {
            return;
        }
        String message = what + ": " + LibUsb.strError(rc);
        switch (rc) {
            case LibUsb.ERROR_PIPE -> throw new UsbException.Stall(message);
            case LibUsb.ERROR_TIMEOUT -> throw new UsbException.Timeout(message);
            case LibUsb.ERROR_NO_DEVICE, LibUsb.ERROR_NOT_FOUND -> throw new UsbException.NoDevice(message);
            case LibUsb.ERROR_ACCESS -> throw new UsbException.HostError(message
                    + " (no permission: install udev rules for this device, see 'Attaching a real board' in the README, or run as root)");
            default -> throw new UsbException.HostError(message);
        }
    }

    @Override
    public void close() {
        LibUsb.exit(context);
    }

    private static final class Handle implements UsbTransport {
        private final DeviceHandle handle;
        private final UsbDeviceInfo info;
        private final List<Integer> claimed = new ArrayList<>();

        Handle(DeviceHandle handle, UsbDeviceInfo info) {
            this.handle = handle;
            this.info = info;
        }

        @Override
        public UsbDeviceInfo info() {
            return info;
        }

        @Override
        public void claim(int interfaceNumber) throws UsbException {
            check(LibUsb.claimInterface(handle, interfaceNumber), "claiming interface " + interfaceNumber + " of " + info.id());
            claimed.add(interfaceNumber);
        }

        @Override
        public void release(int interfaceNumber) throws UsbException {
            check(LibUsb.releaseInterface(handle, interfaceNumber), "releasing interface " + interfaceNumber);
            claimed.remove(Integer.valueOf(interfaceNumber));
        }

        @Override
        public void setAlternate(int interfaceNumber, int alternate) throws UsbException {
            check(LibUsb.setInterfaceAltSetting(handle, interfaceNumber, alternate),
                    "selecting alternate setting " + alternate + " of interface " + interfaceNumber);
        }

        @Override
        public int control(int requestType, int request, int value, int index, byte[] data, int length, Duration timeout)
                throws UsbException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(length, 1));
            boolean in = (requestType & DIR_IN) != 0;
            if (!in) {
                buffer.put(data, 0, length).rewind();
            }
            buffer.limit(length);
            int rc = LibUsb.controlTransfer(handle, (byte) requestType, (byte) request, (short) value, (short) index, buffer,
                    timeout.toMillis());
            check(rc, String.format("control request 0x%02x/%d to %s", requestType, request, info.id()));
            if (in) {
                buffer.get(data, 0, rc);
            }
            return rc;
        }

        @Override
        public int bulk(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(length, 1));
            boolean in = (endpoint & 0x80) != 0;
            if (!in) {
                buffer.put(data, offset, length).rewind();
            }
            buffer.limit(length);
            IntBuffer transferred = BufferUtils.allocateIntBuffer();
            check(LibUsb.bulkTransfer(handle, (byte) endpoint, buffer, transferred, timeout.toMillis()),
                    String.format("bulk transfer on endpoint 0x%02x of %s", endpoint, info.id()));
            int n = transferred.get(0);
            if (in) {
                buffer.get(data, offset, n);
            }
            return n;
        }

        @Override
        public int interrupt(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(length, 1));
            boolean in = (endpoint & 0x80) != 0;
            if (!in) {
                buffer.put(data, offset, length).rewind();
            }
            buffer.limit(length);
            IntBuffer transferred = BufferUtils.allocateIntBuffer();
            check(LibUsb.interruptTransfer(handle, (byte) endpoint, buffer, transferred, timeout.toMillis()),
                    String.format("interrupt transfer on endpoint 0x%02x of %s", endpoint, info.id()));
            int n = transferred.get(0);
            if (in) {
                buffer.get(data, offset, n);
            }
            return n;
        }

        @Override
        public void close() {
            for (int i : List.copyOf(claimed)) {
                LibUsb.releaseInterface(handle, i);
            }
            LibUsb.close(handle);
        }
    }
}
