package dev.hilfarm.image.format.disk;

/** A file in a FAT root directory: its name (long names allowed) and content. */
public record FatFile(String name, byte[] data) {
}
