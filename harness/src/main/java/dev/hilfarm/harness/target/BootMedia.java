package dev.hilfarm.harness.target;

/**
 * What a QEMU or emulator target boots: a kernel, device tree and initramfs loaded directly, or a
 * bootloader with storage images, which then boots whatever the storage holds (as a board does).
 */
public sealed interface BootMedia permits LinuxImages, UBootMedia {
    /** Names the images in reports. */
    String label();
}
