package dev.hilfarm.harness.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.UsbId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which way hil flash takes to a real board, from its profile and whether its bootloader answers. */
class FlashRouteTest {
    private static final BoardProfiles BOARDS = BoardProfiles.load(Optional.empty());

    @Test
    void aBoardThatIsUpIsFlashedThroughItsBootloadersGadget() {
        FlashRoute route = FlashRoute.choose(BOARDS.get("pandaboard"), Optional.empty(), true);
        assertEquals(new FlashRoute.BootloaderGadget(FlashRoute.Protocol.FASTBOOT, new UsbId(0x0451, 0xd022), "fastboot usb 0"), route);
        FlashRoute dfu = FlashRoute.choose(BOARDS.get("cubieboard"), Optional.of(FlashRoute.Protocol.DFU), true);
        assertEquals(new FlashRoute.BootloaderGadget(FlashRoute.Protocol.DFU, new UsbId(0x1f3a, 0x1010), "dfu 0 mmc 0"), dfu);
    }

    @Test
    void aBrickedBoardGoesThroughItsBootRom() {
        assertEquals(new FlashRoute.BootRom(BoardProfile.BootRomProtocol.ALLWINNER_FEL, new UsbId(0x1f3a, 0xefe8)),
                FlashRoute.choose(BOARDS.get("cubieboard"), Optional.empty(), false));
        assertEquals(new FlashRoute.BootRom(BoardProfile.BootRomProtocol.IMX_SDP, new UsbId(0x15a2, 0x0054)),
                FlashRoute.choose(BOARDS.get("wandboard"), Optional.empty(), false));
    }

    @Test
    void whatTheProfileLacksIsNamed() {
        IllegalArgumentException noDfu = assertThrows(IllegalArgumentException.class,
                () -> FlashRoute.choose(BOARDS.get("wandboard"), Optional.of(FlashRoute.Protocol.DFU), true));
        assertTrue(noDfu.getMessage().startsWith("board wandboard lists no dfu gadget under usb.gadgets in"), noDfu.getMessage());
        IllegalArgumentException noRom = assertThrows(IllegalArgumentException.class,
                () -> FlashRoute.choose(BOARDS.get("vexpress-a9"), Optional.empty(), false));
        assertTrue(noRom.getMessage().contains("names no boot ROM"), noRom.getMessage());
    }
}
