package dev.hilfarm.harness.strategy;

import java.time.Duration;

/**
 * Bounds for every wait of a boot. {@code linuxBoot} runs from power-on (or the boot command) to
 * the shell prompt; {@code bootloaderBanner} from power-on to U-Boot's autoboot message.
 */
public record BootTimeouts(Duration bootloaderBanner, Duration linuxBoot, Duration shellCheck) {
    public static BootTimeouts defaults() {
        return new BootTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(180), Duration.ofSeconds(20));
    }
}
