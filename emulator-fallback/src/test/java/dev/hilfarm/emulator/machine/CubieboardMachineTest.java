package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.device.Ns16550Uart;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cubieboard machine's memory map and the choice of machine from a board profile. */
class CubieboardMachineTest {
    private static final BoardProfiles PROFILES = BoardProfiles.load(Optional.empty());

    @Test
    void theProfileChoosesTheMachine() {
        assertInstanceOf(CubieboardMachine.class, Machine.create(PROFILES.find("cubieboard").orElseThrow(), MachineOptions.defaults()));
        assertInstanceOf(VexpressA9Machine.class, Machine.create(PROFILES.find("vexpress-a9").orElseThrow(), MachineOptions.defaults()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Machine.create(PROFILES.find("beagleboard-xm").orElseThrow(), MachineOptions.defaults()));
        assertEquals("board beagleboard-xm: the emulator has no machine for its SoC, TI DM3730 (OMAP3-class)"
                + " (it emulates vexpress-a9 and the Allwinner A10 of cubieboard)", e.getMessage());
    }

    @Test
    void memoryMapFollowsQemusAllwinnerA10() {
        CubieboardMachine machine = CubieboardMachine.create(PROFILES.find("cubieboard").orElseThrow(), MachineOptions.defaults());
        var bus = machine.bus();
        assertEquals(0x40000000, machine.ram().base());
        assertEquals(1L << 30, machine.ram().size());
        bus.write32(0x0000bffc, 0x12345678);
        assertEquals(0x12345678, bus.read32(0x0000bffc), "SRAM A");
        assertEquals(0, bus.read32(0x0000c000), "past SRAM A: unmapped, reads zero as on QEMU");
        bus.write32(0x01c20000, 1);
        assertEquals(0, bus.read32(0x01c20000), "the clock unit is not modelled (QEMU 7.2 has none)");
        assertEquals(0x04, bus.read32(0x01c20c10), "timer 0 control at reset");
        assertEquals(0x60, bus.read32(0x01c28014), "UART0 LSR");
        assertInstanceOf(Ns16550Uart.class, machine.console());
        assertEquals(0, machine.privatePeripheralBase());
        assertEquals(new Machine.LinuxBootTraits(0x1008, false), machine.linuxBoot());
        assertEquals(0x410fc080, machine.cpu().coprocessors[15].mrc(machine.cpu().state, 0, 0, 0, 0));
    }
}
