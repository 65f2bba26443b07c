package dev.hilfarm.harness.flash;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes an image file to a named partition of a board and checks what landed, whatever the
 * protocol: {@link FastbootFlasher}, {@link DfuFlasher}. {@code hil flash} drives one of them.
 */
public interface PartitionWriter {
    /** Bytes sent so far of {@code total}. */
    @FunctionalInterface
    interface Progress {
        void sent(long bytes, long total);
    }

    /** How the written content was checked. */
    sealed interface Verification {
        /** Read back from the device: {@code bytes} compared, all equal. */
        record ReadBack(long bytes) implements Verification {
        }

        /** Not checked, and why. */
        record Unverified(String reason) implements Verification {
        }
    }

    /** One partition written: what was sent, in how many transfers, how long it took, how it was checked. */
    record Written(String partition, Path image, long sent, int downloads, Duration took, Verification verification) {
    }

    Written write(String partition, Path image, Progress progress);
}
