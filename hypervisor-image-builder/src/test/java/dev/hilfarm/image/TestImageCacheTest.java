package dev.hilfarm.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.image.initramfs.ConsoleShellInitramfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImageCacheTest {

    private static final String RELEASE = "6.1.0-99-armmp";

    @TempDir
    Path root;

    private final FakePackageSource source = new FakePackageSource(RELEASE, "6.1.999-1");
    private final List<String> progress = new ArrayList<>();

    @Test
    void fetchFillsTheDocumentedLayout() throws Exception {
        TestImages images = cache().fetch(progress::add);

        Path dir = root.resolve("images/debian-armhf");
        assertEquals(dir.resolve("vmlinuz-" + RELEASE), images.kernel());
        assertEquals(dir.resolve("dtbs"), images.dtbDirectory());
        assertEquals(dir.resolve("busybox"), images.busybox());
        assertEquals(dir.resolve("initramfs.cpio.gz"), images.initramfs());
        assertEquals("linux-image-" + RELEASE, images.kernelPackage());
        assertEquals(RELEASE, images.kernelVersion());
        for (String dtb : FakePackageSource.DTBS) {
            assertEquals("fdt " + dtb + " " + RELEASE, Files.readString(images.dtb(dtb)));
        }
        assertEquals("busybox for " + RELEASE, Files.readString(images.busybox()));
        assertEquals(List.of("busybox", "dtbs", "initramfs.cpio.gz", "manifest.json", "vmlinuz-" + RELEASE),
                namesIn(dir));
        assertEquals(FakePackageSource.DTBS, namesIn(dir.resolve("dtbs")));
        assertTrue(progress.contains("downloading linux-image-" + RELEASE + " (armhf)"), progress.toString());
        assertTrue(cache().isPresent());
    }

    @Test
    void initramfsIsTheConsoleShellImageAroundTheCachedBusybox() throws Exception {
        TestImages images = cache().fetch(progress::add);

        byte[] expected = ConsoleShellInitramfs.around(Files.readAllBytes(images.busybox())).toByteArray();
        assertTrue(java.util.Arrays.equals(expected, Files.readAllBytes(images.initramfs())));
    }

    @Test
    void manifestRecordsSizeChecksumAndSourcePackageOfEveryFile() throws Exception {
        TestImages images = cache().fetch(progress::add);

        ImageManifest manifest = ManifestJson.read(Files.readString(root.resolve("images/debian-armhf/manifest.json")));
        assertEquals(3 + FakePackageSource.DTBS.size(), manifest.files().size());
        assertEquals(images.sha256().size(), manifest.files().size());
        for (ManifestEntry entry : manifest.files()) {
            Path file = root.resolve("images/debian-armhf").resolve(entry.path());
            assertEquals(Files.size(file), entry.size(), entry.path());
            assertEquals(Sha256.of(file), entry.sha256(), entry.path());
            assertEquals(entry.sha256(), images.sha256().get(file), entry.path());
        }
        ManifestEntry kernel = manifest.only(ManifestEntry.Role.KERNEL).orElseThrow();
        assertEquals("vmlinuz-" + RELEASE, kernel.path());
        assertEquals("linux-image-" + RELEASE, kernel.packageName());
        assertEquals("6.1.999-1", kernel.version());
        ManifestEntry dtb = manifest.files().stream().filter(e -> e.path().equals("dtbs/omap4-panda.dtb"))
                .findFirst().orElseThrow();
        assertEquals(ManifestEntry.Role.DTB, dtb.role());
        assertEquals("busybox-static", manifest.only(ManifestEntry.Role.INITRAMFS).orElseThrow().packageName());
    }

    @Test
    void secondFetchOfACompleteCacheAsksForNothingAndWritesNothing() throws Exception {
        TestImages first = cache().fetch(progress::add);
        Map<Path, String> written = identities();

        TestImages second = cache().fetch(progress::add);

        assertEquals(1, source.fetches());
        assertEquals(first, second);
        assertEquals(written, identities());
        assertTrue(progress.get(progress.size() - 1).startsWith("test images up to date"), progress.toString());
    }

    @Test
    void concurrentFetchesIntoOneCacheDownloadOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<TestImages>> fetches = threads.invokeAll(List.of(
                    () -> cache().fetch(line -> { }), () -> cache().fetch(line -> { })));

            assertEquals(fetches.get(0).get(), fetches.get(1).get());
            assertEquals(1, source.fetches());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void loadNamesTheCorruptedFile() throws Exception {
        TestImages images = cache().fetch(progress::add);
        Path dtb = images.dtb("vexpress-v2p-ca9.dtb");
        byte[] bytes = Files.readAllBytes(dtb);
        bytes[3] ^= 0x01;
        Files.write(dtb, bytes);

        ImageCacheException e = assertThrows(ImageCacheException.class, () -> cache().load());

        assertTrue(e.getMessage().contains(dtb.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        assertTrue(e.getMessage().endsWith("run `hil images fetch`"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(cache().isPresent(), "same size, so only hashing finds it");
    }

    @Test
    void loadNamesTheMissingFile() throws Exception {
        TestImages images = cache().fetch(progress::add);
        Files.delete(images.busybox());

        ImageCacheException e = assertThrows(ImageCacheException.class, () -> cache().load());

        assertEquals("test image file " + images.busybox() + " is missing; run `hil images fetch`", e.getMessage());
        assertFalse(cache().isPresent());
    }

    @Test
    void loadOfAnEmptyCacheSaysToFetch() {
        ImageCacheException e = assertThrows(ImageCacheException.class, () -> cache().load());

        assertEquals("no test images in " + root.resolve("images/debian-armhf") + "; run `hil images fetch`",
                e.getMessage());
        assertFalse(cache().isPresent());
        assertEquals(0, source.fetches());
    }

    @Test
    void loadReportsADamagedManifest() throws Exception {
        cache().fetch(progress::add);
        Files.writeString(root.resolve("images/debian-armhf/manifest.json"), "{\"format\": 1, \"files\": [");

        ImageCacheException e = assertThrows(ImageCacheException.class, () -> cache().load());

        assertTrue(e.getMessage().startsWith("test image manifest " + root.resolve("images/debian-armhf/manifest.json")
                + " is damaged"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void fetchRepairsACorruptedCache() throws Exception {
        TestImages images = cache().fetch(progress::add);
        Files.writeString(images.kernel(), "truncated");

        TestImages repaired = cache().fetch(progress::add);

        assertEquals(2, source.fetches());
        assertEquals("zImage " + RELEASE, Files.readString(repaired.kernel()));
        assertTrue(progress.stream().anyMatch(line -> line.contains(images.kernel() + " is corrupted")
                && line.endsWith("fetching again")), progress.toString());
        cache().load();
    }

    @Test
    void aNewerKernelReplacesTheOldOneCompletely() throws Exception {
        TestImages old = cache().fetch(progress::add);
        Files.delete(old.initramfs());
        FakePackageSource newer = new FakePackageSource("6.1.0-100-armmp", "6.1.1000-1");

        TestImages current = new TestImageCache(root, newer).fetch(progress::add);

        assertEquals("6.1.0-100-armmp", current.kernelVersion());
        assertFalse(Files.exists(old.kernel()), "old kernel left behind");
        assertEquals(List.of("busybox", "dtbs", "initramfs.cpio.gz", "manifest.json", "vmlinuz-6.1.0-100-armmp"),
                namesIn(root.resolve("images/debian-armhf")));
        assertEquals("fdt omap4-panda.dtb 6.1.0-100-armmp", Files.readString(current.dtb("omap4-panda.dtb")));
        assertEquals(List.of(), namesIn(root.resolve("tmp")), "fetch working directories left behind");
    }

    @Test
    void anInitramfsFromAnotherInitScriptIsRebuiltWithoutDownloading() throws Exception {
        TestImages images = cache().fetch(progress::add);
        byte[] current = Files.readAllBytes(images.initramfs());
        // What an older hilfarm would have left: another image, with a manifest that matches it.
        Path manifestFile = root.resolve("images/debian-armhf/manifest.json");
        ImageManifest manifest = ManifestJson.read(Files.readString(manifestFile));
        byte[] older = ConsoleShellInitramfs.around(new byte[] {1}).toByteArray();
        Files.write(images.initramfs(), older);
        ManifestEntry entry = manifest.only(ManifestEntry.Role.INITRAMFS).orElseThrow();
        Files.writeString(manifestFile, ManifestJson.write(manifest.with(new ManifestEntry(entry.path(), entry.role(),
                older.length, Sha256.of(older), entry.packageName(), entry.version()))));
        cache().load();

        TestImages refreshed = cache().fetch(progress::add);

        assertEquals(1, source.fetches());
        assertTrue(java.util.Arrays.equals(current, Files.readAllBytes(refreshed.initramfs())));
        assertTrue(progress.stream().anyMatch(line -> line.startsWith("rebuilding initramfs.cpio.gz")),
                progress.toString());
        assertEquals(images, cache().load());
    }

    @Test
    void dtbNamesTheDeviceTreeThatIsNotThere() throws Exception {
        TestImages images = cache().fetch(progress::add);

        ImageCacheException missing = assertThrows(ImageCacheException.class, () -> images.dtb("omap5-uevm.dtb"));
        assertTrue(missing.getMessage().startsWith("device tree omap5-uevm.dtb is not among the test images"),
                missing.getMessage());
        assertThrows(ImageCacheException.class, () -> images.dtb("../busybox"));
    }

    @Test
    void defaultLocationIsHilCacheOrTheUsersCacheDirectory() {
        assertEquals(Path.of("/srv/hil-cache"), CacheLayout.defaultRoot(Map.of("HIL_CACHE", "/srv/hil-cache"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/hilfarm"), CacheLayout.defaultRoot(Map.of("HIL_CACHE", " "), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/hilfarm"), CacheLayout.defaultRoot(Map.of(), "/home/u"));
    }

    private TestImageCache cache() {
        return new TestImageCache(root, source);
    }

    /* Inode and modification time: an atomic replace changes the inode even within one clock tick. */
    private Map<Path, String> identities() throws Exception {
        try (Stream<Path> files = Files.walk(root.resolve("images/debian-armhf"))) {
            return files.collect(Collectors.toMap(p -> p, p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
                    return attributes.fileKey() + " " + attributes.lastModifiedTime();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
    }

    private static List<String> namesIn(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
