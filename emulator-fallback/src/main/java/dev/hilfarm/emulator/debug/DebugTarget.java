package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.memory.Bus;

/**
 * What a debugger needs from an emulated machine: its core, its physical address space (debugger
 * memory accesses translate through the core's MMU without faulting and then go straight to the
 * bus, so they ignore access permissions as a JTAG probe does), the VFP registers when the core
 * has an FPU, and whether the guest has ended (semihosting exit, power-off through SYS_CFG).
 */
public interface DebugTarget {
    Cpu cpu();

    Bus bus();

    /** The VFP register view, or null when the core has no FPU. */
    default VfpRegisters vfp() {
        return null;
    }

    /**
     * Runs the machine freely for up to {@code maxInstructions} instructions (fewer when the guest
     * ends or the core waits for an interrupt nothing will raise); returns how many retired. A
     * machine runs its own loop here (UART input, resets, power-off); a bare core just runs.
     */
    default long run(long maxInstructions) {
        return cpu().run(maxInstructions);
    }

    /** Whether the guest program has ended; the machine stops the core's run loop when it does. */
    default boolean guestExited() {
        return false;
    }

    /** The guest's exit status once {@link #guestExited()} (semihosting SYS_EXIT, 0 for a power-off). */
    default int guestExitStatus() {
        return 0;
    }

    /** A target without exit detection, e.g. for tests that build a bare core on RAM. */
    static DebugTarget of(Cpu cpu, Bus bus, VfpRegisters vfp) {
        return new DebugTarget() {
            @Override
            public Cpu cpu() {
                return cpu;
            }

            @Override
            public Bus bus() {
                return bus;
            }

            @Override
            public VfpRegisters vfp() {
                return vfp;
            }
        };
    }
}
