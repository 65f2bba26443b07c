package dev.hilfarm.harness.detect;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.UsbId;
import java.util.ArrayList;
import java.util.List;

/**
 * What is attached to this host right now: boards recognised by the USB IDs in their profiles
 * (boot-ROM recovery IDs and bootloader gadgets) and serial adapters.
 */
public record LabScan(List<AttachedBoard> boards, List<SerialAdapter> serialAdapters, String usbProblem) {

    public static LabScan now(BoardProfiles profiles) {
        UsbBus.Scan usb = new UsbBus().scan();
        List<AttachedBoard> boards = new ArrayList<>();
        for (UsbDevice device : usb.devices()) {
            for (BoardProfile profile : profiles.all()) {
                String role = roleOf(profile, device.id());
                if (role != null) {
                    boards.add(new AttachedBoard(profile, device, role));
                }
            }
        }
        return new LabScan(boards, SerialAdapter.list(), usb.problem());
    }

    private static String roleOf(BoardProfile profile, UsbId id) {
        var rom = profile.usb().bootRom();
        if (rom.isPresent() && rom.get().ids().contains(id)) {
            return "boot ROM (" + rom.get().protocol().name().toLowerCase().replace('_', '-') + ")";
        }
        for (BoardProfile.Gadget gadget : profile.usb().gadgets()) {
            if (gadget.id().equals(id)) {
                return "bootloader gadget (" + gadget.function().name().toLowerCase() + ")";
            }
        }
        return null;
    }

    public List<SerialAdapter> usbSerialAdapters() {
        return serialAdapters.stream().filter(SerialAdapter::isUsbAdapter).toList();
    }
}
