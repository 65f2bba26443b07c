package dev.hilfarm.image.format.disk;

/** How a disk image records its partitions. */
public enum PartitionTable {
    /** The DOS partition table in sector 0 (what the OMAP boot ROMs read). */
    MBR,
    /** A GUID partition table with a protective MBR and a backup at the end of the disk. */
    GPT
}
