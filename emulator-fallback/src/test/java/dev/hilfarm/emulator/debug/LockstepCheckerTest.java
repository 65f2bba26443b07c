package dev.hilfarm.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.FloatingPoint;
import dev.hilfarm.emulator.cpu.InstructionSet;
import dev.hilfarm.emulator.vfp.VfpUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lockstep checker against real QEMU, with the real executors on a bare board. */
@Tag("qemu")
class LockstepCheckerTest {
    @TempDir
    Path work;

    private static LockstepChecker checker(LockstepChecker.EmulatorFactory factory, boolean semihosting) {
        return new LockstepChecker(factory, LockstepChecker.Options.defaults().withSemihosting(semihosting).withHistory(8));
    }

    @Test
    void armWorkloadAgreesForTwentyThousandInstructions() throws IOException {
        Path elf = BareMetalPrograms.workload(work, false, false);
        LockstepReport report = checker(VexpressDebugTarget::boot, false).check(elf, 20_000, 0);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(LockstepReport.End.LIMIT_REACHED, report.end());
        assertEquals(20_000, report.instructionsCompared());
        assertEquals(1, report.firstCompared());
    }

    @Test
    void thumbWorkloadAgreesForTwentyThousandInstructions() throws IOException {
        Path elf = BareMetalPrograms.workload(work, true, false);
        LockstepReport report = checker(VexpressDebugTarget::boot, false).check(elf, 20_000, 0);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(20_000, report.instructionsCompared());
    }

    @Test
    void fastForwardsThenComparesUpToTheProgramsExit() throws IOException {
        Path elf = BareMetalPrograms.workload(work, true, true);
        VexpressDebugTarget[] compared = new VexpressDebugTarget[1];
        LockstepChecker.EmulatorFactory firstBootKept = (file, semihosting) -> {
            VexpressDebugTarget board = VexpressDebugTarget.boot(file, semihosting);
            if (compared[0] == null) {
                compared[0] = board; // the one compared; the next boot is fast-forward's scout
            }
            return board;
        };
        LockstepReport report = checker(firstBootKept, true).check(elf, 10_000_000, 130_000);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(LockstepReport.End.PROGRAM_EXITED, report.end());
        assertEquals(130_001, report.firstCompared());
        assertTrue(report.instructionsCompared() > 5_000 && report.instructionsCompared() < 10_000,
                "the workload runs about 139,600 instructions: " + report.instructionsCompared());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("fast-forward:")), report.notes().toString());
        String uart = compared[0].consoleOutput();
        assertTrue(uart.endsWith("checksum 5f93148f\n"), uart);
        assertTrue(report.qemuOutput().contains(uart), "QEMU printed the same: " + report.qemuOutput());
        assertEquals(0x0f, compared[0].guestExitStatus());
    }

    @ParameterizedTest(name = "thumb={0}")
    @ValueSource(booleans = {false, true})
    void hardFloatWorkloadAgreesIncludingVfpRegisters(boolean thumb) throws IOException {
        Path elf = BareMetalPrograms.workload(work, thumb, true, true);
        LockstepChecker vfpChecker = new LockstepChecker(VexpressDebugTarget::boot,
                LockstepChecker.Options.defaults().withSemihosting(true).withVfp(true).withHistory(8));
        LockstepReport report = vfpChecker.check(elf, 10_000_000, 125_000);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(LockstepReport.End.PROGRAM_EXITED, report.end());
        assertTrue(report.qemuOutput().contains("checksum c9040dac"), report.qemuOutput());
        assertTrue(report.notes().contains("VFP registers compared after 1256 VFP instructions"), report.notes().toString());
    }

    @Test
    void reportsADifferenceInTheVfpRegisters() throws IOException {
        Path elf = BareMetalPrograms.workload(work, false, true, true);
        LockstepChecker.EmulatorFactory corruptD6 = (file, semihosting) -> {
            VexpressDebugTarget board = VexpressDebugTarget.boot(file, semihosting);
            FloatingPoint real = board.cpu().fpu;
            VfpUnit unit = (VfpUnit) real;
            board.cpu().fpu = new FloatingPoint() {
                private boolean done;

                @Override
                public void execute(Cpu cpu, int insn) {
                    real.execute(cpu, insn);
                    if (!done && cpu.instructionsRetired() >= 135_000) {
                        done = true;
                        unit.setDoubleRegister(6, unit.doubleRegister(6) ^ 1);
                    }
                }

                @Override
                public void reset() {
                    real.reset();
                }
            };
            return board;
        };
        LockstepChecker vfpChecker = new LockstepChecker(corruptD6,
                LockstepChecker.Options.defaults().withSemihosting(true).withVfp(true).withHistory(4));
        LockstepReport report = vfpChecker.check(elf, 10_000_000, 134_000);
        System.out.println(report.describe());
        Divergence d = report.divergence();
        assertNotNull(d, report.describe());
        assertEquals(Divergence.Kind.VFP_REGISTERS, d.kind());
        assertEquals(List.of("d6"), d.differingRegisters());
        assertTrue(d.instruction() >= 135_000, "at the first VFP instruction from 135,000 on: " + d.instruction());
        assertTrue(report.describe().matches("(?s).*\\nd6 .*<<< differs.*"), report.describe());
    }

    @Test
    void theCommandLineEntryPointRunsAProgramToItsEnd() throws IOException {
        Path elf = BareMetalPrograms.workload(work, false, true);
        LockstepReport report = LockstepChecker.run(elf, Long.MAX_VALUE, 137_000);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(LockstepReport.End.PROGRAM_EXITED, report.end());
        assertTrue(report.instructionsCompared() > 1_000, report.describe());
    }

    @Test
    void endsBeforeAWaitForInterrupt() throws IOException {
        Path elf = BareMetalPrograms.assemble(work, "wfi", String.join("\n",
                ".syntax unified", ".arm", ".global _start", "_start:", "  mov r0, #1", "  movs r1, #0",
                "  wfine", "  wfi", "  b .", ""));
        LockstepReport report = checker(VexpressDebugTarget::boot, false).check(elf, 100, 0);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(LockstepReport.End.WAITING_FOR_INTERRUPT, report.end());
        assertEquals(3, report.instructionsCompared(), "mov, movs and the WFI whose condition fails");
    }

    @Test
    void reportsTheFirstInstructionWhoseResultDiffers() throws IOException {
        Path elf = BareMetalPrograms.workload(work, false, false);
        LockstepReport report = checker(corruptingAfter(700, 3, 1), false).check(elf, 5_000, 0);
        String text = report.describe();
        System.out.println(text);
        Divergence d = report.divergence();
        assertNotNull(d, text);
        assertEquals(LockstepReport.End.DIVERGED, report.end());
        assertEquals(Divergence.Kind.REGISTERS, d.kind());
        assertEquals(700, d.instruction());
        assertEquals(699, report.instructionsCompared());
        assertEquals(List.of("r3"), d.differingRegisters());
        assertEquals(d.qemu()[3] ^ 1, d.emulator()[3]);
        assertEquals(d.recent().get(d.recent().size() - 1).pc(), d.pc(), "the history ends with the instruction");
        assertEquals(8, d.recent().size());
        assertEquals(d.word(), d.qemuWord());
        assertTrue(text.matches("(?s).*r3 .*<<< differs.*"), text);
        assertTrue(text.contains(String.format("instruction 700 at 0x%08x (ARM): %08x", d.pc(), d.word())), text);
    }

    @Test
    void aDivergenceBeforeTheComparedRangeIsReportedAtTheSyncPoint() throws IOException {
        Path elf = BareMetalPrograms.workload(work, true, false);
        LockstepReport report = checker(corruptingAfter(1_000, 13, 8), false).check(elf, 30_000, 20_000);
        System.out.println(report.describe());
        assertNotNull(report.divergence());
        assertEquals(Divergence.Kind.BEFORE_COMPARED_RANGE, report.divergence().kind());
        assertEquals(0, report.instructionsCompared());
        assertTrue(report.divergence().differingRegisters().contains("sp"), report.describe());
    }

    @Test
    void resetStateDifferencesAreAdoptedAndNotedOrReported() throws IOException {
        Path elf = BareMetalPrograms.workload(work, false, false);
        LockstepChecker.EmulatorFactory r5Set = (file, semihosting) -> {
            VexpressDebugTarget board = VexpressDebugTarget.boot(file, semihosting);
            board.cpu().state.r[5] = 0x55;
            return board;
        };
        LockstepReport adopted = checker(r5Set, false).check(elf, 100, 0);
        assertNull(adopted.divergence(), adopted.describe());
        assertTrue(adopted.notes().stream().anyMatch(n -> n.startsWith("reset state: r5 adopted from QEMU")), adopted.notes().toString());

        LockstepChecker strict = new LockstepChecker(r5Set, LockstepChecker.Options.defaults().withAdoptUnknownResetState(false));
        LockstepReport reported = strict.check(elf, 100, 0);
        assertNotNull(reported.divergence());
        assertEquals(Divergence.Kind.INITIAL_STATE, reported.divergence().kind());
        assertTrue(reported.divergence().differingRegisters().contains("r5"), reported.describe());
    }

    /** A bare board whose ARM and Thumb executors XOR register {@code reg} with {@code bits} after the n-th instruction. */
    private static LockstepChecker.EmulatorFactory corruptingAfter(long n, int reg, int bits) {
        return (elf, semihosting) -> {
            VexpressDebugTarget board = VexpressDebugTarget.boot(elf, semihosting);
            long[] count = {0};
            board.cpu().arm = corrupting(board.cpu().arm, count, n, reg, bits);
            board.cpu().thumb = corrupting(board.cpu().thumb, count, n, reg, bits);
            return board;
        };
    }

    private static InstructionSet corrupting(InstructionSet real, long[] count, long n, int reg, int bits) {
        return (Cpu cpu, int first) -> {
            real.execute(cpu, first);
            if (++count[0] == n) {
                cpu.state.r[reg] ^= bits;
            }
        };
    }
}
