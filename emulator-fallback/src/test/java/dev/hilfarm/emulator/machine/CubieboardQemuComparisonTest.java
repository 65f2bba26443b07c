package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.system.ArmSemihosting;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Cortex-A8 machine against {@code qemu-system-arm -M cubieboard}: the same bare-metal sources
 * the vexpress-a9 tests use, built for the A10 (16550 UART0, RAM at 0x40000000, vectors through
 * VBAR, the end through semihosting), run on both; UART0 must carry the same bytes and the
 * semihosting exit status must agree. The workload covers the instruction classes (ARM, Thumb-2,
 * libgcc and newlib code) and, built for hard float, the VFP; a10-interrupts.c the A10 interrupt
 * controller and timers, the 16550's interrupt, FIQ, and the undefined-instruction, SVC,
 * prefetch-abort and data-abort exceptions; mmu.c the short-descriptor MMU (sections, a coarse
 * page table, domains, permissions, translation faults, ATS1CPR).
 */
@Tag("qemu")
class CubieboardQemuComparisonTest {
    static final BoardProfile CUBIEBOARD = BoardProfiles.load(Optional.empty()).find("cubieboard").orElseThrow();

    @ParameterizedTest(name = "{0}.c in {1} state")
    @CsvSource({"a10-interrupts, arm", "a10-interrupts, thumb", "mmu, arm", "mmu, thumb"})
    void interruptsExceptionsAndTheMmuMatchQemu(String program, String state) {
        byte[] elf = BareMetalBuild.build(BareMetalBuild.Board.CUBIEBOARD, program + ".c", state.equals("thumb"));
        BareMetalBuild.QemuRun expected = BareMetalBuild.runOnQemu(BareMetalBuild.Board.CUBIEBOARD, elf);
        assertTrue(expected.uart().endsWith("done\n"), "QEMU ran the program to its end:\n" + expected.uart());
        assertMatches(expected, elf);
    }

    @ParameterizedTest(name = "workload.c in {0} state, VFP {1}")
    @CsvSource({"arm, false", "thumb, false", "arm, true", "thumb, true"})
    void workloadMatchesQemu(String state, boolean vfp) {
        byte[] elf = BareMetalBuild.buildWorkload(BareMetalBuild.Board.CUBIEBOARD, state.equals("thumb"), vfp);
        BareMetalBuild.QemuRun expected = BareMetalBuild.runOnQemu(BareMetalBuild.Board.CUBIEBOARD, elf);
        assertTrue(expected.uart().length() > 20, "QEMU ran the workload:\n" + expected.uart());
        assertMatches(expected, elf);
    }

    private static void assertMatches(BareMetalBuild.QemuRun expected, byte[] elf) {
        CubieboardMachine machine = CubieboardMachine.create(CUBIEBOARD, MachineOptions.defaults());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        machine.console().output(console::write);
        int[] exit = {-1};
        ByteArrayOutputStream semihosting = new ByteArrayOutputStream();
        machine.cpu().semihosting = new ArmSemihosting(machine.bus(), semihosting, semihosting, new ArmSemihosting.Listener() {
            @Override
            public void exited(int status) {
                exit[0] = status;
                machine.requestStop();
            }

            @Override
            public void failed(String message) {
                throw new AssertionError(message);
            }
        });
        machine.loadElf("program.elf", elf);
        RunResult result = machine.run(10_000_000_000L);
        assertEquals(expected.uart(), console.toString(StandardCharsets.ISO_8859_1));
        assertEquals(RunResult.Reason.STOPPED, result.reason(), result.toString());
        assertEquals(expected.exitStatus(), exit[0] & 0xff, "semihosting exit status");
    }
}
