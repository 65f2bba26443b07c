package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.memory.MemoryAbort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MMU's TLB behaviour and the paths the QEMU scenario does not reach: stale entries until the
 * architecture's maintenance operation, ASID tagging, block-sized invalidation, privilege from the
 * current mode, big-endian table walks, physical addresses beyond 4 GiB and side-effect-free debug
 * translation. Fault status values are checked against QEMU in {@link MmuScenarioTest}.
 */
class MmuMemoryTest {
    private static final int RAM = 0x60000000;
    private static final int L1 = 0x60004000;
    private static final int L2 = 0x60008000;
    private static final int DATA = 0x60100000;
    /** A section descriptor's AP = 3 (full access), C and B. */
    private static final int SECTION_RW = 0xc0e;

    private final Cpu cpu = new Cpu();
    private final RamBus bus = new RamBus(RAM, 16 << 20);
    private final Cp15 cp15 = new Cp15(cpu, CpuModel.CORTEX_A9, 0x1e000000, bus);
    private final MmuMemory memory = new MmuMemory(cp15, cpu.state);

    @BeforeEach
    void mmuOnWithFlatRam() {
        for (int mb = 0; mb < 16; mb++) {
            section(RAM + (mb << 20), RAM + (mb << 20), SECTION_RW);
        }
        bus.write32(DATA, 0x11111111);
        bus.write32(DATA + 0x100000, 0x22222222);
        bus.write32(DATA + 0x200000, 0x33333333);
        cp15.mcr(cpu.state, 0, 2, 0, 0, L1);
        cp15.mcr(cpu.state, 0, 3, 0, 0, 0x55555555);
        cp15.mcr(cpu.state, 0, 1, 0, 0, Cp15.SCTLR_RESET | Cp15.SCTLR_M);
    }

    private void section(int va, int pa, int flags) {
        bus.write32(L1 + ((va >>> 20) << 2), (pa & 0xfff00000) | flags | 2);
    }

    private void tlbOperation(int opc2, int value) {
        cp15.mcr(cpu.state, 0, 8, 7, opc2, value);
    }

    @Test
    void staleEntriesStayUntilTheirPageIsInvalidated() {
        section(0x70000000, DATA, SECTION_RW);
        assertEquals(0x11111111, memory.read32(0x70000000));
        section(0x70000000, DATA + 0x100000, SECTION_RW);
        assertEquals(0x11111111, memory.read32(0x70000000), "the TLB still holds the old translation");
        tlbOperation(1, 0x70400000);
        assertEquals(0x11111111, memory.read32(0x70000000), "another page's invalidation leaves it");
        tlbOperation(1, 0x70000000);
        assertEquals(0x22222222, memory.read32(0x70000000));
    }

    @Test
    void invalidatingOnePageOfASectionInvalidatesAllOfIt() {
        section(0x70000000, DATA, SECTION_RW);
        bus.write32(DATA + 0x5000, 0x55555555);
        bus.write32(DATA + 0x100000 + 0x5000, 0x66666666);
        memory.read32(0x70000000);
        memory.read32(0x70005000);
        section(0x70000000, DATA + 0x100000, SECTION_RW);
        tlbOperation(1, 0x70000abc);
        assertEquals(0x66666666, memory.read32(0x70005000), "the section's other 4 KiB pieces are gone too");
    }

    @Test
    void nonGlobalEntriesBelongToTheirAsid() {
        int notGlobal = SECTION_RW | (1 << 17);
        cp15.mcr(cpu.state, 0, 13, 0, 1, 5);
        section(0x70000000, DATA, notGlobal);
        assertEquals(0x11111111, memory.read32(0x70000000));
        section(0x70000000, DATA + 0x100000, notGlobal);
        cp15.mcr(cpu.state, 0, 13, 0, 1, 6);
        cp15.mcr(cpu.state, 0, 13, 0, 1, 5);
        assertEquals(0x11111111, memory.read32(0x70000000), "ASID 5's entry survives a context switch");
        cp15.mcr(cpu.state, 0, 13, 0, 1, 6);
        assertEquals(0x22222222, memory.read32(0x70000000), "ASID 6 does not see it: it walks the tables");
        cp15.mcr(cpu.state, 0, 13, 0, 1, 5);
        tlbOperation(2, 5);
        assertEquals(0x22222222, memory.read32(0x70000000), "after TLBIASID 5");
    }

    @Test
    void globalEntriesSurviveAsidInvalidationButNotMvaAll() {
        section(0x70000000, DATA, SECTION_RW);
        memory.read32(0x70000000);
        section(0x70000000, DATA + 0x100000, SECTION_RW);
        tlbOperation(2, 0);
        assertEquals(0x11111111, memory.read32(0x70000000), "TLBIASID leaves global entries");
        tlbOperation(3, 0x70000000);
        assertEquals(0x22222222, memory.read32(0x70000000), "TLBIMVAA");
    }

    @Test
    void invalidateByMvaMatchesTheAsidOfNonGlobalSmallPages() {
        bus.write32(L1 + (0x700 << 2), L2 | 1);
        int smallPageNotGlobal = 0x30 | 0xc | 2 | (1 << 11); // AP = 3, C, B, nG
        bus.write32(L2, DATA | smallPageNotGlobal);
        cp15.mcr(cpu.state, 0, 13, 0, 1, 7);
        assertEquals(0x11111111, memory.read32(0x70000000));
        bus.write32(L2, (DATA + 0x100000) | smallPageNotGlobal);
        tlbOperation(1, 0x70000000 | 8);
        assertEquals(0x11111111, memory.read32(0x70000000), "TLBIMVA for ASID 8 leaves ASID 7's entry");
        tlbOperation(1, 0x70000000 | 7);
        assertEquals(0x22222222, memory.read32(0x70000000), "TLBIMVA for ASID 7");
    }

    @Test
    void pagesOutsideBlockMappingsAreInvalidatedOneByOne() {
        bus.write32(L1 + (0x700 << 2), L2 | 1);
        bus.write32(L2, DATA | 0x3e);
        bus.write32(L2 + 4, DATA | 0x3e);
        memory.read32(0x70000000);
        memory.read32(0x70001000);
        bus.write32(L2, (DATA + 0x100000) | 0x3e);
        bus.write32(L2 + 4, (DATA + 0x100000) | 0x3e);
        tlbOperation(1, 0x70000000);
        assertEquals(0x22222222, memory.read32(0x70000000));
        assertEquals(0x11111111, memory.read32(0x70001000), "the neighbouring page keeps its entry");
    }

    @Test
    void dacrWritesTakeEffectWithoutMaintenance() {
        section(0x70000000, DATA, SECTION_RW | (4 << 5));
        memory.read32(0x70000000);
        cp15.mcr(cpu.state, 0, 3, 0, 0, 0x55555455);
        MemoryAbort abort = assertThrows(MemoryAbort.class, () -> memory.read32(0x70000000));
        assertSame(MemoryAbort.DATA, abort);
        assertEquals(0x49, cp15.dfsr(), "section domain fault in domain 4");
        assertEquals(0x70000000, cp15.dfar());
    }

    @Test
    void privilegeComesFromTheCurrentMode() {
        section(0x70000000, DATA, 0x40e); // AP = 1: PL1 only
        assertEquals(0x11111111, memory.read32(0x70000000));
        cpu.state.switchMode(Mode.USR);
        assertThrows(MemoryAbort.class, () -> memory.read32(0x70000000));
        assertEquals(0x0d, cp15.dfsr());
        assertThrows(MemoryAbort.class, () -> memory.fetch32(0x70000000));
        assertEquals(0x0d, cp15.ifsr(), "User may not execute what it may not read");
        assertEquals(0x70000000, cp15.ifar());
        cpu.state.switchMode(Mode.SVC);
        assertEquals(0x11111111, memory.fetch32(0x70000000));
        assertThrows(MemoryAbort.class, () -> memory.readUnprivileged(0x70000000, 4), "LDRT from SVC checks as User");
    }

    @Test
    void alignmentAlwaysCheckedForExclusiveAccesses() {
        assertEquals(0x11111111, memory.read32Aligned(DATA));
        assertThrows(MemoryAbort.class, () -> memory.read32Aligned(DATA + 2));
        assertEquals(0x001, cp15.dfsr());
        assertEquals(DATA + 2, cp15.dfar());
        assertThrows(MemoryAbort.class, () -> memory.write32Aligned(DATA + 1, 0));
        assertEquals(0x801, cp15.dfsr());
        assertEquals(0x11111111, memory.read32(DATA), "nothing written");
        memory.requireAlignment(DATA + 8, 8, false);
        assertThrows(MemoryAbort.class, () -> memory.requireAlignment(DATA + 4, 8, false), "LDREXD needs 8-byte alignment");
        assertEquals(0x001, cp15.dfsr());
        assertEquals(DATA + 4, cp15.dfar());
        assertThrows(MemoryAbort.class, () -> memory.requireAlignment(DATA + 12, 8, true));
        assertEquals(0x801, cp15.dfsr());
    }

    @Test
    void alignmentFaultsWithSctlrA() {
        cp15.mcr(cpu.state, 0, 1, 0, 0, Cp15.SCTLR_RESET | Cp15.SCTLR_M | Cp15.SCTLR_A);
        assertThrows(MemoryAbort.class, () -> memory.read16(DATA + 1));
        assertEquals(0x001, cp15.dfsr());
        assertThrows(MemoryAbort.class, () -> memory.write32(DATA + 2, 5));
        assertEquals(0x801, cp15.dfsr());
        assertThrows(MemoryAbort.class, () -> memory.writeUnprivileged(DATA + 3, 4, 5));
        assertEquals(0x11, memory.read8(DATA + 3), "bytes are never unaligned");
    }

    @Test
    void unalignedAccessesWithoutSctlrA() {
        bus.write32(DATA + 4, 0x44332211);
        bus.write32(DATA + 8, 0x88776655);
        assertEquals(0x55443322, memory.read32(DATA + 5));
        assertEquals(0x5544, memory.read16(DATA + 7));
        memory.write32(DATA + 6, 0xaabbccdd);
        assertEquals(0xccdd2211, bus.read32(DATA + 4));
        assertEquals(0x8877aabb, bus.read32(DATA + 8));
    }

    @Test
    void bigEndianTablesWithSctlrEe() {
        bus.write32(L1 + (0x700 << 2), Integer.reverseBytes(DATA | SECTION_RW | 2));
        cp15.mcr(cpu.state, 0, 1, 0, 0, Cp15.SCTLR_RESET | Cp15.SCTLR_M | Cp15.SCTLR_EE);
        for (int mb = 0; mb < 16; mb++) {
            bus.write32(L1 + (((RAM >>> 20) + mb) << 2), Integer.reverseBytes((RAM + (mb << 20)) | SECTION_RW | 2));
        }
        assertEquals(0x11111111, memory.read32(0x70000000));
    }

    @Test
    void supersectionBeyondFourGigabytesReadsZero() {
        int extended = (DATA & 0xff000000) | (1 << 18) | SECTION_RW | 2 | (1 << 20); // PA[35:32] = 1
        for (int i = 0; i < 16; i++) {
            bus.write32(L1 + ((0x710 + i) << 2), extended);
        }
        assertEquals(0, memory.read32(0x71100000));
        memory.write32(0x71100000, 0x12345678);
        assertEquals(0x11111111, bus.read32(DATA), "the write went beyond the 32-bit bus");
        assertEquals(0x1_60100000L, memory.translateForDebug(0x71100000));
    }

    @Test
    void debugTranslationHasNoSideEffects() {
        cp15.reportDataAbort(0x123, 0x456);
        assertEquals(-1, memory.translateForDebug(0x7f000000), "unmapped");
        assertEquals(0x123, cp15.dfsr());
        assertEquals(0x456, cp15.dfar());
        section(0x70000000, DATA, SECTION_RW);
        assertEquals(DATA + 0x10L, memory.translateForDebug(0x70000010));
    }

    @Test
    void mmuOffIsFlatAndWritesFlushTheTlb() {
        section(0x70000000, DATA, SECTION_RW);
        memory.read32(0x70000000);
        cp15.mcr(cpu.state, 0, 1, 0, 0, Cp15.SCTLR_RESET);
        assertEquals(0x11111111, memory.read32(DATA));
        assertEquals(0, memory.read32(0x70000000), "flat again: nothing at PA 0x70000000");
    }

    @Test
    void instructionFetchesAreAlignedAndCheckExecuteNever() {
        bus.write32(DATA, 0xe12fff1e);
        section(0x70000000, DATA, SECTION_RW);
        assertEquals(0xe12fff1e, memory.fetch32(0x70000002));
        assertEquals(0xff1e, memory.fetch16(0x70000001));
        assertEquals(0xe12f, memory.fetch16(0x70000002));
        section(0x70100000, DATA, SECTION_RW | 0x10);
        assertEquals(0xe12fff1e, memory.read32(0x70100000), "XN does not stop reads");
        MemoryAbort abort = assertThrows(MemoryAbort.class, () -> memory.fetch16(0x70100000));
        assertSame(MemoryAbort.PREFETCH, abort);
        assertEquals(0x0d, cp15.ifsr());
    }

    @Test
    void directRamAndBusAgree() {
        cp15.tlb().setDirectRam(DirectRam.of(bus.ram));
        bus.accesses = 0;
        memory.write32(DATA + 0x40, 0xfeedf00d);
        memory.write16(DATA + 0x44, 0xbeef);
        memory.write8(DATA + 0x46, 0x7f);
        assertEquals(0xfeedf00d, memory.read32(DATA + 0x40));
        assertEquals(0x7fbeef, memory.read32(DATA + 0x44));
        assertEquals(0xbeef, memory.read16(DATA + 0x44));
        assertTrue(bus.accesses <= 2, "only the table walk used the bus: " + bus.accesses);
        assertEquals(0xfeedf00d, bus.read32(DATA + 0x40));
    }

    @Test
    void accessesAllocateNothingEvenWhenTheyWalkOrFault() {
        section(0x70000000, DATA, SECTION_RW);
        cp15.mcr(cpu.state, 0, 1, 0, 0, Cp15.SCTLR_RESET | Cp15.SCTLR_M | Cp15.SCTLR_A);
        for (int i = 0; i < 20_000; i++) {
            exercise(i);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            exercise(i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
    }

    /** Hits, a TLB miss with a walk (after an invalidation), an unaligned-access fault and a translation fault. */
    private void exercise(int i) {
        memory.write32(0x70000000 + ((i & 0xff) << 2), i);
        memory.read32(0x70000000 + ((i & 0xff) << 2));
        memory.fetch32(0x70000000);
        if ((i & 15) == 0) {
            tlbOperation(0, 0);
        }
        try {
            memory.read32(0x70000001);
        } catch (MemoryAbort expected) {
            assertSame(MemoryAbort.DATA, expected);
        }
        try {
            memory.read8(0x7f000000);
        } catch (MemoryAbort expected) {
            assertSame(MemoryAbort.DATA, expected);
        }
    }
}
