package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;

/**
 * Exact single steps for a debugger: one call executes exactly one instruction, or takes exactly
 * one pending interrupt (the stop is then at the vector, as on hardware and QEMU). {@link Cpu#run}
 * alone cannot promise that: when an interrupt is taken it goes on to execute the handler's first
 * instruction in the same call. So device events due now run first, and a pending unmasked
 * interrupt is taken with {@link Cpu#step()} on its own.
 *
 * <p>A core sleeping in WFI is woken the way {@link Cpu#run} wakes it, advancing virtual time
 * one instruction at a time until a device raises an interrupt line. Allocation-free.
 */
public final class CoreStepper {
    private final Cpu cpu;

    public CoreStepper(Cpu cpu) {
        this.cpu = cpu;
    }

    /**
     * Executes one instruction or takes one interrupt. Returns false, having done nothing, when
     * the core waits for an interrupt that no device will ever raise.
     */
    public boolean stepOne() {
        Cpu core = cpu;
        while (core.waitingForInterrupt) {
            core.events.runDue(core.instructionsRetired());
            if (core.irqLine || core.fiqLine) {
                // Any pending interrupt ends WFI, even a masked one (B1.8.12 of the ARM ARM).
                core.waitingForInterrupt = false;
                break;
            }
            if (core.run(1) == 0) {
                return false;
            }
        }
        core.events.runDue(core.instructionsRetired());
        CpuState s = core.state;
        if ((core.fiqLine && !s.maskF) || (core.irqLine && !s.maskI)) {
            core.step();
            return true;
        }
        core.run(1);
        return true;
    }
}
