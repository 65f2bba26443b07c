package dev.hilfarm.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System-level programs in lockstep with QEMU on the emulator's complete vexpress-a9: exceptions
 * of every kind and their returns, modes and banked registers, CP15 identity, exclusives, DSP and
 * media instructions, VFP configuration and conversions, Thumb-2 control flow, and MMU faults.
 * Each program ends in a loop, so a fixed number of instructions covers all of it.
 */
@Tag("qemu")
class SystemLockstepTest {
    @TempDir
    Path work;

    @Test
    void exceptionsModesAndSystemInstructions() throws IOException {
        Path elf = BareMetalPrograms.assembleResource(work, "system-exercise");
        LockstepChecker checker = new LockstepChecker(VexpressDebugTarget::boot,
                LockstepChecker.Options.defaults().withVfp(true).withHistory(12));
        LockstepReport report = checker.check(elf, 400, 0);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(400, report.instructionsCompared());
        assertTrue(report.notes().stream().anyMatch(n -> n.matches("VFP registers compared after [1-9]\\d+ VFP instructions")),
                report.notes().toString());
    }

    @Test
    void mmuFaultsAndAddressTranslation() throws IOException {
        Path elf = BareMetalPrograms.assembleResource(work, "mmu-faults");
        VexpressDebugTarget[] compared = new VexpressDebugTarget[1];
        LockstepReport report = new LockstepChecker((file, semihosting) -> compared[0] = VexpressDebugTarget.boot(file, semihosting),
                LockstepChecker.Options.defaults().withHistory(12)).check(elf, 200, 0);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(0x105, compared[0].cpu().state.r[9], "five data aborts and one prefetch abort were taken");
    }
}
