package dev.hilfarm.image.format.disk;

/**
 * Bytes written at a fixed offset of the disk outside every partition: where the Allwinner and
 * i.MX boot ROMs read their first stage (8 KiB, 1 KiB) and SPL its next stage, in the gap
 * between the partition table and the first partition.
 */
public record RawRegion(String name, long offset, byte[] data) {
    public RawRegion {
        if (offset < 0) {
            throw new IllegalArgumentException(name + ": negative offset " + offset);
        }
    }

    public long end() {
        return offset + data.length;
    }
}
