package dev.hilfarm.harness.flash;

/** A SoC boot ROM refused what was sent (an image too large for its SRAM, an unknown command). */
public final class BootRomFailure extends RuntimeException {
    public BootRomFailure(String message) {
        super(message);
    }
}
