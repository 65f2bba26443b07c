package dev.hilfarm.emulator.flash;

import java.nio.file.Path;

/**
 * A named region of an emulated board's storage that flashing protocols write: a fastboot
 * partition, a DFU alternate setting. {@code size} bytes at {@code offset} of a backing file (an
 * SD-card image, a NOR flash bank, or a file of its own).
 */
public record StorageRegion(String name, Path file, long offset, long size) {
    public StorageRegion {
        if (name.isEmpty() || name.contains(":") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("storage region name '" + name + "': no spaces or colons");
        }
        if (offset < 0 || size <= 0) {
            throw new IllegalArgumentException("storage region " + name + ": offset " + offset + ", size " + size);
        }
    }
}
