package dev.hilfarm.harness.detect;

import com.fazecast.jSerialComm.SerialPort;
import dev.hilfarm.board.UsbId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A serial device the host offers (a USB-serial adapter or a built-in UART), as jSerialComm sees it.
 * Only USB adapters count as "a board attached": built-in ttyS ports exist on every PC and VM.
 */
public record SerialAdapter(String path, String description, Optional<UsbId> usbId) {

    public boolean isUsbAdapter() {
        return usbId.isPresent() || path.startsWith("/dev/ttyUSB") || path.startsWith("/dev/ttyACM");
    }

    public static List<SerialAdapter> list() {
        List<SerialAdapter> out = new ArrayList<>();
        for (SerialPort port : SerialPort.getCommPorts()) {
            int vid = port.getVendorID();
            int pid = port.getProductID();
            Optional<UsbId> id = vid > 0 && pid >= 0 && vid <= 0xffff && pid <= 0xffff
                    ? Optional.of(new UsbId(vid, pid)) : Optional.empty();
            out.add(new SerialAdapter(port.getSystemPortPath(), port.getPortDescription(), id));
        }
        return out;
    }
}
