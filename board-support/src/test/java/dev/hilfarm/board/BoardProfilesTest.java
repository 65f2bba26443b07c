package dev.hilfarm.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardProfilesTest {

    private static final String VALID = """
            name: test-board
            description: A board for tests
            soc: Test SoC
            cpu:
              model: cortex-a9
              cores: 2
            ram:
              base: 0x80000000
              size: 256MiB
            console:
              uart: pl011
              address: 0x10009000
              irq: 37
              baud: 115200
              linux-device: ttyAMA0
            usb:
              boot-rom:
                ids: ["0451:d00f"]
                protocol: omap-peripheral-boot
              gadgets:
                - {id: "0451:d022", function: fastboot}
            bootloader:
              prompt: "=> "
              autoboot-message: "Hit any key to stop autoboot"
              interrupt: "\\\\x03"
              autoboot-timeout-s: 5
            linux:
              kernel-address: 0x82000000
              initrd-address: 0x88080000
              dtb-address: 0x88000000
              dtb: test.dtb
            power:
              on: [sispmctl, -o, "${outlet}"]
              off: [sispmctl, -f, "${outlet}"]
            """;

    @Test
    void shipsTheSixBoardsOfTheProduct() {
        BoardProfiles profiles = BoardProfiles.load(Optional.empty());
        assertEquals(List.of("beagleboard-xm", "beaglebone-black", "cubieboard", "pandaboard", "vexpress-a9",
                "wandboard"), profiles.all().stream().map(BoardProfile::name).toList());
    }

    @Test
    void vexpressProfileDescribesTheEmulatedReferenceBoard() {
        BoardProfile p = BoardProfiles.load(Optional.empty()).get("vexpress-a9");
        assertEquals(CpuModel.CORTEX_A9, p.cpu().model());
        assertEquals(0xc09, p.cpu().model().partNumber());
        assertEquals(4, p.cpu().cores());
        assertEquals(0x60000000L, p.ram().base());
        assertEquals(1L << 30, p.ram().size());
        assertEquals(BoardProfile.UartKind.PL011, p.console().kind());
        assertEquals(0x10009000L, p.console().address());
        assertEquals(37, p.console().irq());
        assertEquals("ttyAMA0", p.console().linuxDevice());
        assertEquals("vexpress-v2p-ca9.dtb", p.linux().dtbFile());
        assertEquals("vexpress-a9", p.qemu().orElseThrow().machine());
        assertEquals("\n", p.bootloader().interruptKeys());
        assertEquals("=> ", p.bootloader().prompt());
        assertTrue(p.power().controllable());
    }

    @Test
    void bootRomIdsAreKeptForDetection() {
        BoardProfile p = BoardProfiles.load(Optional.empty()).get("cubieboard");
        assertEquals(List.of(new UsbId(0x1f3a, 0xefe8), new UsbId(0x1f3a, 0x1010), new UsbId(0x1f3a, 0x1010)),
                p.usb().allIds());
        assertEquals(BoardProfile.BootRomProtocol.ALLWINNER_FEL, p.usb().bootRom().orElseThrow().protocol());
    }

    @Test
    void parsesAValidProfileWithEscapedInterruptKeys() {
        BoardProfile p = BoardProfiles.parse("test.yaml", VALID);
        assertEquals("\u0003", p.bootloader().interruptKeys());
        assertEquals(256L << 20, p.ram().size());
        assertEquals("cortex-a9", p.qemu().map(BoardProfile.Qemu::cpu).orElse("cortex-a9"));
        assertTrue(p.qemu().isEmpty());
    }

    @Test
    void badAddressNamesFileLineAndField() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> BoardProfiles.parse("bad.yaml", VALID.replace("address: 0x10009000", "address: uart0")));
        assertEquals("bad.yaml", e.file());
        assertEquals(12, e.line());
        assertEquals("console.address", e.field());
        assertTrue(e.getMessage().startsWith("bad.yaml:12: console.address: expected a 32-bit address"), e.getMessage());
    }

    @Test
    void missingFieldIsNamed() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> BoardProfiles.parse("bad.yaml", VALID.replace("  cores: 2\n", "")));
        assertEquals("cpu.cores", e.field());
        assertTrue(e.getMessage().contains("required field is missing"), e.getMessage());
    }

    @Test
    void unknownFieldIsRejectedSoTyposAreNotIgnored() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> BoardProfiles.parse("bad.yaml", VALID.replace("  baud: 115200", "  bauds: 115200")));
        assertEquals("console.bauds", e.field());
        assertEquals(14, e.line());
    }

    @Test
    void unknownCpuModelAndBadUsbIdAreRejected() {
        ProfileException cpu = assertThrows(ProfileException.class,
                () -> BoardProfiles.parse("bad.yaml", VALID.replace("cortex-a9", "cortex-a15")));
        assertTrue(cpu.getMessage().contains("unknown CPU model 'cortex-a15'"), cpu.getMessage());
        ProfileException usb = assertThrows(ProfileException.class,
                () -> BoardProfiles.parse("bad.yaml", VALID.replace("0451:d022", "0451-d022")));
        assertEquals("usb.gadgets[0].id", usb.field());
        assertEquals(21, usb.line());
    }

    @Test
    void loadAddressOutsideRamIsRejected() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> BoardProfiles.parse("bad.yaml", VALID.replace("dtb-address: 0x88000000", "dtb-address: 0x10000000")));
        assertEquals("linux.dtb-address", e.field());
        assertTrue(e.getMessage().contains("outside RAM"), e.getMessage());
    }

    @Test
    void brokenYamlReportsTheLine() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> BoardProfiles.parse("bad.yaml", VALID.replace("  cores: 2", "  cores: [2")));
        assertTrue(e.line() >= 6, "line " + e.line());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void userDirectoryAddsAndReplacesBoards(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("test-board.yaml"), VALID);
        Files.writeString(dir.resolve("vexpress-a9.yaml"), VALID.replace("name: test-board", "name: vexpress-a9"));
        BoardProfiles profiles = BoardProfiles.load(Optional.of(dir));
        assertEquals(7, profiles.all().size());
        assertEquals(256L << 20, profiles.get("vexpress-a9").ram().size());
        assertTrue(profiles.get("test-board").source().endsWith("test-board.yaml"));
    }

    @Test
    void everyShippedBoardNamesTheUBootDefconfigHilfarmBuildsForIt() {
        BoardProfiles profiles = BoardProfiles.load(Optional.empty());
        java.util.Map<String, String> defconfigs = new java.util.TreeMap<>();
        for (BoardProfile p : profiles.all()) {
            defconfigs.put(p.name(), p.bootloader().ubootDefconfig().orElse("(none)"));
        }
        assertEquals(java.util.Map.of(
                "vexpress-a9", "vexpress_ca9x4",
                "beagleboard-xm", "omap3_beagle",
                "pandaboard", "omap4_panda",
                "beaglebone-black", "am335x_evm",
                "wandboard", "wandboard",
                "cubieboard", "Cubieboard"), defconfigs);
    }

    @Test
    void uBootDefconfigIsOptional() {
        assertEquals(Optional.empty(), BoardProfiles.parse("test.yaml", VALID).bootloader().ubootDefconfig());
        BoardProfile p = BoardProfiles.parse("test.yaml", VALID.replace("  autoboot-timeout-s: 5\n",
                "  autoboot-timeout-s: 5\n  u-boot-defconfig: omap4_panda\n"));
        assertEquals(Optional.of("omap4_panda"), p.bootloader().ubootDefconfig());
    }

    @Test
    void uBootDefconfigWithSuffixOrOddCharactersNamesFileLineAndField() {
        ProfileException suffix = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID.replace("  autoboot-timeout-s: 5\n", "  autoboot-timeout-s: 5\n  u-boot-defconfig: am335x_evm_defconfig\n")));
        assertEquals("bootloader.u-boot-defconfig", suffix.field());
        assertEquals(27, suffix.line());
        assertTrue(suffix.getMessage().startsWith("bad.yaml:27: bootloader.u-boot-defconfig: write the name without "
                + "the _defconfig suffix ('am335x_evm')"), suffix.getMessage());

        for (String bad : new String[] {"../../etc/passwd", "-j99", "V=1 all", "\"\""}) {
            ProfileException e = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                    VALID.replace("  autoboot-timeout-s: 5\n", "  autoboot-timeout-s: 5\n  u-boot-defconfig: " + bad + "\n")),
                    bad);
            assertEquals("bootloader.u-boot-defconfig", e.field(), bad);
            assertTrue(e.getMessage().contains("is not a U-Boot defconfig name"), e.getMessage());
        }
    }

    @Test
    void misspeltUBootDefconfigFieldIsRejected() {
        ProfileException e = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID.replace("  autoboot-timeout-s: 5\n", "  autoboot-timeout-s: 5\n  uboot-defconfig: omap4_panda\n")));
        assertEquals("bootloader.uboot-defconfig", e.field());
        assertEquals(27, e.line());
        assertTrue(e.getMessage().contains("u-boot-defconfig"), e.getMessage());
    }

    @Test
    void unknownBoardListsKnownOnes() {
        UnknownBoardException e = assertThrows(UnknownBoardException.class,
                () -> BoardProfiles.load(Optional.empty()).get("raspberry"));
        assertTrue(e.getMessage().contains("vexpress-a9"), e.getMessage());
    }

    private static final String PLATFORM = """
            platform:
              interrupt-controller: {kind: gic, address: 0x1e001000, cpu-interface: 0x1e000100}
              timer: {kind: sp804, address: 0x10011000, irq: 34, clock-hz: 1000000}
              power-off: {kind: vexpress-sys-cfg, address: 0x10000000}
            """;

    @Test
    void platformSectionIsOptionalAndParsedWhenGiven() {
        assertTrue(BoardProfiles.parse("plain.yaml", VALID).platform().isEmpty());
        BoardProfile.Platform p = BoardProfiles.parse("hv.yaml", VALID + PLATFORM).platform().orElseThrow();
        assertEquals(BoardProfile.InterruptControllerKind.GIC, p.interruptController().kind());
        assertEquals(0x1e001000L, p.interruptController().address());
        assertEquals(0x1e000100L, p.interruptController().cpuInterface().getAsLong());
        assertEquals(new BoardProfile.TickTimer(BoardProfile.TimerKind.SP804, 0x10011000L, 34, 1_000_000), p.timer());
        assertEquals(new BoardProfile.PowerOff(BoardProfile.PowerOffKind.VEXPRESS_SYS_CFG, 0x10000000L), p.powerOff().orElseThrow());
    }

    @Test
    void shippedHypervisorBoardsDescribeTheirPlatform() {
        BoardProfiles profiles = BoardProfiles.load(Optional.empty());
        assertEquals(BoardProfile.TimerKind.SP804, profiles.find("vexpress-a9").orElseThrow().platform().orElseThrow().timer().kind());
        assertEquals(BoardProfile.TimerKind.A9_PRIVATE, profiles.find("pandaboard").orElseThrow().platform().orElseThrow().timer().kind());
        BoardProfile.Platform beagle = profiles.find("beagleboard-xm").orElseThrow().platform().orElseThrow();
        assertEquals(BoardProfile.InterruptControllerKind.OMAP_INTC, beagle.interruptController().kind());
        assertTrue(beagle.interruptController().cpuInterface().isEmpty());
        assertTrue(beagle.powerOff().isEmpty());
    }

    @Test
    void gicWithoutCpuInterfaceIsRejected() {
        ProfileException e = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID + PLATFORM.replace(", cpu-interface: 0x1e000100", "")));
        assertEquals("platform.interrupt-controller.cpu-interface", e.field());
        assertTrue(e.getMessage().contains("a GIC needs the address of its CPU interface"), e.getMessage());
    }

    @Test
    void omapIntcWithCpuInterfaceIsRejected() {
        ProfileException e = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID + PLATFORM.replace("kind: gic", "kind: omap-intc")));
        assertEquals("platform.interrupt-controller.cpu-interface", e.field());
    }

    @Test
    void platformTyposAndBadValuesNameTheField() {
        ProfileException typo = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID + PLATFORM.replace("clock-hz:", "clock:")));
        assertEquals("platform.timer.clock", typo.field());
        ProfileException kind = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID + PLATFORM.replace("kind: sp804", "kind: hpet")));
        assertEquals("platform.timer.kind", kind.field());
        assertTrue(kind.getMessage().contains("one of sp804, a9-private, omap-gptimer"), kind.getMessage());
        ProfileException irq = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID + PLATFORM.replace("irq: 34", "irq: 2000")));
        assertEquals("platform.timer.irq", irq.field());
        ProfileException missing = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID + "platform:\n  interrupt-controller: {kind: omap-intc, address: 0x48200000}\n"));
        assertEquals("platform.timer", missing.field());
        ProfileException a9 = assertThrows(ProfileException.class, () -> BoardProfiles.parse("bad.yaml",
                VALID + "platform:\n  interrupt-controller: {kind: omap-intc, address: 0x48200000}\n"
                        + "  timer: {kind: a9-private, address: 0x48240600, irq: 29, clock-hz: 300000000}\n"));
        assertEquals("platform.timer.kind", a9.field());
    }
}
