package dev.hilfarm.emulator.machine;

/**
 * How a machine keeps time and waits.
 *
 * @param nanosPerUnit       with {@code instructionsPerUnit}: virtual nanoseconds per instruction
 * @param instructionsPerUnit see {@code nanosPerUnit}
 * @param rtcEpochSeconds    what the PL031 real-time clock reads at virtual time zero (Unix seconds)
 * @param syncToWallClock    keep virtual time from running ahead of the host's clock (the guest then
 *                           sees real time pass while idle); off by default, which makes every run
 *                           of an image identical
 * @param waitForInput       when the guest waits for an interrupt that only UART input could bring,
 *                           block until input arrives; otherwise {@link VexpressA9Machine#run} returns
 *                           {@link RunResult.Reason#IDLE}
 * @param sliceInstructions  instructions run between checks for input, stop requests and resets
 */
public record MachineOptions(long nanosPerUnit, long instructionsPerUnit, long rtcEpochSeconds,
                             boolean syncToWallClock, boolean waitForInput, long sliceInstructions) {

    public MachineOptions {
        if (nanosPerUnit <= 0 || instructionsPerUnit <= 0 || sliceInstructions <= 0) {
            throw new IllegalArgumentException("time rates and the slice length must be positive");
        }
    }

    /** 1 ns per instruction, RTC at 2025-01-01, deterministic, no waiting for input. */
    public static MachineOptions defaults() {
        return new MachineOptions(1, 1, dev.hilfarm.emulator.device.Pl031Rtc.DEFAULT_EPOCH_SECONDS,
                false, false, 1 << 18);
    }

    public MachineOptions withSyncToWallClock(boolean sync) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, rtcEpochSeconds, sync, waitForInput, sliceInstructions);
    }

    public MachineOptions withWaitForInput(boolean wait) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, rtcEpochSeconds, syncToWallClock, wait, sliceInstructions);
    }

    public MachineOptions withRtcEpochSeconds(long seconds) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, seconds, syncToWallClock, waitForInput, sliceInstructions);
    }

    public MachineOptions withNanosPerInstruction(long nanos, long perInstructions) {
        return new MachineOptions(nanos, perInstructions, rtcEpochSeconds, syncToWallClock, waitForInput, sliceInstructions);
    }
}
