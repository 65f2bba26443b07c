package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.isa.ArmInstructions;
import dev.hilfarm.emulator.isa.ThumbInstructions;
import dev.hilfarm.emulator.system.Cp14Debug;
import dev.hilfarm.emulator.system.Cp15;
import dev.hilfarm.emulator.system.MmuMemory;
import dev.hilfarm.emulator.vfp.VfpUnit;

/**
 * The complete core of the emulator: the ARM and Thumb-2 instruction sets, CP15 with the MMU (as
 * the core's view of memory), the CP14 debug registers and the VFPv3-D16 unit, for the CPU model
 * of the machine's board profile and with CBAR at the machine's private peripheral base (0 on a
 * Cortex-A8, which has none). The TLB
 * serves hits on RAM from the bus's page arrays ({@link BusDirectRam}). CP15 and CP14 return to
 * their reset state when the machine resets. Semihosting is not installed: a caller
 * that wants it sets {@code cpu.semihosting} after building the machine.
 */
public final class StandardCpuWiring implements CpuWiring {
    @Override
    public void wire(Machine machine, Cpu cpu) {
        Cp15 cp15 = new Cp15(cpu, machine.profile().cpu().model(), machine.privatePeripheralBase(), machine.bus());
        // The VFP unit has sixteen double registers and no Advanced SIMD; CPACR says so.
        cp15.setSimdFeatures(false, false);
        Cp14Debug cp14 = new Cp14Debug(machine.profile().cpu().model());
        cpu.coprocessors[15] = cp15;
        cpu.coprocessors[14] = cp14;
        cpu.systemControl = cp15;
        cpu.memory = new MmuMemory(cp15, cpu.state);
        // TLB hits on RAM go straight to the bus's page arrays, except writes to pages holding
        // decoded instructions, which go through the bus so that it drops the stale decodes.
        cp15.tlb().setDirectRam(new BusDirectRam(machine.bus()));
        cpu.fpu = new VfpUnit(cp15::cpacr, machine.profile().cpu().model() == CpuModel.CORTEX_A8
                ? VfpUnit.FPSID_CORTEX_A8 : VfpUnit.FPSID);
        cpu.arm = new ArmInstructions();
        cpu.thumb = new ThumbInstructions();
        machine.onReset(cp15::reset);
        machine.onReset(cp14::reset);
    }
}
