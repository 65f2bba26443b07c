package dev.hilfarm.image.format.disk;

import dev.hilfarm.image.format.ImageFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a disk image's partition table, MBR or GPT (both GPT headers and their CRCs checked),
 * and the FAT file systems in it; a table that points past the end of the file or fails its CRC
 * is reported with the byte offset of the field at fault.
 */
public final class DiskImageReader {
    /** A disk image's partitions as its table gives them. */
    public record Layout(PartitionTable table, long fileSectors, List<PlacedPartition> partitions) {
    }

    private DiskImageReader() {
    }

    public static Layout read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file)) {
            return read(channel, source);
        }
    }

    static Layout read(FileChannel channel, String source) throws IOException {
        long size = channel.size();
        long sectors = size / DiskImage.SECTOR;
        ByteBuffer mbr = FatReader.read(channel, 0, DiskImage.SECTOR, source);
        if ((mbr.get(510) & 0xff) != 0x55 || (mbr.get(511) & 0xff) != 0xaa) {
            throw new ImageFormatException(source, 510, "no boot signature 55 aa: not an MBR or GPT disk image");
        }
        boolean protective = false;
        for (int i = 0; i < 4; i++) {
            protective |= (mbr.get(446 + 16 * i + 4) & 0xff) == DiskImage.MBR_PROTECTIVE;
        }
        if (protective) {
            return readGpt(channel, source, sectors);
        }
        List<PlacedPartition> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int at = 446 + 16 * i;
            int type = mbr.get(at + 4) & 0xff;
            long first = mbr.getInt(at + 8) & 0xffffffffL;
            long count = mbr.getInt(at + 12) & 0xffffffffL;
            if (type == 0 || count == 0) {
                continue;
            }
            if (first + count > sectors) {
                throw new ImageFormatException(source, at + 12, String.format("partition %d (sectors %d-%d) runs past the end of the %d-sector file",
                        i + 1, first, first + count - 1, sectors));
            }
            parts.add(new PlacedPartition(i + 1, "", first, count, type, null, null, (mbr.get(at) & 0xff) == 0x80));
        }
        return new Layout(PartitionTable.MBR, sectors, parts);
    }

    private static Layout readGpt(FileChannel channel, String source, long sectors) throws IOException {
        ByteBuffer header = gptHeader(channel, source, 1, sectors);
        long alternate = header.getLong(32);
        long entriesLba = header.getLong(72);
        int count = header.getInt(80);
        int entrySize = header.getInt(84);
        if (entrySize < 128 || count <= 0 || (long) count * entrySize > (1 << 20)) {
            throw new ImageFormatException(source, 512 + 80, count + " partition entries of " + entrySize + " bytes is not a GPT entry array");
        }
        ByteBuffer entries = FatReader.read(channel, entriesLba * DiskImage.SECTOR, count * entrySize, source);
        int crc = DiskImage.crc(entries.array(), 0, count * entrySize);
        if (crc != header.getInt(88)) {
            throw new ImageFormatException(source, 512 + 88, String.format("partition entry array CRC is 0x%08x in the header, the entries give 0x%08x",
                    header.getInt(88), crc));
        }
        ByteBuffer backup = gptHeader(channel, source, alternate, sectors);
        if (backup.getInt(88) != crc) {
            throw new ImageFormatException(source, alternate * DiskImage.SECTOR + 88, "the backup GPT header's entry CRC differs from the primary's");
        }
        long firstUsable = header.getLong(40);
        long lastUsable = header.getLong(48);
        List<PlacedPartition> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            UUID type = DiskImage.guidFrom(entries.array(), at);
            if (type.getMostSignificantBits() == 0 && type.getLeastSignificantBits() == 0) {
                continue;
            }
            long first = entries.getLong(at + 32);
            long last = entries.getLong(at + 40);
            if (first < firstUsable || last > lastUsable || last < first) {
                throw new ImageFormatException(source, entriesLba * DiskImage.SECTOR + at + 32,
                        String.format("partition %d (sectors %d-%d) is outside the usable sectors %d-%d", i + 1, first, last, firstUsable, lastUsable));
            }
            String name = new String(entries.array(), at + 56, 72, StandardCharsets.UTF_16LE);
            int nul = name.indexOf('\0');
            name = nul < 0 ? name : name.substring(0, nul);
            boolean bootable = (entries.getLong(at + 48) & (1L << 2)) != 0;
            parts.add(new PlacedPartition(i + 1, name, first, last - first + 1, 0, type, DiskImage.guidFrom(entries.array(), at + 16), bootable));
        }
        return new Layout(PartitionTable.GPT, sectors, parts);
    }

    private static ByteBuffer gptHeader(FileChannel channel, String source, long lba, long sectors) throws IOException {
        long at = lba * DiskImage.SECTOR;
        if (lba >= sectors) {
            throw new ImageFormatException(source, sectors * DiskImage.SECTOR, "file ends before the GPT header at sector " + lba + " (byte " + at + ")");
        }
        ByteBuffer h = FatReader.read(channel, at, DiskImage.SECTOR, source);
        if (!new String(h.array(), 0, 8, StandardCharsets.US_ASCII).equals("EFI PART")) {
            throw new ImageFormatException(source, at, "no \"EFI PART\" GPT header signature at sector " + lba);
        }
        int headerSize = h.getInt(12);
        if (headerSize < 92 || headerSize > DiskImage.SECTOR) {
            throw new ImageFormatException(source, at + 12, "GPT header size " + headerSize + " is impossible");
        }
        byte[] copy = java.util.Arrays.copyOf(h.array(), headerSize);
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0);
        int crc = DiskImage.crc(copy, 0, headerSize);
        if (crc != h.getInt(16)) {
            throw new ImageFormatException(source, at + 16, String.format("GPT header CRC is 0x%08x, the header gives 0x%08x", h.getInt(16), crc));
        }
        return h;
    }

    /** What {@code hil image inspect} prints for a bare FAT file system (a partition image, no partition table). */
    public static String describeFatVolume(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            FatReader.Volume v = FatReader.read(channel, 0, file.toString());
            StringBuilder b = new StringBuilder(String.format("%s file system \"%s\", %d clusters of %d bytes%n", v.type(), v.label(),
                    v.clusters(), v.clusterBytes()));
            for (FatReader.Entry e : v.files()) {
                b.append(String.format("  %-24s %d bytes%n", e.name(), e.size()));
            }
            return b.toString().stripTrailing();
        }
    }

    /** Whether the file starts with a FAT boot sector rather than a partition table. */
    public static boolean startsWithFatVolume(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            return channel.size() >= 512 && FatReader.isFat(channel, 0);
        }
    }

    /** What {@code hil image inspect} prints for a disk image: the table, each partition, and the files of each FAT partition. */
    public static String describe(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file)) {
            Layout layout = read(channel, source);
            StringBuilder b = new StringBuilder(String.format("disk image, %s partition table, %d sectors (%d bytes)%n", layout.table(),
                    layout.fileSectors(), channel.size()));
            for (PlacedPartition p : layout.partitions()) {
                String type = layout.table() == PartitionTable.MBR ? String.format("type 0x%02x", p.mbrType()) : "type " + p.typeGuid();
                b.append(String.format("  %d: sectors %d-%d (%d bytes), %s%s%s%n", p.number(), p.firstSector(), p.lastSector(),
                        p.sectors() * DiskImage.SECTOR, type, p.bootable() ? ", bootable" : "", p.name().isEmpty() ? "" : ", \"" + p.name() + "\""));
                Optional<FatReader.Volume> fat = FatReader.tryRead(channel, p.firstSector() * DiskImage.SECTOR, source);
                if (fat.isPresent()) {
                    FatReader.Volume v = fat.get();
                    b.append(String.format("     %s \"%s\", %d clusters of %d bytes%n", v.type(), v.label(), v.clusters(), v.clusterBytes()));
                    for (FatReader.Entry e : v.files()) {
                        b.append(String.format("       %-24s %d bytes%n", e.name(), e.size()));
                    }
                }
            }
            return b.toString().stripTrailing();
        }
    }
}
