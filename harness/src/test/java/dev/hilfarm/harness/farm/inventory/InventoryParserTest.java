package dev.hilfarm.harness.farm.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.ProfileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryParserTest {
    private final InventoryParser parser = new InventoryParser(BoardProfiles.load(Optional.empty()));
    private final Path file = Path.of("lab1.yaml");

    @Test
    void realBoardsAndCountedEmulatedEntries(@TempDir Path tmp) throws Exception {
        Path port = Files.createFile(tmp.resolve("ttyUSB0"));
        Inventory inv = parser.parse(file, """
                boards:
                  - name: bbb-1
                    profile: beaglebone-black
                    serial: %s
                    usb: 1-1.2
                    power: {hub: "1-1", port: "2"}
                    tags: [lab-a]
                  - name: emu
                    profile: vexpress-a9
                    kind: emulator
                    count: 3
                  - name: q
                    profile: vexpress-a9
                    kind: qemu
                """.formatted(port));
        assertEquals(List.of("bbb-1", "emu-1", "emu-2", "emu-3", "q"), inv.boards().stream().map(PoolBoard::name).toList());
        BoardKind.Serial serial = assertInstanceOf(BoardKind.Serial.class, inv.boards().get(0).kind());
        assertEquals(Map.of("hub", "1-1", "port", "2"), serial.powerVariables());
        assertEquals(Optional.of("1-1.2"), serial.usbPath());
        assertEquals("serial:" + port, serial.target());
        assertEquals("emulator", inv.boards().get(1).kind().target());
        assertEquals("qemu", inv.boards().get(4).kind().target());
    }

    @Test
    void aPortThatDoesNotExistNamesFileLineAndEntry() {
        ProfileException e = assertThrows(ProfileException.class, () -> parser.parse(file, """
                boards:
                  - name: bbb-1
                    profile: beaglebone-black
                    serial: /dev/ttyUSB-nope
                """));
        assertEquals("lab1.yaml:4: boards[0].serial: serial port /dev/ttyUSB-nope does not exist on this host",
                e.getMessage());
    }

    @Test
    void duplicateNamesUnknownProfilesAndSharedPortsAreErrors(@TempDir Path tmp) throws Exception {
        ProfileException dup = assertThrows(ProfileException.class, () -> parser.parse(file, """
                boards:
                  - {name: emu, profile: vexpress-a9, kind: emulator, count: 2}
                  - {name: emu-2, profile: vexpress-a9, kind: qemu}
                """));
        assertTrue(dup.getMessage().startsWith("lab1.yaml:3: boards[1].name: board 'emu-2' is already listed at lab1.yaml:2"),
                dup.getMessage());
        ProfileException profile = assertThrows(ProfileException.class, () -> parser.parse(file, """
                boards:
                  - {name: x, profile: nope, kind: emulator}
                """));
        assertEquals("boards[0].profile", profile.field());
        Path port = Files.createFile(tmp.resolve("ttyUSB1"));
        ProfileException shared = assertThrows(ProfileException.class, () -> parser.parse(file, """
                boards:
                  - {name: a, profile: wandboard, serial: %s}
                  - {name: b, profile: wandboard, serial: %s}
                """.formatted(port, port)));
        assertEquals(3, shared.line());
    }
}
