package dev.hilfarm.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.machine.CpuWiring;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import org.junit.jupiter.api.Test;

/** Debugger memory access on the real vexpress-a9 bus. */
class DebugMemoryTest {
    private final VexpressA9Machine machine = VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"),
            MachineOptions.defaults(), CpuWiring.NONE);
    private final DebugMemory memory = new DebugMemory(machine.cpu(), machine.bus());

    @Test
    void theDebuggerCanChangeFlashWhichTheGuestCannot() {
        int flash = 0x40000000;
        machine.bus().write32(flash, 0x12345678);
        assertEquals(0, machine.bus().read32(flash), "the guest's write to ROM is ignored");
        assertTrue(memory.write(flash + 2, new byte[] {1, 2, 3, 4, 5}, 0, 5));
        assertEquals(0x02010000, machine.bus().read32(flash));
        assertEquals(0x00050403, machine.bus().read32(flash + 4));
        assertEquals(0x02010000, machine.bus().read32(0), "and the flash alias at 0 shows it");
    }

    @Test
    void ramAndDeviceRegistersReadWithTheirWidth() {
        assertTrue(memory.write(0x60000ffe, new byte[] {9, 8, 7, 6}, 0, 4), "across a 4 KiB boundary");
        byte[] back = new byte[4];
        assertEquals(4, memory.read(0x60000ffe, back, 4));
        assertArrayEquals(new byte[] {9, 8, 7, 6}, back);
        // SYS_ID of the vexpress system registers, as QEMU reports it, read as one word.
        assertEquals(0x1190f500L, memory.readWord(0x10000000));
        // PrimeCell ID of UART0 in its last word.
        assertEquals(0xb1L, memory.readWord(0x10009ffc));
    }
}
