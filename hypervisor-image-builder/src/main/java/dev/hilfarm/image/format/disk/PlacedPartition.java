package dev.hilfarm.image.format.disk;

import java.util.UUID;

/**
 * Where a partition went: first sector and sector count, MBR type byte (0 on GPT) or GPT type GUID, and the
 * partition's own GUID (GPT only, else null).
 */
public record PlacedPartition(int number, String name, long firstSector, long sectors, int mbrType, UUID typeGuid, UUID guid,
                              boolean bootable) {
    public long lastSector() {
        return firstSector + sectors - 1;
    }
}
