package dev.hilfarm.harness.farm.inventory;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.ProfileException;
import dev.hilfarm.board.YamlFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a lab inventory strictly. A serial port that does not exist, an unknown profile or a
 * board name given twice is an error naming the file, line and entry.
 *
 * <pre>
 * boards:
 *   - name: bbb-1
 *     profile: beaglebone-black
 *     serial: /dev/serial/by-id/usb-FTDI_…-if00-port0
 *     usb: 1-1.2                 # USB path of the board's own USB port (boot ROM, gadgets)
 *     power: {hub: "1-1", port: "2"}   # values for the profile's power command placeholders
 *     tags: [lab-a]
 *   - name: emu
 *     profile: vexpress-a9
 *     kind: emulator             # or qemu; serial is the default
 *     count: 4                   # emu-1 … emu-4
 * </pre>
 */
public final class InventoryParser {
    private static final Set<String> TOP = Set.of("boards");
    private static final Set<String> BOARD = Set.of("name", "profile", "kind", "serial", "usb", "power", "tags", "count");

    private final BoardProfiles profiles;

    public InventoryParser(BoardProfiles profiles) {
        this.profiles = profiles;
    }

    public Inventory parse(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProfileException(file.toString(), 0, "", "cannot read the inventory: " + e.getMessage());
        }
    }

    public Inventory parse(Path file, String yaml) {
        YamlFields top = YamlFields.document(file.toString(), yaml);
        top.allowOnly(TOP);
        List<PoolBoard> boards = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Map<String, String> ports = new HashMap<>();
        for (YamlFields b : top.mappings("boards")) {
            b.allowOnly(BOARD);
            String name = b.string("name");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw b.problem("name", "board names are letters, digits, '.', '_' and '-', got '" + name + "'");
            }
            String profile = b.string("profile");
            if (profiles.find(profile).isEmpty()) {
                throw b.problem("profile", "unknown board profile '" + profile + "' (known: "
                        + String.join(", ", profiles.all().stream().map(p -> p.name()).toList()) + ")");
            }
            String kindName = b.stringOr("kind", "serial");
            List<String> tags = b.stringsOrEmpty("tags");
            String where = file + ":" + b.line() + " " + b.path();
            List<String> names = new ArrayList<>();
            BoardKind kind;
            switch (kindName) {
                case "serial" -> {
                    if (b.has("count")) {
                        throw b.problem("count", "count is for emulator and qemu entries; list each real board");
                    }
                    String port = b.string("serial");
                    if (!Files.exists(Path.of(port))) {
                        throw b.problem("serial", "serial port " + port + " does not exist on this host");
                    }
                    String other = ports.put(port, name);
                    if (other != null) {
                        throw b.problem("serial", "serial port " + port + " is already board '" + other + "''s");
                    }
                    kind = new BoardKind.Serial(port, b.optionalString("usb"),
                            b.has("power") ? b.stringMap("power") : Map.of());
                    names.add(name);
                }
                case "emulator", "qemu" -> {
                    for (String field : List.of("serial", "usb", "power")) {
                        if (b.has(field)) {
                            throw b.problem(field, field + " is for real boards, not " + kindName + " entries");
                        }
                    }
                    kind = kindName.equals("qemu") ? new BoardKind.Qemu() : new BoardKind.Emulated();
                    int count = b.has("count") ? b.positiveInt("count") : 1;
                    if (count == 1 && !b.has("count")) {
                        names.add(name);
                    } else {
                        for (int i = 1; i <= count; i++) {
                            names.add(name + "-" + i);
                        }
                    }
                }
                default -> throw b.problem("kind", "expected serial, emulator or qemu, got '" + kindName + "'");
            }
            for (String n : names) {
                String previous = seen.put(n, where);
                if (previous != null) {
                    throw b.problem("name", "board '" + n + "' is already listed at " + previous);
                }
                boards.add(new PoolBoard(n, profile, kind, tags, where));
            }
        }
        return new Inventory(file.toAbsolutePath(), boards);
    }

    /** A pool of {@code count} emulated or QEMU boards without a file (tests, laptops). */
    public static Inventory of(List<PoolBoard> boards) {
        return new Inventory(Path.of("(built in)"), boards);
    }

}
