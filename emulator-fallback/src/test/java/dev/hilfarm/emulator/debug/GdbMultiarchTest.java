package dev.hilfarm.emulator.debug;

import static dev.hilfarm.emulator.debug.TinyArm.addImm;
import static dev.hilfarm.emulator.debug.TinyArm.branch;
import static dev.hilfarm.emulator.debug.TinyArm.movImm;
import static dev.hilfarm.emulator.debug.TinyArm.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.vfp.VfpUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's gdb-multiarch against the stub: on a core running a test-double ISA, and at source
 * level on C programs built with arm-none-eabi-gcc and run by the real executors.
 */
@Tag("gdb")
class GdbMultiarchTest {
    private static final int BASE = TestBoard.RAM_BASE;

    @TempDir
    Path work;

    /** The workload C program on the real ARM/Thumb executors, debugged at source level. */
    @ParameterizedTest(name = "thumb={0}")
    @ValueSource(booleans = {false, true})
    void sourceLevelDebuggingOfACProgram(boolean thumb) throws IOException {
        Path elf = BareMetalPrograms.workload(work, thumb, true);
        VexpressDebugTarget board = VexpressDebugTarget.boot(elf, true);
        try (StubUnderTest stub = new StubUnderTest(board)) {
            String out = GdbMultiarch.run(stub.port(), elf.toString(),
                    "break main",
                    "continue",
                    "info registers pc cpsr",
                    "stepi",
                    "x/i $pc",
                    "break strlen",
                    "continue",
                    "bt",
                    "finish",
                    "print $r0",
                    "print/x composite[4]",
                    "print records[3].name",
                    "set var records[3].id = 77",
                    "print records[3].id",
                    "info registers d0 fpscr",
                    "set var $d1 = 2.5",
                    "print $d1",
                    "delete",
                    "continue");
            System.out.println(out);
            assertTrue(out.contains("Breakpoint 1, main () at workload.c"), out);
            assertTrue(out.contains("Breakpoint 2.1, strlen () at"), out);
            assertTrue(out.matches("(?s).*#1  0x[0-9a-f]+ in main \\(\\) at workload\\.c:\\d+.*"), out);
            assertTrue(out.contains("$1 = 7"), "strlen(\"record7\") returned 7: " + out);
            assertTrue(out.contains("$2 = 0x1"), "4 is composite: " + out);
            assertTrue(out.contains("$3 = \"record3\\000"), out);
            assertTrue(out.contains("$4 = 77"), out);
            assertTrue(out.contains("fpscr          0x0"), out);
            assertTrue(out.contains("$5 = 2.5"), out);
            // main returns its checksum & 0x7f: 15 unchanged, 15 + 74 with records[3].id changed from 3 to 77.
            assertTrue(out.contains("[Inferior 1 (Remote target) exited with code 0131]"), out);
            assertEquals(0x4004000000000000L, ((VfpUnit) board.cpu().fpu).doubleRegister(1));
        }
    }

    /** Ctrl-C stops the whole machine running freely; memory is then read through the MMU. */
    @Test
    void interruptAGuestSpinningWithTheMmuOn() throws IOException {
        Path elf = BareMetalPrograms.mmuProgram(work);
        VexpressDebugTarget board = VexpressDebugTarget.boot(elf, false);
        try (StubUnderTest stub = new StubUnderTest(board)) {
            String out = GdbMultiarch.run(stub.port(), elf.toString(),
                    GdbMultiarch.INTERRUPT_SOON,
                    "continue",
                    "info registers r4",
                    "x/wx 0x80000000",
                    "x/wx 0x90000000",
                    "detach");
            System.out.println(out);
            assertTrue(out.contains("Program received signal SIGINT, Interrupt."), out);
            assertTrue(out.contains("spin () at mmu.S"), out);
            assertTrue(out.contains("r4             0xcafebabe"), out);
            assertTrue(out.contains("0x80000000:\t0xcafebabe"), out);
            assertTrue(out.contains("Cannot access memory at address 0x90000000"), out);
            assertTrue(board.cpu().instructionsRetired() > 100_000, "ran freely in slices");
        }
    }

    /** A hardware (stub) watchpoint on a global of the workload: stops at the store that changes it. */
    @Test
    void watchpointOnAGlobal() throws IOException {
        Path elf = BareMetalPrograms.workload(work, true, true);
        VexpressDebugTarget board = VexpressDebugTarget.boot(elf, true);
        try (StubUnderTest stub = new StubUnderTest(board)) {
            String out = GdbMultiarch.run(stub.port(), elf.toString(),
                    "break main",
                    "continue",
                    "watch records[2].flags",
                    "continue",
                    "print records[2].flags",
                    "print/x $pc",
                    "delete",
                    "continue");
            System.out.println(out);
            assertTrue(out.contains("Hardware watchpoint 2: records[2].flags"), out);
            assertTrue(out.contains("Old value = 0 '\\000'") && out.contains("New value = 74 'J'"), out);
            assertTrue(out.contains("$1 = 74 'J'"), out);
            assertTrue(out.contains("exited with code 017"), out);
        }
    }

    @Test
    void registersStepMemoryBreakpointsAndInterrupt() throws IOException {
        TestBoard board = new TestBoard().load(BASE,
                movImm(0, 1), movImm(1, 2), addImm(2, 0, 5), 0xe3a03206, str(2, 3, 0x100),
                addImm(0, 0, 1), branch(BASE + 0x18, BASE + 0x14));
        try (StubUnderTest stub = new StubUnderTest(board)) {
            String out = GdbMultiarch.run(stub.port(), null,
                    "info registers",
                    "stepi",
                    "info registers r0 pc",
                    "x/4wx 0x60000000",
                    "break *0x60000010",
                    "continue",
                    "info registers r2 pc",
                    "set var $r5 = 0x1234",
                    "set {int}0x60000200 = 0xcafef00d",
                    "x/1wx 0x60000200",
                    "x/1wx 0x70000000",
                    "delete",
                    // Ctrl-C as a user presses it: SIGINT to gdb while it waits for the target.
                    GdbMultiarch.INTERRUPT_SOON,
                    "continue",
                    "info registers pc",
                    "detach");
            System.out.println(out);
            assertEquals(SessionEnd.DETACHED, stub.sessionEnd());
            assertTrue(out.contains("cpsr           0x400001d3"), out);
            assertTrue(out.contains("0x60000004 in ?? ()"), out);
            assertTrue(out.contains("r0             0x1"), out);
            assertTrue(out.contains("0x60000000:\t0xe3a00001\t0xe3a01002\t0xe2802005\t0xe3a03206"), out);
            assertTrue(out.contains("Breakpoint 1 at 0x60000010"), out);
            assertTrue(out.contains("r2             0x6"), out);
            assertTrue(out.contains("0x60000200:\t0xcafef00d"), out);
            assertTrue(out.contains("Cannot access memory at address 0x70000000"), out);
            assertTrue(out.contains("received signal SIGINT"), out);
            assertEquals(0x1234, board.cpu().state.r[5]);
            assertEquals(0xcafef00d, board.ram.read32(BASE + 0x200));
            Matcher pc = Pattern.compile("pc\\s+(0x[0-9a-f]+)").matcher(out.substring(out.lastIndexOf("SIGINT")));
            assertTrue(pc.find(), out);
            assertEquals(board.cpu().state.pc, Integer.parseUnsignedInt(pc.group(1).substring(2), 16));
        }
    }
}
