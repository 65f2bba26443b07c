package dev.hilfarm.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.system.Cp15;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stub's memory access through the real MMU, and the MMU program in lockstep with QEMU. */
class MmuDebugTest {
    @TempDir
    Path work;

    @Test
    void debuggerAccessesTranslateWithoutFaulting() throws IOException {
        VexpressDebugTarget board = VexpressDebugTarget.boot(BareMetalPrograms.mmuProgram(work), false);
        Cp15 cp15 = (Cp15) board.cpu().coprocessors[15];
        try (StubUnderTest stub = new StubUnderTest(board); RspClient gdb = stub.connect()) {
            gdb.handshake();
            gdb.sendResume();
            StubUnderTest.awaitInstructions(board.cpu(), 100);
            assertTrue(gdb.interrupt());
            int[] regs = new int[17];
            gdb.readCoreRegisters(regs);
            assertEquals(0xcafebabe, regs[4], "the program read its value back through VA 0x80000000");
            int dfsr = cp15.dfsr();
            int dfar = cp15.dfar();

            assertEquals("bebafeca", gdb.exchange("m80000000,4"), "VA 0x80000000 is PA 0x60100000");
            assertEquals("E01", gdb.exchange("m90000000,4"), "VA 0x90000000 is unmapped");
            assertEquals("E01", gdb.exchange("M90000000,4:01020304"));
            assertEquals("OK", gdb.exchange("M80000004,4:44332211"));
            assertEquals(0x11223344, board.bus().read32(0x60100004), "written at the physical address");
            assertEquals("bebafeca", gdb.exchange("m60100000,4"), "the identity-mapped view agrees");

            assertEquals(dfsr, cp15.dfsr(), "no fault status recorded");
            assertEquals(dfar, cp15.dfar(), "no fault address recorded");
            assertEquals(Mode.SVC, board.cpu().state.mode(), "no abort taken");
            gdb.expectOk("D");
        }
    }

    @Test
    @Tag("qemu")
    void mmuProgramAgreesWithQemu() throws IOException {
        Path elf = BareMetalPrograms.mmuProgram(work);
        LockstepReport report = new LockstepChecker(VexpressDebugTarget::boot, LockstepChecker.Options.defaults()).check(elf, 200, 0);
        System.out.println(report.describe());
        assertNull(report.divergence(), report.describe());
        assertEquals(200, report.instructionsCompared());
    }
}
