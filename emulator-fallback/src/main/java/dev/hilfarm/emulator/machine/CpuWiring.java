package dev.hilfarm.emulator.machine;

import dev.hilfarm.emulator.cpu.Cpu;

/**
 * Installs the parts of a core that other packages provide (instruction sets, VFP, CP15 and the
 * MMU, semihosting) once the machine has built its bus and devices. The machine has already set
 * {@code cpu.events}, connected the GIC to {@code cpu.irqLine}/{@code fiqLine} and given the CPU
 * an MMU-off {@code DirectMemory} view of the bus, which a wiring with an MMU replaces.
 */
@FunctionalInterface
public interface CpuWiring {
    void wire(Machine machine, Cpu cpu);

    /** Leaves the core as the machine built it (for tests that set the parts themselves). */
    CpuWiring NONE = (machine, cpu) -> { };
}
