package dev.hilfarm.image.format.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.image.format.ImageFormatException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class DiskImageTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static final List<FatFile> BOOT_FILES = List.of(new FatFile("MLO", bytes(61_234, 1)), new FatFile("u-boot.img", bytes(712_345, 2)),
            new FatFile("uEnv.txt", "bootcmd=run findfdt; run mmcboot\n".getBytes(StandardCharsets.US_ASCII)),
            new FatFile("am335x-boneblack.dtb", bytes(60_000, 3)), new FatFile("empty", new byte[0]));

    private static String run(String... argv) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MTOOLS_SKIP_CHECK", "1");
        HostCommand.Result r = HostCommand.of(argv).environment(env).timeout(Duration.ofMinutes(2)).run();
        if (r.exitStatus() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + r.exitStatus() + ":\n" + r.stdout() + r.stderr());
        }
        return r.stdout() + r.stderr();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sfdisk(Path image, String label) {
        Map<String, Object> json = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(run("sfdisk", "--json", image.toString()));
        Map<String, Object> table = (Map<String, Object>) json.get("partitiontable");
        assertEquals(label, table.get("label"));
        return (List<Map<String, Object>>) table.get("partitions");
    }

    private Path extract(Path image, PlacedPartition p, String name) throws Exception {
        Path out = dir.resolve(name);
        try (FileChannel in = FileChannel.open(image); FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long done = 0;
            long size = p.sectors() * 512;
            while (done < size) {
                done += in.transferTo(p.firstSector() * 512 + done, size - done, o);
            }
        }
        return out;
    }

    @Test
    void mbrCardWithAFatBootPartitionForAnOmapBoard() throws Exception {
        Path rootfs = dir.resolve("rootfs.ext4");
        Files.write(rootfs, bytes(300_000, 9));
        Path image = dir.resolve("sd.img");
        List<PlacedPartition> placed = DiskImage.write(image, PartitionTable.MBR, 64 * MIB,
                List.of(new Partition("boot", 16 * MIB, true, new PartitionContent.Fat(Optional.empty(), "BOOT", BOOT_FILES)),
                        new Partition("rootfs", 0, false, new PartitionContent.Raw(rootfs))), "test-card");

        List<Map<String, Object>> parts = sfdisk(image, "dos");
        assertEquals(2, parts.size());
        assertEquals(2048, ((Number) parts.get(0).get("start")).longValue());
        assertEquals(32768, ((Number) parts.get(0).get("size")).longValue());
        assertEquals("e", parts.get(0).get("type"));
        assertEquals(true, parts.get(0).get("bootable"));
        assertEquals(34816, ((Number) parts.get(1).get("start")).longValue());
        assertEquals(131072 - 34816, ((Number) parts.get(1).get("size")).longValue());
        assertEquals("83", parts.get(1).get("type"));

        Path boot = extract(image, placed.get(0), "boot.vfat");
        run("fsck.vfat", "-n", boot.toString());
        String volume = dev.hilfarm.image.format.ImageInspection.describe(boot, Map.of());
        assertTrue(volume.startsWith("FAT16 file system \"BOOT\"") && volume.contains("u-boot.img"), volume);
        String listing = run("mdir", "-i", image + "@@" + MIB, "::");
        assertTrue(listing.contains("u-boot") && listing.contains("uEnv.txt") && listing.contains("am335x-boneblack.dtb"), listing);
        run("mcopy", "-i", image + "@@" + MIB, "::u-boot.img", dir.resolve("u-boot.copy").toString());
        assertArrayEquals(BOOT_FILES.get(1).data(), Files.readAllBytes(dir.resolve("u-boot.copy")));

        try (FileChannel ch = FileChannel.open(image)) {
            FatReader.Volume v = FatReader.read(ch, MIB, image.toString());
            assertEquals("FAT16", v.type());
            assertEquals("MLO", v.files().get(0).name());
            assertEquals(2, v.files().get(0).firstCluster(), "MLO is the first file, in the first data cluster");
            for (int i = 0; i < BOOT_FILES.size(); i++) {
                assertEquals(BOOT_FILES.get(i).name(), v.files().get(i).name());
                assertArrayEquals(BOOT_FILES.get(i).data(), v.files().get(i).data());
            }
        }
        byte[] root = new byte[300_000];
        try (FileChannel ch = FileChannel.open(image)) {
            ch.read(java.nio.ByteBuffer.wrap(root), 34816L * 512);
        }
        assertArrayEquals(Files.readAllBytes(rootfs), root);
        assertTrue(DiskImageReader.describe(image).contains("MLO"), DiskImageReader.describe(image));
    }

    @Test
    void gptCardWithAFat32BootPartition() throws Exception {
        Path image = dir.resolve("gpt.img");
        List<PlacedPartition> placed = DiskImage.write(image, PartitionTable.GPT, 128 * MIB,
                List.of(new Partition("boot", 48 * MIB, true, new PartitionContent.Fat(Optional.of(FatType.FAT32), "BOOT", BOOT_FILES)),
                        new Partition("rootfs", 0, false, new PartitionContent.Empty())), "gpt-card");
        String verify = run("sgdisk", "-v", image.toString());
        assertTrue(verify.contains("No problems found"), verify);

        List<Map<String, Object>> parts = sfdisk(image, "gpt");
        assertEquals(2048, ((Number) parts.get(0).get("start")).longValue());
        assertEquals(48 * 2048, ((Number) parts.get(0).get("size")).longValue());
        assertEquals(DiskImage.GPT_BASIC_DATA.toString().toUpperCase(), parts.get(0).get("type"));
        assertEquals(placed.get(0).guid().toString().toUpperCase(), parts.get(0).get("uuid"));
        assertEquals("boot", parts.get(0).get("name"));
        assertEquals(DiskImage.GPT_LINUX_FILESYSTEM.toString().toUpperCase(), parts.get(1).get("type"));
        long lastUsable = 128 * 2048 - 34;
        assertEquals(lastUsable, ((Number) parts.get(1).get("start")).longValue() + ((Number) parts.get(1).get("size")).longValue() - 1);

        run("fsck.vfat", "-n", extract(image, placed.get(0), "boot32.vfat").toString());
        String listing = run("mdir", "-i", image + "@@" + MIB, "::");
        assertTrue(listing.contains("uEnv.txt"), listing);
        assertEquals(placed, DiskImageReader.read(image).partitions());
    }

    /** The reader against the tools' own output: a GPT sgdisk made and FAT file systems mkfs.vfat made and mcopy filled. */
    @Test
    void readsWhatSgdiskMkfsVfatAndMcopyWrote() throws Exception {
        Path image = dir.resolve("theirs.img");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), 64 * MIB - 1);
        }
        run("sgdisk", "-n", "1:2048:+16M", "-t", "1:0700", "-c", "1:boot", "-A", "1:set:2", "-n", "2:0:0", "-t", "2:8300", "-c", "2:rootfs",
                image.toString());
        List<PlacedPartition> parts = DiskImageReader.read(image).partitions();
        assertEquals(2, parts.size());
        assertEquals(2048, parts.get(0).firstSector());
        assertEquals(16 * 2048, parts.get(0).sectors());
        assertEquals(DiskImage.GPT_BASIC_DATA, parts.get(0).typeGuid());
        assertEquals("boot", parts.get(0).name());
        assertTrue(parts.get(0).bootable());
        assertEquals(DiskImage.GPT_LINUX_FILESYSTEM, parts.get(1).typeGuid());
        assertEquals(64 * 2048 - 34, parts.get(1).lastSector());

        for (String fatBits : List.of("16", "32")) {
            Path volume = dir.resolve("vol" + fatBits + ".img");
            run("mkfs.vfat", "-F", fatBits, "-n", "THEIRS", "-C", volume.toString(), String.valueOf(48 * 1024));
            for (FatFile f : BOOT_FILES) {
                Path file = dir.resolve("in-" + f.name());
                Files.write(file, f.data());
                run("mcopy", "-i", volume.toString(), file.toString(), "::" + f.name());
            }
            try (FileChannel ch = FileChannel.open(volume)) {
                FatReader.Volume v = FatReader.read(ch, 0, volume.toString());
                assertEquals("FAT" + fatBits, v.type());
                assertEquals("THEIRS", v.label());
                assertEquals(BOOT_FILES.size(), v.files().size());
                for (int i = 0; i < BOOT_FILES.size(); i++) {
                    assertEquals(BOOT_FILES.get(i).name(), v.files().get(i).name());
                    assertArrayEquals(BOOT_FILES.get(i).data(), v.files().get(i).data());
                }
            }
        }
    }

    /**
     * Boot loaders at the offsets the Allwinner (8 KiB) and i.MX (1 KiB SPL, 69 KiB u-boot.img)
     * boot ROMs read, in the gap before the first partition: the bytes are there and sfdisk still
     * sees the same table; a region over the table or a partition is refused, naming both.
     */
    @Test
    void rawBootLoadersGoBetweenTheTableAndTheFirstPartition() throws Exception {
        byte[] spl = bytes(45_000, 7);
        byte[] uboot = bytes(600_000, 8);
        Path image = dir.resolve("imx.img");
        List<Partition> boot = List.of(new Partition("boot", 0, true, new PartitionContent.Fat(Optional.empty(), "BOOT",
                List.of(new FatFile("hello.txt", "hi".getBytes(StandardCharsets.US_ASCII))))));
        DiskImage.write(image, PartitionTable.MBR, 32 * MIB, boot, "raw-test",
                List.of(new RawRegion("SPL", 0x400, spl), new RawRegion("u-boot.img", 0x11400, uboot)));
        byte[] disk = Files.readAllBytes(image);
        assertArrayEquals(spl, java.util.Arrays.copyOfRange(disk, 0x400, 0x400 + spl.length));
        assertArrayEquals(uboot, java.util.Arrays.copyOfRange(disk, 0x11400, 0x11400 + uboot.length));
        List<Map<String, Object>> parts = sfdisk(image, "dos");
        assertEquals(1, parts.size());
        assertEquals(2048, ((Number) parts.get(0).get("start")).intValue());
        assertTrue(run("mdir", "-b", "-i", image + "@@1M", "::").contains("hello.txt"));

        IllegalArgumentException overTable = assertThrows(IllegalArgumentException.class, () -> DiskImage.write(
                dir.resolve("gpt.img"), PartitionTable.GPT, 32 * MIB, boot, "raw-test", List.of(new RawRegion("spl", 0x2000, spl))));
        assertTrue(overTable.getMessage().contains("spl at 0x2000..0xcfc8 would overwrite the GPT partition table"),
                overTable.getMessage());
        IllegalArgumentException overPartition = assertThrows(IllegalArgumentException.class, () -> DiskImage.write(
                dir.resolve("big.img"), PartitionTable.MBR, 32 * MIB, boot, "raw-test",
                List.of(new RawRegion("huge", 0x11400, bytes(1 << 20, 9)))));
        assertTrue(overPartition.getMessage().contains("huge at 0x11400..0x111400 overlaps partition boot (0x100000.."),
                overPartition.getMessage());
    }

    @Test
    void aDamagedGptIsReportedWithTheOffset() throws Exception {
        Path image = dir.resolve("bad.img");
        DiskImage.write(image, PartitionTable.GPT, 8 * MIB, List.of(new Partition("data", 0, false, new PartitionContent.Empty())), "x");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {7}), 512 + 40);
        }
        assertEquals(512 + 16, assertThrows(ImageFormatException.class, () -> DiskImageReader.read(image)).offset());

        Path cut = dir.resolve("cut.img");
        DiskImage.write(cut, PartitionTable.GPT, 8 * MIB, List.of(new Partition("data", 0, false, new PartitionContent.Empty())), "x");
        try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            ch.truncate(4 * MIB);
        }
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> DiskImageReader.read(cut));
        assertEquals(4 * MIB, e.offset());
        assertTrue(e.getMessage().contains("file ends before the GPT header"), e.getMessage());
    }
}
