package dev.hilfarm.harness.flash;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.UsbId;
import java.util.Optional;

/**
 * How {@code hil flash} reaches a real board's storage, decided from its profile and whether its
 * bootloader answers on the console: the bootloader's own gadget (U-Boot's {@code fastboot usb 0}
 * or {@code dfu 0 mmc 0}, typed at its prompt), or, for a board that does not get to its prompt
 * (bricked), its SoC boot ROM, which loads a bootloader into RAM to flash from.
 */
public sealed interface FlashRoute {

    /** Type {@code command} at the bootloader prompt, then talk {@code protocol} to the gadget {@code id}. */
    record BootloaderGadget(Protocol protocol, UsbId id, String command) implements FlashRoute {
    }

    /** The board is not up: its boot ROM ({@code protocol}, enumerating as {@code id}) must load a bootloader first. */
    record BootRom(BoardProfile.BootRomProtocol protocol, UsbId id) implements FlashRoute {
    }

    /** Flashing protocols of a bootloader gadget. */
    enum Protocol {
        FASTBOOT, DFU
    }

    /**
     * The route for {@code board}: its gadget for {@code wanted} (or the first of fastboot, DFU
     * it has) when its bootloader answered, else its boot ROM. A board with neither is an error
     * naming what the profile lacks.
     */
    static FlashRoute choose(BoardProfile board, Optional<Protocol> wanted, boolean bootloaderAnswers) {
        if (bootloaderAnswers) {
            for (Protocol p : wanted.map(java.util.List::of).orElse(java.util.List.of(Protocol.FASTBOOT, Protocol.DFU))) {
                BoardProfile.GadgetFunction function = p == Protocol.FASTBOOT ? BoardProfile.GadgetFunction.FASTBOOT
                        : BoardProfile.GadgetFunction.DFU;
                Optional<BoardProfile.Gadget> gadget = board.usb().gadgets().stream().filter(g -> g.function() == function).findFirst();
                if (gadget.isPresent()) {
                    return new BootloaderGadget(p, gadget.get().id(), p == Protocol.FASTBOOT ? "fastboot usb 0" : "dfu 0 mmc 0");
                }
            }
            throw new IllegalArgumentException("board " + board.name() + " lists no "
                    + wanted.map(p -> p.name().toLowerCase(java.util.Locale.ROOT) + " gadget").orElse("fastboot or DFU gadget")
                    + " under usb.gadgets in " + board.source());
        }
        BoardProfile.BootRom rom = board.usb().bootRom().orElseThrow(() -> new IllegalArgumentException("board " + board.name()
                + " does not reach its bootloader prompt and its profile names no boot ROM (usb.boot-rom in " + board.source()
                + "): it cannot be recovered over USB"));
        return new BootRom(rom.protocol(), rom.ids().get(0));
    }
}
