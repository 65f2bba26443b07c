package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Cpu;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every descriptor kind and fault of the short-descriptor MMU against QEMU 7.2: mmu-scenario.txt
 * (sections, supersections, large and small pages, AP with and without the access flag, XN, domains,
 * TTBCR split and PD0/PD1, nG and ASIDs, TLB maintenance, FCSE, memory types, TEX remap, unaligned and
 * page-crossing accesses, alignment faults, LDRT/STRT, ATS) run on {@link MmuMemory} must print exactly
 * what the same scenario printed on QEMU (mmu-scenario-cortex-a9.txt), DFSR/DFAR/IFSR/IFAR and PAR included.
 */
class MmuScenarioTest {
    private static final String SCENARIO = "mmu-scenario.txt";
    private static final String RECORDING = "mmu-scenario-cortex-a9.txt";

    @Test
    void emulatorPrintsWhatQemuPrinted() {
        MmuScenario scenario = MmuScenario.parse(QemuBareMetal.resource(SCENARIO));
        Cpu cpu = new Cpu();
        RamBus bus = new RamBus(0x60000000, 32 << 20);
        Cp15 cp15 = new Cp15(cpu, CpuModel.CORTEX_A9, 0x1e000000, bus);
        MmuMemory memory = new MmuMemory(cp15, cpu.state);
        String actual = scenario.run(cp15, memory, bus, cpu.state);
        Cp15ProbeTest.assertLinesEqual(QemuBareMetal.resource(RECORDING), actual);
    }

    @Test
    void directRamPathGivesTheSameResults() {
        MmuScenario scenario = MmuScenario.parse(QemuBareMetal.resource(SCENARIO));
        Cpu cpu = new Cpu();
        RamBus bus = new RamBus(0x60000000, 32 << 20);
        Cp15 cp15 = new Cp15(cpu, CpuModel.CORTEX_A9, 0x1e000000, bus);
        cp15.tlb().setDirectRam(DirectRam.of(bus.ram));
        MmuMemory memory = new MmuMemory(cp15, cpu.state);
        String actual = scenario.run(cp15, memory, bus, cpu.state);
        Cp15ProbeTest.assertLinesEqual(QemuBareMetal.resource(RECORDING), actual);
    }

    /** The recording is QEMU's truth: the interpreter run on QEMU now must print it again. */
    @Test
    @Tag("qemu")
    void recordingIsWhatQemuPrints(@TempDir Path dir) {
        MmuScenario scenario = MmuScenario.parse(QemuBareMetal.resource(SCENARIO));
        Path elf = QemuBareMetal.build(dir, QemuBareMetal.Board.VEXPRESS_A9, "mmu-scenario.c",
                Map.of("scenario.h", scenario.cHeader()));
        assertEquals(QemuBareMetal.resource(RECORDING), QemuBareMetal.run(elf, QemuBareMetal.Board.VEXPRESS_A9));
    }
}
