package dev.hilfarm.emulator.flash;

import java.nio.file.Path;

/**
 * A partition the emulated fastboot device can flash and erase: {@code size} bytes at
 * {@code offset} of a backing file (an SD-card image, a NOR flash bank, or a file of its own).
 */
public record FastbootPartition(String name, Path file, long offset, long size) {
    public FastbootPartition {
        if (name.isEmpty() || name.contains(":") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("fastboot partition name '" + name + "': no spaces or colons");
        }
        if (offset < 0 || size <= 0) {
            throw new IllegalArgumentException("fastboot partition " + name + ": offset " + offset + ", size " + size);
        }
    }
}
