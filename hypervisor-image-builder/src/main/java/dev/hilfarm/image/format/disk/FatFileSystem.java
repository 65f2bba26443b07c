package dev.hilfarm.image.format.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Formats a FAT16 or FAT32 file system and writes files into its root directory, in one pass,
 * without mounting anything: what a boot partition for an OMAP board needs (MLO first, then
 * u-boot.img, uEnv.txt, a kernel and dtbs). Maven Central has no maintained FAT library (the
 * last fat32-lib release is from 2013), so this is a small writer of our own.
 *
 * <p>Layout as the FAT specification (Microsoft, 2000) gives it: 512-byte sectors; two FATs;
 * FAT16 with one reserved sector and a 512-entry root directory; FAT32 with 32 reserved sectors
 * (FSInfo in sector 1, boot sector backup in sector 6) and the root directory in cluster 2. Files
 * are stored in contiguous clusters in the order given (the OMAP boot ROM wants MLO to be the
 * first file). Names that are not plain 8.3 get long-name (VFAT) entries; an all-lowercase 8.3
 * name is stored as a short name with the case flags Windows and Linux honour. Every time stamp
 * is 2000-01-01 00:00, so the same files give the same bytes.
 */
public final class FatFileSystem {
    static final int SECTOR = 512;
    private static final int FAT16_ROOT_ENTRIES = 512;
    private static final int FAT16_MAX_CLUSTERS = 65524;
    private static final int FAT16_MIN_CLUSTERS = 4085;
    private static final int FAT32_MIN_CLUSTERS = 65525;
    private static final int DATE_2000_01_01 = (20 << 9) | (1 << 5) | 1;

    /** Where the parts of the file system are, in sectors from its start. */
    record Geometry(FatType type, long totalSectors, int sectorsPerCluster, int reservedSectors, long fatSectors, int rootDirSectors,
                    long clusters) {
        long firstDataSector() {
            return reservedSectors + 2 * fatSectors + rootDirSectors;
        }

        int clusterBytes() {
            return sectorsPerCluster * SECTOR;
        }
    }

    private FatFileSystem() {
    }

    /** FAT16 where it fits (below 512 MiB), FAT32 above. */
    public static FatType defaultType(long sizeBytes) {
        return sizeBytes < (512L << 20) ? FatType.FAT16 : FatType.FAT32;
    }

    static Geometry geometry(FatType type, long sizeBytes) {
        long total = sizeBytes / SECTOR;
        if (type == FatType.FAT16) {
            for (int spc = 1; spc <= 64; spc *= 2) {
                Geometry g = layout(type, total, spc, 1, FAT16_ROOT_ENTRIES * 32 / SECTOR);
                if (g.clusters() <= FAT16_MAX_CLUSTERS) {
                    if (g.clusters() < FAT16_MIN_CLUSTERS) {
                        throw new IllegalArgumentException(sizeBytes + " bytes is too small for FAT16 (at least 4085 clusters; about 2.1 MiB)");
                    }
                    return g;
                }
            }
            throw new IllegalArgumentException(sizeBytes + " bytes is too large for FAT16 with 32 KiB clusters: use FAT32");
        }
        int preferred = sizeBytes <= (8L << 30) ? 8 : sizeBytes <= (16L << 30) ? 16 : sizeBytes <= (32L << 30) ? 32 : 64;
        for (int spc = preferred; spc >= 1; spc /= 2) {
            Geometry g = layout(type, total, spc, 32, 0);
            if (g.clusters() >= FAT32_MIN_CLUSTERS) {
                return g;
            }
        }
        throw new IllegalArgumentException(sizeBytes + " bytes is too small for FAT32 (at least 65525 clusters; about 33 MiB)");
    }

    /** The FAT size is found by iteration: it must hold an entry for every cluster the rest of the space makes. */
    private static Geometry layout(FatType type, long total, int spc, int reserved, int rootDirSectors) {
        long fatSectors = 1;
        while (true) {
            long clusters = (total - reserved - 2 * fatSectors - rootDirSectors) / spc;
            long needed = ((clusters + 2) * type.entryBytes() + SECTOR - 1) / SECTOR;
            if (needed <= fatSectors) {
                return new Geometry(type, total, spc, reserved, fatSectors, rootDirSectors, clusters);
            }
            fatSectors = needed;
        }
    }

    /**
     * Writes the file system into {@code channel} at byte {@code offset}, {@code sizeBytes} long;
     * {@code hiddenSectors} is the partition's first sector on the disk (the boot sector records it).
     */
    public static FatType write(FileChannel channel, long offset, long sizeBytes, long hiddenSectors, FatType type, String label,
                                int volumeId, List<FatFile> files) throws IOException {
        Geometry g = geometry(type, sizeBytes);
        long[] fat = new long[(int) Math.min(g.clusters() + 2, Integer.MAX_VALUE)];
        fat[0] = type == FatType.FAT16 ? 0xfff8 : 0x0ffffff8L;
        fat[1] = type == FatType.FAT16 ? 0xffff : 0x0fffffffL;
        long eoc = type == FatType.FAT16 ? 0xffff : 0x0fffffffL;

        List<byte[]> entries = new ArrayList<>();
        entries.add(labelEntry(label));
        Set<String> shortNames = new HashSet<>();
        int nextCluster = 2;
        List<byte[]> rootBytes = new ArrayList<>();
        // The FAT32 root directory comes first, in as many clusters as the entries need.
        int entryCount = 1;
        for (FatFile f : files) {
            entryCount += 1 + (needsLongName(f.name()) ? (f.name().length() + 12) / 13 : 0);
        }
        int rootClusters = 0;
        if (type == FatType.FAT32) {
            rootClusters = Math.max(1, (entryCount * 32 + g.clusterBytes() - 1) / g.clusterBytes());
            nextCluster = chain(fat, 2, rootClusters, eoc);
        } else if (entryCount > FAT16_ROOT_ENTRIES) {
            throw new IllegalArgumentException(files.size() + " files do not fit the 512-entry FAT16 root directory");
        }
        long[] starts = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            FatFile f = files.get(i);
            int clusters = (int) ((f.data().length + (long) g.clusterBytes() - 1) / g.clusterBytes());
            if (nextCluster + (long) clusters > g.clusters() + 2) {
                throw new IllegalArgumentException("the files do not fit a " + sizeBytes + "-byte FAT file system (" + f.name() + " does not)");
            }
            starts[i] = clusters == 0 ? 0 : nextCluster;
            nextCluster = chain(fat, nextCluster, clusters, eoc);
            entries.addAll(directoryEntries(f.name(), shortNames, starts[i], f.data().length));
        }

        ByteBuffer boot = bootSector(g, hiddenSectors, label, volumeId);
        write(channel, offset, boot);
        if (type == FatType.FAT32) {
            long free = g.clusters() - (nextCluster - 2);
            ByteBuffer info = fsInfo(free, nextCluster);
            write(channel, offset + SECTOR, info);
            write(channel, offset + 6L * SECTOR, boot.rewind());
            write(channel, offset + 7L * SECTOR, info.rewind());
        }
        ByteBuffer fatBytes = ByteBuffer.allocate((int) (g.fatSectors() * SECTOR)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < nextCluster; i++) {
            if (type == FatType.FAT16) {
                fatBytes.putShort(i * 2, (short) fat[i]);
            } else {
                fatBytes.putInt(i * 4, (int) fat[i]);
            }
        }
        for (int copy = 0; copy < 2; copy++) {
            long fatAt = offset + (g.reservedSectors() + copy * g.fatSectors()) * SECTOR;
            write(channel, fatAt, fatBytes.rewind());
        }
        ByteBuffer root = ByteBuffer.allocate(type == FatType.FAT16 ? g.rootDirSectors() * SECTOR : rootClusters * g.clusterBytes());
        for (byte[] e : entries) {
            root.put(e);
        }
        long rootAt = type == FatType.FAT16 ? offset + (g.reservedSectors() + 2 * g.fatSectors()) * SECTOR : clusterOffset(g, offset, 2);
        write(channel, rootAt, root.rewind());
        for (int i = 0; i < files.size(); i++) {
            if (starts[i] != 0) {
                write(channel, clusterOffset(g, offset, starts[i]), ByteBuffer.wrap(files.get(i).data()));
            }
        }
        return type;
    }

    static long clusterOffset(Geometry g, long fsOffset, long cluster) {
        return fsOffset + (g.firstDataSector() + (cluster - 2) * g.sectorsPerCluster()) * SECTOR;
    }

    private static int chain(long[] fat, int first, int count, long eoc) {
        for (int i = 0; i < count; i++) {
            fat[first + i] = i == count - 1 ? eoc : first + i + 1;
        }
        return first + count;
    }

    private static void write(FileChannel channel, long at, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static ByteBuffer bootSector(Geometry g, long hiddenSectors, String label, int volumeId) {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        boolean fat32 = g.type() == FatType.FAT32;
        b.put(new byte[] {(byte) 0xeb, (byte) (fat32 ? 0x58 : 0x3c), (byte) 0x90});
        b.put("HILFARM ".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) SECTOR).put((byte) g.sectorsPerCluster()).putShort((short) g.reservedSectors()).put((byte) 2);
        b.putShort((short) (fat32 ? 0 : FAT16_ROOT_ENTRIES));
        b.putShort((short) (g.totalSectors() < 65536 && !fat32 ? g.totalSectors() : 0));
        b.put((byte) 0xf8).putShort((short) (fat32 ? 0 : g.fatSectors()));
        b.putShort((short) 63).putShort((short) 255).putInt((int) hiddenSectors);
        b.putInt(g.totalSectors() < 65536 && !fat32 ? 0 : (int) g.totalSectors());
        if (fat32) {
            b.putInt((int) g.fatSectors()).putShort((short) 0).putShort((short) 0).putInt(2).putShort((short) 1).putShort((short) 6);
            b.put(new byte[12]);
        }
        b.put((byte) 0x80).put((byte) 0).put((byte) 0x29).putInt(volumeId);
        b.put(padded(label.toUpperCase(Locale.ROOT), 11));
        b.put(g.type().bootSectorLabel().getBytes(StandardCharsets.US_ASCII));
        // Boot code: halt in a loop; this volume is for a boot ROM, not a PC BIOS.
        b.put(new byte[] {(byte) 0xf4, (byte) 0xeb, (byte) 0xfd});
        b.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        return b.rewind();
    }

    private static ByteBuffer fsInfo(long freeClusters, long nextFree) {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x41615252).putInt(484, 0x61417272).putInt(488, (int) freeClusters).putInt(492, (int) nextFree).putInt(508, 0xaa550000);
        return b.rewind();
    }

    private static byte[] labelEntry(String label) {
        byte[] e = new byte[32];
        System.arraycopy(padded(label.toUpperCase(Locale.ROOT), 11), 0, e, 0, 11);
        e[11] = 0x08;
        putDate(e);
        return e;
    }

    private static byte[] padded(String text, int length) {
        byte[] out = new byte[length];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] in = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(in, 0, out, 0, Math.min(in.length, length));
        return out;
    }

    private static final String SHORT_NAME_SYMBOLS = "!#$%&'()-@^_`{}~";

    private static boolean shortNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || SHORT_NAME_SYMBOLS.indexOf(c) >= 0;
    }

    /** Whether the name needs VFAT entries: not 8.3, or a part in mixed case. */
    static boolean needsLongName(String name) {
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty())) {
            return true;
        }
        for (char c : (base + ext).toCharArray()) {
            if (!shortNameChar(c)) {
                return true;
            }
        }
        return mixedCase(base) || mixedCase(ext);
    }

    private static boolean mixedCase(String s) {
        return !s.equals(s.toUpperCase(Locale.ROOT)) && !s.equals(s.toLowerCase(Locale.ROOT));
    }

    private static List<byte[]> directoryEntries(String name, Set<String> taken, long cluster, int size) {
        if (name.isEmpty() || name.length() > 255 || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not a FAT file name: \"" + name + "\"");
        }
        List<byte[]> out = new ArrayList<>();
        byte[] shortName;
        int caseFlags = 0;
        if (!needsLongName(name)) {
            int dot = name.lastIndexOf('.');
            String base = dot < 0 ? name : name.substring(0, dot);
            String ext = dot < 0 ? "" : name.substring(dot + 1);
            if (!base.equals(base.toUpperCase(Locale.ROOT))) {
                caseFlags |= 0x08;
            }
            if (!ext.equals(ext.toUpperCase(Locale.ROOT))) {
                caseFlags |= 0x10;
            }
            shortName = shortName(base.toUpperCase(Locale.ROOT), ext.toUpperCase(Locale.ROOT));
            if (!taken.add(new String(shortName, StandardCharsets.US_ASCII))) {
                throw new IllegalArgumentException("two files are named " + name);
            }
        } else {
            shortName = numberedShortName(name, taken);
            out.addAll(longNameEntries(name, checksum(shortName)));
        }
        byte[] e = new byte[32];
        System.arraycopy(shortName, 0, e, 0, 11);
        e[11] = 0x20;
        e[12] = (byte) caseFlags;
        putDate(e);
        ByteBuffer b = ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(20, (short) (cluster >>> 16)).putShort(26, (short) cluster).putInt(28, size);
        out.add(e);
        return out;
    }

    private static byte[] shortName(String base, String ext) {
        byte[] n = new byte[11];
        System.arraycopy(padded(base, 8), 0, n, 0, 8);
        System.arraycopy(padded(ext, 3), 0, n, 8, 3);
        return n;
    }

    /** The short alias of a long name: the name upper-cased when that is a free 8.3 name, else BASE~N.EXT. */
    private static byte[] numberedShortName(String name, Set<String> taken) {
        String upper = name.toUpperCase(Locale.ROOT);
        int dot = upper.lastIndexOf('.');
        String base = clean(dot <= 0 ? upper : upper.substring(0, dot));
        String ext = clean(dot <= 0 ? "" : upper.substring(dot + 1));
        if (ext.length() > 3) {
            ext = ext.substring(0, 3);
        }
        if (!base.isEmpty() && base.length() <= 8 && !needsLongName(base + (ext.isEmpty() ? "" : "." + ext))) {
            byte[] plain = shortName(base, ext);
            if (taken.add(new String(plain, StandardCharsets.US_ASCII))) {
                return plain;
            }
        }
        for (int n = 1; n < 1_000_000; n++) {
            String tail = "~" + n;
            String head = base.isEmpty() ? "_" : base;
            head = head.substring(0, Math.min(head.length(), 8 - tail.length()));
            byte[] candidate = shortName(head + tail, ext);
            if (taken.add(new String(candidate, StandardCharsets.US_ASCII))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free short name for " + name);
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == ' ' || c == '.') {
                continue;
            }
            b.append(shortNameChar(c) ? c : '_');
        }
        return b.toString();
    }

    static int checksum(byte[] shortName) {
        int sum = 0;
        for (int i = 0; i < 11; i++) {
            sum = (((sum & 1) << 7) + (sum >> 1) + (shortName[i] & 0xff)) & 0xff;
        }
        return sum;
    }

    /** VFAT entries, last part first: 13 UTF-16 units each, NUL-terminated and padded with 0xffff. */
    private static List<byte[]> longNameEntries(String name, int checksum) {
        int parts = (name.length() + 12) / 13;
        char[] units = new char[parts * 13];
        java.util.Arrays.fill(units, (char) 0xffff);
        name.getChars(0, name.length(), units, 0);
        if (name.length() < units.length) {
            units[name.length()] = 0;
        }
        int[] slots = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
        List<byte[]> out = new ArrayList<>();
        for (int part = parts; part >= 1; part--) {
            byte[] e = new byte[32];
            e[0] = (byte) (part | (part == parts ? 0x40 : 0));
            e[11] = 0x0f;
            e[13] = (byte) checksum;
            for (int i = 0; i < 13; i++) {
                char c = units[(part - 1) * 13 + i];
                e[slots[i]] = (byte) c;
                e[slots[i] + 1] = (byte) (c >>> 8);
            }
            out.add(e);
        }
        return out;
    }

    private static void putDate(byte[] e) {
        ByteBuffer b = ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(16, (short) DATE_2000_01_01).putShort(18, (short) DATE_2000_01_01).putShort(24, (short) DATE_2000_01_01);
    }
}
