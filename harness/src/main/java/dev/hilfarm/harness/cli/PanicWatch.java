package dev.hilfarm.harness.cli;

import dev.hilfarm.emulator.device.ByteSink;
import java.nio.charset.StandardCharsets;

/**
 * Passes console bytes on and notices the kernel's panic line ("Kernel panic - not syncing") as
 * it goes by, byte by byte and without allocating, so the emulator can save how the guest got
 * there at that moment.
 */
final class PanicWatch implements ByteSink {
    private static final byte[] PANIC = "Kernel panic - not syncing".getBytes(StandardCharsets.US_ASCII);

    private final ByteSink next;
    private final Runnable onPanic;
    private int matched;
    private boolean fired;

    PanicWatch(ByteSink next, Runnable onPanic) {
        this.next = next;
        this.onPanic = onPanic;
    }

    @Override
    public void write(int value) {
        next.write(value);
        if (fired) {
            return;
        }
        // The pattern has no repeated prefix, so a mismatch can only restart at its first byte.
        matched = value == PANIC[matched] ? matched + 1 : value == PANIC[0] ? 1 : 0;
        if (matched == PANIC.length) {
            fired = true;
            onPanic.run();
        }
    }
}
