package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CP15 decode, identity and register behaviour, register by register. The exhaustive comparison
 * with QEMU is {@link Cp15ProbeTest}; these tests name the values (from QEMU's cortex-a9 and
 * cortex-a8 definitions) and the behaviours one at a time.
 */
class Cp15Test {
    private final Cpu cpu = new Cpu();
    private final CpuState state = cpu.state;
    private final RamBus bus = new RamBus(0x60000000, 1 << 20);
    private final Cp15 a9 = new Cp15(cpu, CpuModel.CORTEX_A9, 0x1e000000, bus);

    private int read(Cp15 cp15, int opc1, int crn, int crm, int opc2) {
        return cp15.mrc(state, opc1, crn, crm, opc2);
    }

    private void write(Cp15 cp15, int opc1, int crn, int crm, int opc2, int value) {
        cp15.mcr(state, opc1, crn, crm, opc2, value);
    }

    @Test
    void cortexA9IdentityIsQemusCortexA9() {
        int[][] expected = {
                // opc1, CRn, CRm, opc2, value
                {0, 0, 0, 0, 0x410fc090}, // MIDR
                {0, 0, 0, 1, 0x80038003}, // CTR
                {0, 0, 0, 2, 0},          // TCMTR
                {0, 0, 0, 3, 0},          // TLBTR
                {0, 0, 0, 5, 0x80000000}, // MPIDR: MP extensions, CPU 0
                {0, 0, 0, 6, 0x410fc090}, // REVIDR reads as MIDR on QEMU
                {0, 0, 1, 0, 0x1031},     // ID_PFR0
                {0, 0, 1, 1, 0x11},       // ID_PFR1 (Security Extensions present)
                {0, 0, 1, 2, 0},          // ID_DFR0
                {0, 0, 1, 3, 0},          // ID_AFR0
                {0, 0, 1, 4, 0x00100103}, // ID_MMFR0
                {0, 0, 1, 5, 0x20000000},
                {0, 0, 1, 6, 0x01230000},
                {0, 0, 1, 7, 0x00002111},
                {0, 0, 2, 0, 0x00101111}, // ID_ISAR0
                {0, 0, 2, 1, 0x13112111},
                {0, 0, 2, 2, 0x21232041},
                {0, 0, 2, 3, 0x11112131},
                {0, 0, 2, 4, 0x00111142},
                {0, 0, 2, 5, 0},          // ID_ISAR5
                {1, 0, 0, 1, 0x09000003}, // CLIDR
                {1, 0, 0, 7, 0},          // AIDR
                {4, 15, 0, 0, 0x1e000000}, // CBAR
                {0, 1, 0, 0, 0x00c50078}, // SCTLR reset
                {0, 9, 12, 0, 0x41093000}, // PMCR: six event counters
        };
        for (int[] e : expected) {
            assertEquals(e[4], read(a9, e[0], e[1], e[2], e[3]),
                    String.format("p15, %d, c%d, c%d, %d", e[0], e[1], e[2], e[3]));
        }
    }

    @Test
    void cortexA8IdentityIsQemusCortexA8() {
        Cp15 a8 = new Cp15(cpu, CpuModel.CORTEX_A8, 0, bus);
        assertEquals(0x410fc080, read(a8, 0, 0, 0, 0));
        assertEquals(0x82048004, read(a8, 0, 0, 0, 1));
        assertEquals(0, read(a8, 0, 0, 0, 5), "no MP extensions");
        assertEquals(0x400, read(a8, 0, 0, 1, 2));
        assertEquals(0x31100003, read(a8, 0, 0, 1, 4));
        assertEquals(0x0a000003, read(a8, 1, 0, 0, 1));
        assertEquals(2, read(a8, 0, 1, 0, 1), "ACTLR");
        assertEquals(0x41002000, read(a8, 0, 9, 12, 0), "PMCR: four event counters");
        assertEquals(0, read(a8, 4, 15, 0, 0), "no CBAR: c15 reads as zero");
        assertThrows(UndefinedInstruction.class, () -> write(a8, 0, 8, 3, 0, 0), "no Inner Shareable TLB operations");
    }

    @Test
    void ccsidrFollowsCsselr() {
        assertEquals(0xe00fe019, read(a9, 1, 0, 0, 0), "L1 data cache");
        write(a9, 2, 0, 0, 0, 1);
        assertEquals(1, read(a9, 2, 0, 0, 0));
        assertEquals(0x200fe019, read(a9, 1, 0, 0, 0), "L1 instruction cache");
        write(a9, 2, 0, 0, 0, 0xff);
        assertEquals(0xf, read(a9, 2, 0, 0, 0), "CSSELR keeps bits 3-0");
        assertEquals(0, read(a9, 1, 0, 0, 0), "no such cache");
    }

    @Test
    void userModeReachesOnlyTheUserRegisters() {
        write(a9, 0, 13, 0, 3, 0xcafe);
        state.switchMode(Mode.USR);
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 1, 0, 0), "SCTLR");
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 0, 0, 0), "MIDR");
        assertThrows(UndefinedInstruction.class, () -> write(a9, 0, 7, 5, 0, 0), "ICIALLU");
        assertThrows(UndefinedInstruction.class, () -> write(a9, 0, 8, 7, 0, 0), "TLBIALL");
        assertEquals(0xcafe, read(a9, 0, 13, 0, 3), "TPIDRURO is readable");
        assertThrows(UndefinedInstruction.class, () -> write(a9, 0, 13, 0, 3, 1), "TPIDRURO is read-only");
        write(a9, 0, 13, 0, 2, 0x1234);
        assertEquals(0x1234, read(a9, 0, 13, 0, 2), "TPIDRURW");
        write(a9, 0, 7, 10, 5, 0); // DMB
        write(a9, 0, 7, 10, 4, 0); // DSB
        write(a9, 0, 7, 5, 4, 0);  // ISB
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 9, 12, 0), "PMCR while PMUSERENR.EN is clear");
        assertEquals(0, read(a9, 0, 9, 14, 0), "PMUSERENR is readable");
        assertThrows(UndefinedInstruction.class, () -> write(a9, 0, 9, 14, 0, 1), "PMUSERENR is not writable");
        state.switchMode(Mode.SVC);
        write(a9, 0, 9, 14, 0, 1);
        state.switchMode(Mode.USR);
        assertEquals(0x41093000, read(a9, 0, 9, 12, 0), "PMCR once enabled");
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 9, 14, 1), "PMINTENSET stays PL1 only");
    }

    @Test
    void unknownEncodingsAreUndefined() {
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 1, 0, 3));
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 0, 8, 0));
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 7, 5, 0), "ICIALLU is write-only");
        assertThrows(UndefinedInstruction.class, () -> write(a9, 0, 0, 0, 0, 0), "MIDR is read-only");
        assertThrows(UndefinedInstruction.class, () -> write(a9, 1, 7, 5, 0, 0), "c7 with opc1 1");
        assertThrows(UndefinedInstruction.class, () -> write(a9, 0, 8, 7, 4, 0));
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 12, 1, 1));
        assertThrows(UndefinedInstruction.class, () -> a9.mrrc(state, 0, 2), "no 64-bit TTBR0 without LPAE");
        assertThrows(UndefinedInstruction.class, () -> a9.mcrr(state, 0, 2, 0));
    }

    @Test
    void systemControlFollowsSctlrAndVbar() {
        assertFalse(a9.highVectors());
        assertFalse(a9.thumbExceptions());
        assertFalse(a9.exceptionEndianBig());
        write(a9, 0, 1, 0, 0, Cp15.SCTLR_RESET | Cp15.SCTLR_V | Cp15.SCTLR_TE | Cp15.SCTLR_EE);
        assertTrue(a9.highVectors());
        assertTrue(a9.thumbExceptions());
        assertTrue(a9.exceptionEndianBig());
        write(a9, 0, 12, 0, 0, 0x60001234);
        assertEquals(0x60001220, a9.vectorBase(), "VBAR keeps bits 31-5");
    }

    @Test
    void cpacrMasksAsQemuForTheFeaturesOfTheVfpUnit() {
        assertEquals(0, a9.cpacr());
        write(a9, 0, 1, 0, 2, 0xffffffff);
        assertEquals(0xc0f00000, a9.cpacr(), "ASEDIS, D32DIS, cp10 and cp11 are writable with NEON and D32");
        write(a9, 0, 1, 0, 2, 0x00f00000);
        assertEquals(0x00f00000, read(a9, 0, 1, 0, 2));
        a9.setSimdFeatures(false, false);
        write(a9, 0, 1, 0, 2, 0x00f00000);
        assertEquals(0xc0f00000, a9.cpacr(), "without Advanced SIMD and D16-D31, ASEDIS and D32DIS read as one");
    }

    @Test
    void registersKeepWhatIsWrittenWithTheirMasks() {
        write(a9, 0, 2, 0, 2, 0xffffffff);
        assertEquals(0x37, read(a9, 0, 2, 0, 2), "TTBCR: N, PD0, PD1");
        write(a9, 0, 1, 1, 0, 0xffffffff);
        assertEquals(0x327f, read(a9, 0, 1, 1, 0), "SCR");
        write(a9, 0, 7, 4, 0, 0xffffffff);
        assertEquals(0xfffff6ff, read(a9, 0, 7, 4, 0), "PAR");
        write(a9, 5, 3, 15, 7, 0x12345678);
        assertEquals(0x12345678, read(a9, 0, 3, 0, 0), "DACR answers with any opc1, CRm and opc2");
        write(a9, 0, 1, 0, 1, 0xffffffff);
        assertEquals(0, read(a9, 0, 1, 0, 1), "ACTLR reads zero and ignores writes");
        write(a9, 0, 10, 0, 0, 5);
        assertEquals(0, read(a9, 3, 10, 8, 7), "TLB lockdown is a no-op");
        write(a9, 0, 13, 0, 1, 0x1234567f);
        assertEquals(0x1234567f, a9.contextidr());
        assertEquals(0x7f, a9.tlb.asid, "the ASID is CONTEXTIDR[7:0]");
    }

    @Test
    void interruptStatusShowsThePendingLines() {
        assertEquals(0, read(a9, 0, 12, 1, 0));
        cpu.irqLine = true;
        assertEquals(1 << 7, read(a9, 0, 12, 1, 0));
        cpu.fiqLine = true;
        assertEquals(3 << 6, read(a9, 0, 12, 1, 0));
        assertThrows(UndefinedInstruction.class, () -> write(a9, 0, 12, 1, 0, 0));
    }

    @Test
    void performanceMonitorsKeepValuesButNeverCount() {
        write(a9, 0, 9, 12, 5, 2);                    // PMSELR = 2
        write(a9, 0, 9, 13, 1, 0x12345678);           // PMXEVTYPER
        assertEquals(0x12005678, read(a9, 0, 14, 12, 2), "PMEVTYPER2 is the selected type, masked");
        write(a9, 0, 9, 13, 2, 41);                    // PMXEVCNTR
        assertEquals(41, read(a9, 0, 14, 8, 2), "PMEVCNTR2");
        write(a9, 0, 9, 12, 5, 31);
        write(a9, 0, 9, 13, 1, 0xffffffff);
        assertEquals(0xf8000000, read(a9, 0, 14, 15, 7), "selection 31 is PMCCFILTR");
        assertEquals(0, read(a9, 0, 9, 13, 2), "no event counter 31");
        write(a9, 0, 9, 12, 1, 0xffffffff);
        assertEquals(0x8000003f, read(a9, 0, 9, 12, 2), "PMCNTENSET/CLR: six counters and the cycle counter");
        write(a9, 0, 9, 12, 2, 0x80000001);
        assertEquals(0x3e, read(a9, 0, 9, 12, 1));
        write(a9, 0, 9, 13, 0, 100);
        write(a9, 0, 9, 12, 0, PerformanceMonitors.PMCR_E);
        write(a9, 0, 9, 12, 4, 0x3f);                  // PMSWINC
        assertEquals(41, read(a9, 0, 14, 8, 2), "no event source counts, software increments included");
        assertEquals(100, read(a9, 0, 9, 13, 0), "the cycle counter does not count either");
        write(a9, 0, 9, 12, 0, PerformanceMonitors.PMCR_E | PerformanceMonitors.PMCR_P | PerformanceMonitors.PMCR_C);
        assertEquals(0, read(a9, 0, 14, 8, 2), "PMCR.P resets the event counters");
        assertEquals(0, read(a9, 0, 9, 13, 0), "PMCR.C resets the cycle counter");
        assertEquals(0x41093001, read(a9, 0, 9, 12, 0), "P and C are not kept");
        assertThrows(UndefinedInstruction.class, () -> read(a9, 0, 14, 8, 6), "only six event counters");
    }

    @Test
    void addressTranslationWithTheMmuOff() {
        write(a9, 0, 7, 8, 0, 0x12345678);
        assertEquals(0x12345000, a9.par(), "ATS1CPR: flat, Secure");
        write(a9, 0, 7, 8, 3, 0x87654321);
        assertEquals(0x87654000, a9.par(), "ATS1CUW");
        write(a9, 0, 7, 8, 4, 0x87654321);
        assertEquals(0x87654200, a9.par(), "ATS12NSOPR: the Non-secure regime at reset, marked NS");
    }

    @Test
    void abortReportsLandInTheFaultRegisters() {
        a9.reportDataAbort(FaultStatus.PERMISSION_PAGE | FaultStatus.WRITE, 0x1234);
        assertEquals(0x80f, read(a9, 0, 5, 0, 0));
        assertEquals(0x1234, read(a9, 0, 6, 0, 0));
        a9.reportPrefetchAbort(FaultStatus.DEBUG_EVENT, 0x5678);
        assertEquals(2, read(a9, 0, 5, 0, 1));
        assertEquals(0x5678, read(a9, 0, 6, 0, 2));
    }

    @Test
    void resetRestoresEveryRegister() {
        write(a9, 0, 1, 0, 0, 0x00c5187d);
        write(a9, 0, 2, 0, 0, 0x60004000);
        write(a9, 0, 13, 0, 1, 5);
        write(a9, 0, 9, 12, 1, 1);
        write(a9, 4, 15, 0, 0, 0x2000000);
        a9.reset();
        assertEquals(Cp15.SCTLR_RESET, a9.sctlr());
        assertEquals(0, read(a9, 0, 2, 0, 0));
        assertEquals(0, a9.contextidr());
        assertEquals(0, read(a9, 0, 9, 12, 1));
        assertEquals(0x1e000000, read(a9, 4, 15, 0, 0));
    }

    @Test
    void decodingAllocatesNothing() {
        // Warm up, then count allocated bytes across many accesses of the hot registers.
        for (int i = 0; i < 20_000; i++) {
            touch();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            touch();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
    }

    private void touch() {
        read(a9, 0, 1, 0, 0);
        read(a9, 0, 13, 0, 3);
        write(a9, 0, 3, 0, 0, 0x55555555);
        write(a9, 0, 13, 0, 1, 1);
        read(a9, 1, 0, 0, 0);
        try {
            read(a9, 0, 15, 15, 7);
        } catch (UndefinedInstruction expected) {
            assertSame(UndefinedInstruction.INSTANCE, expected);
        }
    }
}
