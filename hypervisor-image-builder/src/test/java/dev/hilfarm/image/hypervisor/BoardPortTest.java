package dev.hilfarm.image.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoardPortTest {
    private final BoardProfiles boards = BoardProfiles.load(Optional.empty());

    @Test
    void vexpressHeaderCarriesTheMemoryMapFromTheProfile() {
        BoardPort port = BoardPort.of(boards.find("vexpress-a9").orElseThrow());
        assertEquals("cortex-a9", port.cpu());
        assertEquals(List.of("hv/uart_pl011.c", "hv/gic.c", "hv/timer_sp804.c", "hv/power_vexpress.c"), port.driverSources());
        for (String define : List.of("#define BOARD_NAME \"vexpress-a9\"", "#define BOARD_RAM_BASE U32(0x60000000)",
                "#define BOARD_RAM_SIZE U32(0x40000000)", "#define BOARD_UART_BASE U32(0x10009000)",
                "#define BOARD_IRQC_BASE U32(0x1e001000)", "#define BOARD_GIC_CPU_BASE U32(0x1e000100)",
                "#define BOARD_TIMER_BASE U32(0x10011000)", "#define BOARD_TIMER_IRQ 34",
                "#define BOARD_TIMER_CLOCK_HZ U32(1000000)", "#define BOARD_SYSREG_BASE U32(0x10000000)")) {
            assertTrue(port.header().contains(define + "\n"), define + " in\n" + port.header());
        }
    }

    @Test
    void omapBoardsGetTheNs16550DriverAndTheirOwnTimers() {
        BoardPort panda = BoardPort.of(boards.find("pandaboard").orElseThrow());
        assertEquals(List.of("hv/uart_ns16550.c", "hv/gic.c", "hv/timer_a9_private.c", "hv/power_halt.c"), panda.driverSources());
        assertTrue(panda.header().contains("#define BOARD_RAM_BASE U32(0x80000000)\n"));
        BoardPort beagle = BoardPort.of(boards.find("beagleboard-xm").orElseThrow());
        assertEquals("cortex-a8", beagle.cpu());
        assertEquals(List.of("hv/uart_ns16550.c", "hv/intc_omap3.c", "hv/timer_omap_gptimer.c", "hv/power_halt.c"),
                beagle.driverSources());
        assertTrue(beagle.header().contains("#define BOARD_UART_BASE U32(0x49020000)\n"));
        assertTrue(!beagle.header().contains("BOARD_GIC_CPU_BASE"), beagle.header());
    }

    @Test
    void boardWithoutPlatformSectionIsRefusedWithAReason() {
        HypervisorBuildException e = assertThrows(HypervisorBuildException.class,
                () -> BoardPort.of(boards.find("cubieboard").orElseThrow()));
        assertTrue(e.getMessage().startsWith("board cubieboard has no 'platform' section"), e.getMessage());
    }
}
