package dev.hilfarm.harness.strategy;

/** Where a target is on its way from no power to a Linux shell. */
public enum BootState {
    /** Not known: at start, or after a test crashed or rebooted the board. */
    UNKNOWN,
    OFF,
    /** At the bootloader's prompt, autoboot interrupted. */
    BOOTLOADER,
    /** At a Linux shell prompt on the console. */
    SHELL,
    /** A transition failed; every later use reports an infrastructure failure until reset. */
    BROKEN
}
