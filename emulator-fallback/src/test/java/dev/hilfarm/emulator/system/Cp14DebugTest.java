package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The CP14 registers Linux and bare-metal code read, with QEMU's values and behaviour. */
class Cp14DebugTest {
    private final CpuState state = new CpuState();
    private final Cp14Debug a9 = new Cp14Debug(CpuModel.CORTEX_A9);

    @Test
    void debugIdentification() {
        assertEquals(0x35141000, a9.mrc(state, 0, 0, 0, 0), "DBGDIDR: v7.1, 6 breakpoints, 4 watchpoints");
        assertEquals(0x15141000, new Cp14Debug(CpuModel.CORTEX_A8).mrc(state, 0, 0, 0, 0));
        assertEquals(0, a9.mrc(state, 0, 1, 0, 0), "DBGDRAR: no memory-mapped debug");
        assertEquals(0, a9.mrc(state, 0, 2, 0, 0), "DBGDSAR");
        state.switchMode(Mode.USR);
        assertEquals(0x35141000, a9.mrc(state, 0, 0, 0, 0), "DBGDIDR is readable from User mode");
        assertThrows(UndefinedInstruction.class, () -> a9.mrc(state, 0, 0, 1, 0), "DBGDSCRint is PL1 only on QEMU");
    }

    @Test
    void monitorModeEnableReadsBackThroughDscrInt() {
        a9.mcr(state, 0, 0, 2, 2, 0x8000);
        assertEquals(0x8000, a9.mrc(state, 0, 0, 1, 0), "Linux checks MDBGen this way");
        assertThrows(UndefinedInstruction.class, () -> a9.mcr(state, 0, 0, 1, 0, 0), "DBGDSCRint is read-only");
    }

    @Test
    void osLockResetsLockedAndFollowsTheKey() {
        assertEquals(0xa, a9.mrc(state, 0, 1, 1, 4));
        a9.mcr(state, 0, 1, 0, 4, 0);
        assertEquals(0x8, a9.mrc(state, 0, 1, 1, 4), "any other value unlocks");
        a9.mcr(state, 0, 1, 0, 4, 0xC5ACCE55);
        assertEquals(0xa, a9.mrc(state, 0, 1, 1, 4), "the key locks");
        assertThrows(UndefinedInstruction.class, () -> a9.mrc(state, 0, 1, 0, 4), "DBGOSLAR is write-only");
        assertEquals(0, a9.mrc(state, 0, 1, 3, 4), "DBGOSDLR");
    }

    @Test
    void breakpointAndWatchpointRegistersAsDbgdidrCounts() {
        a9.mcr(state, 0, 0, 5, 4, 0x12345679);
        assertEquals(0x12345679, a9.mrc(state, 0, 0, 5, 4), "DBGBVR5");
        assertThrows(UndefinedInstruction.class, () -> a9.mrc(state, 0, 0, 6, 4), "no seventh breakpoint");
        a9.mcr(state, 0, 0, 3, 6, 0xffffffff);
        assertEquals(0xfffffffc, a9.mrc(state, 0, 0, 3, 6), "DBGWVR3 is word aligned");
        assertThrows(UndefinedInstruction.class, () -> a9.mrc(state, 0, 0, 4, 6), "four watchpoints");
        Cp14Debug a8 = new Cp14Debug(CpuModel.CORTEX_A8);
        assertThrows(UndefinedInstruction.class, () -> a8.mrc(state, 0, 0, 2, 7), "the A8 has two watchpoints");
    }

    @Test
    void vectorCatchAndDccInterruptAreNoOps() {
        a9.mcr(state, 0, 0, 7, 0, 0xff);
        assertEquals(0, a9.mrc(state, 0, 0, 7, 0));
        a9.mcr(state, 0, 0, 2, 0, 0xff);
        assertEquals(0, a9.mrc(state, 0, 0, 2, 0));
    }

    @Test
    void thumbEeHandlerBaseFollowsTeecr() {
        a9.mcr(state, 6, 1, 0, 0, 0x1000);
        state.switchMode(Mode.USR);
        assertEquals(0x1000, a9.mrc(state, 6, 1, 0, 0), "TEEHBR from User while TEECR.XED is clear");
        assertThrows(UndefinedInstruction.class, () -> a9.mrc(state, 6, 0, 0, 0), "TEECR is PL1 only");
        state.switchMode(Mode.SVC);
        a9.mcr(state, 6, 0, 0, 0, 0xffffffff);
        assertEquals(1, a9.mrc(state, 6, 0, 0, 0));
        state.switchMode(Mode.USR);
        assertThrows(UndefinedInstruction.class, () -> a9.mrc(state, 6, 1, 0, 0), "XED set");
    }

    @Test
    void jazelleRegistersReadZero() {
        assertEquals(0, a9.mrc(state, 7, 0, 0, 0), "JIDR");
        assertThrows(UndefinedInstruction.class, () -> a9.mcr(state, 7, 0, 0, 0, 0), "JIDR is read-only");
        a9.mcr(state, 7, 1, 0, 0, 5);
        assertEquals(0, a9.mrc(state, 7, 1, 0, 0), "JOSCR");
        assertThrows(UndefinedInstruction.class, () -> a9.mrrc(state, 0, 1));
    }
}
