package dev.hilfarm.image.format.disk;

import dev.hilfarm.image.format.ImageFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the root directory of a FAT12/16/32 file system inside an image, for {@code hil image inspect} and the tests. */
public final class FatReader {
    /** A root-directory file: long name if it has one, size, first cluster and the file's bytes. */
    public record Entry(String name, long size, long firstCluster, byte[] data) {
    }

    /** What the boot sector says and what the root directory holds. */
    public record Volume(String type, String label, long clusters, int clusterBytes, List<Entry> files) {
    }

    private FatReader() {
    }

    /** Whether the sector at {@code offset} looks like a FAT boot sector. */
    public static boolean isFat(FileChannel channel, long offset) throws IOException {
        ByteBuffer b = read(channel, offset, 512, "?");
        String t16 = new String(b.array(), 54, 5, StandardCharsets.US_ASCII);
        String t32 = new String(b.array(), 82, 5, StandardCharsets.US_ASCII);
        return (b.array()[510] & 0xff) == 0x55 && (b.array()[511] & 0xff) == 0xaa && (t16.startsWith("FAT") || t32.startsWith("FAT32"));
    }

    public static Volume read(FileChannel channel, long offset, String source) throws IOException {
        ByteBuffer boot = read(channel, offset, 512, source);
        int bps = boot.getShort(11) & 0xffff;
        int spc = boot.get(13) & 0xff;
        int reserved = boot.getShort(14) & 0xffff;
        int fats = boot.get(16) & 0xff;
        int rootEntries = boot.getShort(17) & 0xffff;
        long total = (boot.getShort(19) & 0xffff) != 0 ? boot.getShort(19) & 0xffff : boot.getInt(32) & 0xffffffffL;
        long fatSize = (boot.getShort(22) & 0xffff) != 0 ? boot.getShort(22) & 0xffff : boot.getInt(36) & 0xffffffffL;
        if (bps == 0 || spc == 0 || fats == 0 || Integer.bitCount(bps) != 1) {
            throw new ImageFormatException(source, offset + 11, "FAT boot sector with impossible geometry (" + bps + " bytes per sector, "
                    + spc + " sectors per cluster, " + fats + " FATs)");
        }
        long rootSectors = (rootEntries * 32L + bps - 1) / bps;
        long firstData = reserved + fats * fatSize + rootSectors;
        long clusters = (total - firstData) / spc;
        String type = clusters < 4085 ? "FAT12" : clusters < 65525 ? "FAT16" : "FAT32";
        boolean fat32 = type.equals("FAT32");
        String label = new String(boot.array(), fat32 ? 71 : 43, 11, StandardCharsets.US_ASCII).strip();
        int clusterBytes = spc * bps;
        long fatAt = offset + (long) reserved * bps;
        ByteBuffer fat = read(channel, fatAt, (int) Math.min(fatSize * bps, 64L << 20), source);
        byte[] root;
        if (fat32) {
            root = readChain(channel, offset, firstData, bps, clusterBytes, fat, true, boot.getInt(44) & 0x0fffffffL, -1, clusters, source);
        } else {
            root = read(channel, offset + (reserved + fats * fatSize) * bps, (int) rootSectors * bps, source).array();
        }
        List<Entry> files = new ArrayList<>();
        StringBuilder longName = new StringBuilder();
        for (int at = 0; at + 32 <= root.length; at += 32) {
            int first = root[at] & 0xff;
            if (first == 0) {
                break;
            }
            int attr = root[at + 11] & 0xff;
            if (first == 0xe5) {
                longName.setLength(0);
                continue;
            }
            if (attr == 0x0f) {
                longName.insert(0, longNamePart(root, at));
                continue;
            }
            if ((attr & 0x08) != 0 || (attr & 0x10) != 0) {
                longName.setLength(0);
                continue;
            }
            ByteBuffer e = ByteBuffer.wrap(root, at, 32).order(ByteOrder.LITTLE_ENDIAN);
            long cluster = ((e.getShort(at + 20) & 0xffffL) << 16) | (e.getShort(at + 26) & 0xffff);
            long size = e.getInt(at + 28) & 0xffffffffL;
            String name = longName.length() > 0 ? longName.toString() : shortName(root, at);
            longName.setLength(0);
            byte[] data = size == 0 ? new byte[0]
                    : readChain(channel, offset, firstData, bps, clusterBytes, fat, fat32, cluster, size, clusters, source);
            files.add(new Entry(name, size, cluster, data));
        }
        return new Volume(type, label, clusters, clusterBytes, files);
    }

    private static String longNamePart(byte[] root, int at) {
        int[] slots = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
        StringBuilder b = new StringBuilder();
        for (int slot : slots) {
            char c = (char) ((root[at + slot] & 0xff) | ((root[at + slot + 1] & 0xff) << 8));
            if (c == 0 || c == 0xffff) {
                break;
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String shortName(byte[] root, int at) {
        int flags = root[at + 12] & 0xff;
        String base = new String(root, at, 8, StandardCharsets.US_ASCII).stripTrailing();
        String ext = new String(root, at + 8, 3, StandardCharsets.US_ASCII).stripTrailing();
        if ((flags & 0x08) != 0) {
            base = base.toLowerCase(java.util.Locale.ROOT);
        }
        if ((flags & 0x10) != 0) {
            ext = ext.toLowerCase(java.util.Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    /** The bytes of a cluster chain ({@code size} < 0: the whole chain), checking every link is a cluster of the volume. */
    private static byte[] readChain(FileChannel channel, long offset, long firstData, int bps, int clusterBytes, ByteBuffer fat, boolean fat32,
                                    long cluster, long size, long clusters, String source) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long remaining = size;
        int links = 0;
        while (size < 0 || remaining > 0) {
            if (cluster < 2 || cluster >= clusters + 2) {
                long entryAt = fat32 ? cluster * 4 : cluster * 2;
                throw new ImageFormatException(source, offset, String.format("FAT chain reaches cluster %d (FAT entry at byte %d of the FAT), outside the %d clusters",
                        cluster, entryAt, clusters));
            }
            long at = offset + (firstData + (cluster - 2) * (clusterBytes / bps)) * bps;
            out.writeBytes(read(channel, at, clusterBytes, source).array());
            remaining -= clusterBytes;
            long next = fat32 ? fat.getInt((int) (cluster * 4)) & 0x0fffffffL : fat.getShort((int) (cluster * 2)) & 0xffffL;
            if (next >= (fat32 ? 0x0ffffff8L : 0xfff8)) {
                break;
            }
            cluster = next;
            if (++links > clusters) {
                throw new ImageFormatException(source, offset, "FAT chain loops");
            }
        }
        byte[] data = out.toByteArray();
        if (size >= 0 && data.length < size) {
            throw new ImageFormatException(source, offset, "a file's cluster chain ends after " + data.length + " of its " + size + " bytes");
        }
        return size < 0 ? data : java.util.Arrays.copyOf(data, (int) size);
    }

    static ByteBuffer read(FileChannel channel, long at, int length, String source) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int n = channel.read(b, at + b.position());
            if (n < 0) {
                throw new ImageFormatException(source, at + b.position(), "file ends inside a " + length + "-byte read at byte " + at);
            }
        }
        return b.rewind();
    }

    static Optional<Volume> tryRead(FileChannel channel, long offset, String source) throws IOException {
        return isFat(channel, offset) ? Optional.of(read(channel, offset, source)) : Optional.empty();
    }
}
