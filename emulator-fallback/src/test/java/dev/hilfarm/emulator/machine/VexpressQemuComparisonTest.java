package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bare-metal programs that probe the vexpress-a9 devices (system registers and SYS_CFG, PL011,
 * SP804, PL031, SCU, private and global timers, GIC, PL310) and take their interrupts through
 * exception vectors in the flash at address 0 run on qemu-system-arm and on the emulated machine;
 * UART0 must carry the same bytes, and both must power off through SYS_CFG.
 */
@Tag("qemu")
class VexpressQemuComparisonTest {
    @ParameterizedTest(name = "{0}.c in {1} state")
    @CsvSource({"devices, arm", "devices, thumb", "gic, arm", "interrupts, arm", "interrupts, thumb", "mmu, arm"})
    void theMachinePrintsWhatQemuPrints(String program, String state) {
        byte[] elf = BareMetalBuild.build(program + ".c", state.equals("thumb"));
        String expected = BareMetalBuild.runOnQemu(elf);
        assertTrue(expected.endsWith("done\n"), "QEMU ran the program to its end:\n" + expected);

        VexpressA9Machine machine = VexpressA9Machine.create(VexpressA9MachineTest.VEXPRESS, MachineOptions.defaults());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        machine.console().output(console::write);
        machine.loadElf(program + ".elf", elf);
        RunResult result = machine.run(10_000_000_000L); // 10 s of virtual time; waits in WFI count too
        String actual = console.toString(StandardCharsets.ISO_8859_1);
        assertEquals(expected, actual);
        assertEquals(RunResult.Reason.POWER_OFF, result.reason(), result.toString());
    }
}
