package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.UsbId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hil udev-rules}: udev rules that let a group (plugdev by default) open every USB device
 * the board profiles name (boot ROMs and bootloader gadgets), so flashing needs no root. One
 * rule per VID:PID, commented with the boards and roles that use it.
 */
@Command(name = "udev-rules", description = "Print (or write) udev rules for every USB ID in the board profiles")
final class UdevRulesCommand implements Callable<Integer> {
    @Option(names = "--group", defaultValue = "plugdev", description = "group given access (default: ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--out", description = "write the rules to this file (atomically) instead of printing them")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!group.matches("[a-z_][a-z0-9_-]*")) {
            throw new IllegalArgumentException("--group " + group + ": not a group name");
        }
        String rules = rules(BoardProfiles.standard().all(), group);
        if (out == null) {
            System.out.print(rules);
            return 0;
        }
        Path target = out.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), ".hil-udev-", ".tmp");
        Files.writeString(tmp, rules, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("hil: wrote " + target + "; then: udevadm control --reload && udevadm trigger");
        return 0;
    }

    static String rules(Collection<BoardProfile> profiles, String group) {
        Map<UsbId, List<String>> users = new LinkedHashMap<>();
        for (BoardProfile p : profiles) {
            p.usb().bootRom().ifPresent(rom -> rom.ids().forEach(id ->
                    users.computeIfAbsent(id, k -> new ArrayList<>()).add(p.name() + " boot ROM (" + rom.protocol().name().toLowerCase() + ")")));
            for (BoardProfile.Gadget g : p.usb().gadgets()) {
                users.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(p.name() + " " + g.function().name().toLowerCase());
            }
        }
        StringBuilder b = new StringBuilder("# hilfarm: USB access for flashing, written by 'hil udev-rules' from the board profiles.\n"
                + "# Install: sudo cp THIS /etc/udev/rules.d/70-hilfarm.rules && sudo udevadm control --reload && sudo udevadm trigger\n");
        for (Map.Entry<UsbId, List<String>> e : users.entrySet()) {
            UsbId id = e.getKey();
            b.append("# ").append(String.join(", ", e.getValue().stream().distinct().toList())).append('\n');
            b.append(String.format("SUBSYSTEM==\"usb\", ATTR{idVendor}==\"%04x\", ATTR{idProduct}==\"%04x\", MODE=\"0660\", GROUP=\"%s\"%n",
                    id.vendor(), id.product(), group));
        }
        return b.toString();
    }
}
