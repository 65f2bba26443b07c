package dev.hilfarm.emulator.machine;

import java.nio.file.Path;
import java.util.List;

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
 * @param sdCard             SD card image in the MMCI slot (QEMU's -sd), or null for an empty slot
 * @param flashImages        backing files of NOR flash 0 and 1 in that order (QEMU's -pflash,
 *                           repeated); a flash without one starts zeroed and forgets its writes
 */
public record MachineOptions(long nanosPerUnit, long instructionsPerUnit, long rtcEpochSeconds,
                             boolean syncToWallClock, boolean waitForInput, long sliceInstructions,
                             Path sdCard, List<Path> flashImages) {

    public MachineOptions {
        if (nanosPerUnit <= 0 || instructionsPerUnit <= 0 || sliceInstructions <= 0) {
            throw new IllegalArgumentException("time rates and the slice length must be positive");
        }
        flashImages = List.copyOf(flashImages);
        if (flashImages.size() > 2) {
            throw new IllegalArgumentException("vexpress-a9 has two NOR flashes; " + flashImages.size() + " flash images given");
        }
    }

    public MachineOptions withSdCard(Path image) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, rtcEpochSeconds, syncToWallClock, waitForInput,
                sliceInstructions, image, flashImages);
    }

    /** Backing files for NOR flash 0 and (optionally) 1, as QEMU's -pflash given once or twice. */
    public MachineOptions withFlashImages(List<Path> images) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, rtcEpochSeconds, syncToWallClock, waitForInput,
                sliceInstructions, sdCard, images);
    }

    /** 1 ns per instruction, RTC at 2025-01-01, deterministic, no waiting for input. */
    public static MachineOptions defaults() {
        return new MachineOptions(1, 1, dev.hilfarm.emulator.device.Pl031Rtc.DEFAULT_EPOCH_SECONDS,
                false, false, 1 << 18, null, List.of());
    }

    public MachineOptions withSyncToWallClock(boolean sync) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, rtcEpochSeconds, sync, waitForInput, sliceInstructions, sdCard, flashImages);
    }

    public MachineOptions withWaitForInput(boolean wait) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, rtcEpochSeconds, syncToWallClock, wait, sliceInstructions, sdCard, flashImages);
    }

    public MachineOptions withRtcEpochSeconds(long seconds) {
        return new MachineOptions(nanosPerUnit, instructionsPerUnit, seconds, syncToWallClock, waitForInput, sliceInstructions, sdCard, flashImages);
    }

    public MachineOptions withNanosPerInstruction(long nanos, long perInstructions) {
        return new MachineOptions(nanos, perInstructions, rtcEpochSeconds, syncToWallClock, waitForInput, sliceInstructions, sdCard, flashImages);
    }
}
