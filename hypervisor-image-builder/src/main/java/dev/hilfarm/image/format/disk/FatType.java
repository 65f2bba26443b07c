package dev.hilfarm.image.format.disk;

/** The FAT variants hil formats: 16-bit FAT entries with a fixed root directory, or 28-bit ones with a root directory in clusters. */
public enum FatType {
    FAT16(2, 0x0e, "FAT16   "), FAT32(4, 0x0c, "FAT32   ");

    private final int entryBytes;
    private final int mbrType;
    private final String label;

    FatType(int entryBytes, int mbrType, String label) {
        this.entryBytes = entryBytes;
        this.mbrType = mbrType;
        this.label = label;
    }

    int entryBytes() {
        return entryBytes;
    }

    /** The MBR partition type: LBA-addressed FAT16 (0x0e) or FAT32 (0x0c). */
    public int mbrType() {
        return mbrType;
    }

    /** The file system type string of the boot sector. */
    String bootSectorLabel() {
        return label;
    }
}
