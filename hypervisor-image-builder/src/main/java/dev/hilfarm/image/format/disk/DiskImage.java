package dev.hilfarm.image.format.disk;

import dev.hilfarm.image.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Writes an SD-card image: a partition table (MBR, or GPT with its protective MBR and backup)
 * and the partitions' contents, into a sparse file written atomically. Partitions start on 1 MiB
 * boundaries, as fdisk and sgdisk place them. GUIDs and the MBR disk signature derive from
 * {@code identity}, so the same request gives the same bytes.
 */
public final class DiskImage {
    static final int SECTOR = 512;
    static final long ALIGN_SECTORS = 2048;
    static final int GPT_ENTRIES = 128;
    static final int GPT_ENTRY_SIZE = 128;
    static final int GPT_ARRAY_SECTORS = GPT_ENTRIES * GPT_ENTRY_SIZE / SECTOR;
    public static final UUID GPT_BASIC_DATA = UUID.fromString("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");
    public static final UUID GPT_LINUX_FILESYSTEM = UUID.fromString("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
    static final int MBR_LINUX = 0x83;
    static final int MBR_PROTECTIVE = 0xee;

    private DiskImage() {
    }

    /** Writes the image and answers where each partition went. */
    public static List<PlacedPartition> write(Path target, PartitionTable table, long diskBytes, List<Partition> partitions, String identity)
            throws IOException {
        return write(target, table, diskBytes, partitions, identity, List.of());
    }

    /**
     * Writes the image with {@code raw} regions besides (boot loaders the boot ROM reads at fixed
     * offsets); a region that would overwrite the partition table or a partition is refused, naming both.
     */
    public static List<PlacedPartition> write(Path target, PartitionTable table, long diskBytes, List<Partition> partitions, String identity,
                                              List<RawRegion> raw) throws IOException {
        if (diskBytes % SECTOR != 0) {
            throw new IllegalArgumentException("the disk size must be a multiple of 512 bytes, not " + diskBytes);
        }
        long totalSectors = diskBytes / SECTOR;
        if (table == PartitionTable.MBR && partitions.size() > 4) {
            throw new IllegalArgumentException("an MBR holds 4 primary partitions, not " + partitions.size());
        }
        long lastUsable = table == PartitionTable.GPT ? totalSectors - 1 - 1 - GPT_ARRAY_SECTORS : totalSectors - 1;
        List<PlacedPartition> placed = new ArrayList<>();
        List<FatType> fatTypes = new ArrayList<>();
        long next = ALIGN_SECTORS;
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            long sectors;
            if (p.sizeBytes() == 0) {
                if (i != partitions.size() - 1) {
                    throw new IllegalArgumentException("only the last partition can take the rest of the disk (" + p.name() + " has size 0)");
                }
                sectors = lastUsable - next + 1;
            } else {
                sectors = (p.sizeBytes() + SECTOR - 1) / SECTOR;
            }
            if (sectors <= 0 || next + sectors - 1 > lastUsable) {
                throw new IllegalArgumentException("partition " + p.name() + " does not fit on a " + diskBytes + "-byte disk");
            }
            FatType fat = p.content() instanceof PartitionContent.Fat f ? f.type().orElse(FatFileSystem.defaultType(sectors * SECTOR)) : null;
            fatTypes.add(fat);
            int mbrType = table == PartitionTable.GPT ? 0 : fat != null ? fat.mbrType() : MBR_LINUX;
            UUID typeGuid = fat != null ? GPT_BASIC_DATA : GPT_LINUX_FILESYSTEM;
            UUID guid = table == PartitionTable.GPT ? guid(identity + "/partition/" + (i + 1)) : null;
            placed.add(new PlacedPartition(i + 1, p.name(), next, sectors, mbrType, typeGuid, guid, p.bootable()));
            next = (next + sectors + ALIGN_SECTORS - 1) / ALIGN_SECTORS * ALIGN_SECTORS;
        }
        long tableEnd = table == PartitionTable.GPT ? (2L + GPT_ARRAY_SECTORS) * SECTOR : SECTOR;
        long backupStart = table == PartitionTable.GPT ? (totalSectors - 1 - GPT_ARRAY_SECTORS) * SECTOR : diskBytes;
        for (RawRegion r : raw) {
            if (r.offset() < tableEnd || r.end() > backupStart) {
                throw new IllegalArgumentException(r.name() + " at 0x" + Long.toHexString(r.offset()) + ".." + "0x"
                        + Long.toHexString(r.end()) + " would overwrite the " + table + " partition table (bytes 0.." + tableEnd
                        + (backupStart < diskBytes ? " and from " + backupStart : "") + ")");
            }
            for (PlacedPartition p : placed) {
                long start = p.firstSector() * SECTOR;
                long end = start + p.sectors() * SECTOR;
                if (r.offset() < end && r.end() > start) {
                    throw new IllegalArgumentException(r.name() + " at 0x" + Long.toHexString(r.offset()) + ".." + "0x"
                            + Long.toHexString(r.end()) + " overlaps partition " + p.name() + " (0x" + Long.toHexString(start)
                            + ".." + "0x" + Long.toHexString(end) + ")");
                }
            }
        }
        AtomicFiles.writeChannel(target, channel -> {
            channel.truncate(0);
            for (RawRegion r : raw) {
                writeAt(channel, r.offset(), ByteBuffer.wrap(r.data()));
            }
            channel.write(ByteBuffer.allocate(1), diskBytes - 1);
            if (table == PartitionTable.MBR) {
                writeAt(channel, 0, mbr(placed, identity));
            } else {
                writeGpt(channel, totalSectors, placed, identity);
            }
            for (int i = 0; i < partitions.size(); i++) {
                PlacedPartition at = placed.get(i);
                long offset = at.firstSector() * SECTOR;
                PartitionContent content = partitions.get(i).content();
                if (content instanceof PartitionContent.Fat f) {
                    FatFileSystem.write(channel, offset, at.sectors() * SECTOR, at.firstSector(), fatTypes.get(i), f.label(),
                            (int) guid(identity + "/volume/" + (i + 1)).getMostSignificantBits(), f.files());
                } else if (content instanceof PartitionContent.Raw r) {
                    long size = Files.size(r.image());
                    if (size > at.sectors() * SECTOR) {
                        throw new IllegalArgumentException(r.image() + " (" + size + " bytes) does not fit partition " + at.name()
                                + " (" + at.sectors() * SECTOR + " bytes)");
                    }
                    try (FileChannel in = FileChannel.open(r.image())) {
                        long done = 0;
                        while (done < size) {
                            done += in.transferTo(done, size - done, channel.position(offset + done));
                        }
                    }
                }
            }
        });
        return placed;
    }

    static UUID guid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer mbr(List<PlacedPartition> placed, String identity) {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(440, (int) guid(identity + "/disk-signature").getLeastSignificantBits());
        for (PlacedPartition p : placed) {
            putMbrEntry(b, p.number() - 1, p.bootable(), p.mbrType(), p.firstSector(), p.sectors());
        }
        b.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        return b;
    }

    private static void putMbrEntry(ByteBuffer b, int index, boolean bootable, int type, long first, long sectors) {
        int at = 446 + 16 * index;
        b.put(at, (byte) (bootable ? 0x80 : 0));
        putChs(b, at + 1, first);
        b.put(at + 4, (byte) type);
        putChs(b, at + 5, first + sectors - 1);
        b.putInt(at + 8, (int) first).putInt(at + 12, (int) Math.min(sectors, 0xffffffffL));
    }

    /** Cylinder/head/sector for the usual 255-head, 63-sector geometry; past cylinder 1023 the maximum, as fdisk writes. */
    private static void putChs(ByteBuffer b, int at, long lba) {
        long cylinder = lba / (255 * 63);
        int head = (int) (lba / 63 % 255);
        int sector = (int) (lba % 63 + 1);
        if (cylinder > 1023) {
            cylinder = 1023;
            head = 254;
            sector = 63;
        }
        b.put(at, (byte) head).put(at + 1, (byte) (sector | ((cylinder >> 2) & 0xc0))).put(at + 2, (byte) cylinder);
    }

    private static void writeGpt(FileChannel channel, long totalSectors, List<PlacedPartition> placed, String identity) throws IOException {
        ByteBuffer protective = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        putMbrEntry(protective, 0, false, MBR_PROTECTIVE, 1, Math.min(totalSectors - 1, 0xffffffffL));
        // The protective entry's CHS end is all ones, as the UEFI specification asks.
        protective.put(446 + 5, (byte) 0xff).put(446 + 6, (byte) 0xff).put(446 + 7, (byte) 0xff);
        protective.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        writeAt(channel, 0, protective);

        ByteBuffer entries = ByteBuffer.allocate(GPT_ENTRIES * GPT_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (PlacedPartition p : placed) {
            int at = (p.number() - 1) * GPT_ENTRY_SIZE;
            entries.position(at);
            entries.put(guidBytes(p.typeGuid())).put(guidBytes(p.guid()));
            entries.putLong(p.firstSector()).putLong(p.lastSector()).putLong(p.bootable() ? 1L << 2 : 0);
            byte[] name = p.name().getBytes(StandardCharsets.UTF_16LE);
            entries.put(name, 0, Math.min(name.length, 72));
        }
        int entriesCrc = crc(entries.array(), 0, entries.capacity());
        long backupHeader = totalSectors - 1;
        long backupEntries = backupHeader - GPT_ARRAY_SECTORS;
        UUID disk = guid(identity + "/disk");
        writeAt(channel, 2L * SECTOR, entries.rewind());
        writeAt(channel, backupEntries * SECTOR, entries.rewind());
        writeAt(channel, SECTOR, gptHeader(1, backupHeader, 2, totalSectors, disk, entriesCrc));
        writeAt(channel, backupHeader * SECTOR, gptHeader(backupHeader, 1, backupEntries, totalSectors, disk, entriesCrc));
    }

    private static ByteBuffer gptHeader(long self, long alternate, long entriesLba, long totalSectors, UUID disk, int entriesCrc) {
        ByteBuffer h = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        h.put("EFI PART".getBytes(StandardCharsets.US_ASCII)).putInt(0x00010000).putInt(92).putInt(0).putInt(0);
        h.putLong(self).putLong(alternate).putLong(2 + GPT_ARRAY_SECTORS).putLong(totalSectors - 2 - GPT_ARRAY_SECTORS);
        h.put(guidBytes(disk)).putLong(entriesLba).putInt(GPT_ENTRIES).putInt(GPT_ENTRY_SIZE).putInt(entriesCrc);
        h.putInt(16, crc(h.array(), 0, 92));
        return h.rewind();
    }

    /** A GUID as GPT stores it: the first three fields little-endian, the last eight bytes as written. */
    static byte[] guidBytes(UUID u) {
        ByteBuffer b = ByteBuffer.allocate(16);
        long msb = u.getMostSignificantBits();
        b.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
        b.order(ByteOrder.BIG_ENDIAN).putLong(u.getLeastSignificantBits());
        return b.array();
    }

    static UUID guidFrom(byte[] bytes, int at) {
        ByteBuffer b = ByteBuffer.wrap(bytes, at, 16).order(ByteOrder.LITTLE_ENDIAN);
        long a = b.getInt() & 0xffffffffL;
        long c = b.getShort() & 0xffff;
        long d = b.getShort() & 0xffff;
        long lsb = b.order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID((a << 32) | (c << 16) | d, lsb);
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static void writeAt(FileChannel channel, long at, ByteBuffer buffer) throws IOException {
        buffer.rewind();
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
