package dev.hilfarm.image.format.disk;

/**
 * A partition to create: its name (the GPT partition name; unused in an MBR), size in bytes (0 =
 * the rest of the disk, allowed for the last one only), whether it is the bootable / active one,
 * and its content.
 */
public record Partition(String name, long sizeBytes, boolean bootable, PartitionContent content) {
}
