package dev.hilfarm.harness.testboard;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import java.util.Optional;

/** Board profiles for tests, parsed from YAML exactly as a user's profile is. */
public final class TestBoards {
    private TestBoards() {}

    /**
     * The board {@link ScriptedUBootBoard} plays: U-Boot interrupted with Ctrl-C (written {@code \x03}
     * in YAML), booted with {@code run bootcmd}, shell prompt {@code hilfarm:/# }. No power section:
     * {@link ScriptedBoardTarget} switches the fake board's power itself.
     */
    public static final String SCRIPTED_UBOOT_YAML = """
            name: scripted-uboot
            description: U-Boot and a Linux shell scripted in Java behind a pseudo-terminal
            soc: Test SoC
            cpu:
              model: cortex-a9
              cores: 1
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
              gadgets: []
            bootloader:
              prompt: "=> "
              autoboot-message: "Hit any key to stop autoboot"
              interrupt: "\\\\x03"
              autoboot-timeout-s: 3
              boot-commands: ["run bootcmd"]
            linux:
              kernel-address: 0x82000000
              initrd-address: 0x88080000
              dtb-address: 0x88000000
              dtb: test.dtb
              shell-prompt: "hilfarm:/# $"
            """;

    public static BoardProfile scriptedUBoot() {
        return BoardProfiles.parse("test.yaml", SCRIPTED_UBOOT_YAML);
    }

    /** {@link #SCRIPTED_UBOOT_YAML} with a power section appended (the YAML list text for on and off). */
    public static BoardProfile withPower(String name, String onList, String offList) {
        return BoardProfiles.parse("test.yaml", SCRIPTED_UBOOT_YAML.replace("name: scripted-uboot", "name: " + name)
                + "power:\n  on: " + onList + "\n  off: " + offList + "\n");
    }

    /** The shipped vexpress-a9 profile (QEMU machine vexpress-a9), ignoring $HIL_BOARDS. */
    public static BoardProfile vexpressA9() {
        return BoardProfiles.load(Optional.empty()).get("vexpress-a9");
    }
}
