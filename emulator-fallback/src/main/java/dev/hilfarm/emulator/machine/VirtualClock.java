package dev.hilfarm.emulator.machine;

import java.util.function.LongSupplier;

/**
 * The machine's notion of time. Time is the number of instructions the CPU has retired (the
 * CPU's run loop also advances it across WFI idle periods), converted to nanoseconds at a fixed
 * rate, so the same image produces the same device timings on every run: no wall clock is read
 * anywhere. Devices work in nanoseconds and their own clock ticks; the scheduler works in
 * instructions.
 *
 * <p>The rate is {@code nanosPerUnit / instructionsPerUnit} nanoseconds per instruction; the
 * default 1 ns per instruction is what QEMU's {@code -icount shift=0} uses, and makes a 24 MHz
 * counter advance by 24 every thousand instructions.
 */
public final class VirtualClock {
    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier instructions;
    private final long nanosPerUnit;
    private final long instructionsPerUnit;

    /**
     * @param instructions the retired-instruction count (usually {@code cpu::instructionsRetired})
     * @param nanosPerUnit nanoseconds that pass ...
     * @param instructionsPerUnit ... per this many instructions
     */
    public VirtualClock(LongSupplier instructions, long nanosPerUnit, long instructionsPerUnit) {
        if (nanosPerUnit <= 0 || instructionsPerUnit <= 0) {
            throw new IllegalArgumentException("the clock rate must be positive: " + nanosPerUnit + " ns per "
                    + instructionsPerUnit + " instructions");
        }
        this.instructions = instructions;
        this.nanosPerUnit = nanosPerUnit;
        this.instructionsPerUnit = instructionsPerUnit;
    }

    /** One nanosecond per instruction. */
    public VirtualClock(LongSupplier instructions) {
        this(instructions, 1, 1);
    }

    /** The current instruction count. */
    public long instructions() {
        return instructions.getAsLong();
    }

    /** The current virtual time in nanoseconds. */
    public long nanos() {
        return toNanos(instructions.getAsLong());
    }

    /** The virtual time at an instruction count (rounded down). */
    public long toNanos(long instructionCount) {
        return scaleDown(instructionCount, nanosPerUnit, instructionsPerUnit);
    }

    /** The first instruction count at which the virtual time is at least {@code nanos}. */
    public long instructionsAt(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return scaleUp(nanos, instructionsPerUnit, nanosPerUnit);
    }

    /** How many ticks of a {@code hz} clock have passed in {@code nanos} nanoseconds (rounded down). */
    public static long ticks(long nanos, long hz) {
        return scaleDown(nanos, hz, NANOS_PER_SECOND);
    }

    /** The first nanosecond at which {@code ticks} ticks of a {@code hz} clock have passed. */
    public static long nanosForTicks(long ticks, long hz) {
        return scaleUp(ticks, NANOS_PER_SECOND, hz);
    }

    /** floor(value * multiplier / divisor) for non-negative operands, without overflowing for the rates used here. */
    static long scaleDown(long value, long multiplier, long divisor) {
        if (multiplier == divisor) {
            return value;
        }
        return (value / divisor) * multiplier + (value % divisor) * multiplier / divisor;
    }

    /** ceil(value * multiplier / divisor) for non-negative operands. */
    static long scaleUp(long value, long multiplier, long divisor) {
        if (multiplier == divisor) {
            return value;
        }
        long whole = (value / divisor) * multiplier;
        long part = (value % divisor) * multiplier;
        return whole + part / divisor + (part % divisor == 0 ? 0 : 1);
    }
}
