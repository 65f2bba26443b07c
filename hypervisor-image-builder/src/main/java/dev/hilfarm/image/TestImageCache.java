package dev.hilfarm.image;

import dev.hilfarm.image.apt.PrivateApt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The test images (Debian armhf kernel, its device trees, static busybox, console-shell
 * initramfs) kept under a cache directory, by default {@code $HIL_CACHE} or
 * {@code ~/.cache/hilfarm}. {@link #fetch} fills it through apt; {@link #load} only verifies.
 */
public final class TestImageCache {

    private final CacheLayout layout;
    private final PackageSource packages;

    public TestImageCache(Path root) {
        this.layout = new CacheLayout(root);
        this.packages = new AptPackageSource(new PrivateApt(layout.aptDirectory()));
    }

    TestImageCache(Path root, PackageSource packages) {
        this.layout = new CacheLayout(root);
        this.packages = Objects.requireNonNull(packages);
    }

    /** {@code $HIL_CACHE} when set, else {@code ~/.cache/hilfarm}. */
    public static TestImageCache atDefaultLocation() {
        return new TestImageCache(CacheLayout.defaultRoot(System.getenv(), System.getProperty("user.home")));
    }

    public Path root() {
        return layout.root();
    }

    /** Where the images themselves are: {@code <root>/images/debian-armhf}. */
    public Path imageDirectory() {
        return layout.imagesDirectory();
    }

    /**
     * Makes the cache complete and returns the verified images. When every file is present and
     * matches its checksum nothing is downloaded; otherwise the packages are fetched again and the
     * image directory rebuilt. Waits while another process fetches into the same cache.
     *
     * @param progress receives short lines for the user ("downloading linux-image-6.1.0-50-armmp (armhf)")
     */
    public TestImages fetch(Consumer<String> progress) {
        try {
            FetchLock lock = FetchLock.acquire(layout.fetchLock(), progress);
            try {
                return fetchHoldingLock(progress);
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw new ImageCacheException("cannot write test images under " + layout.root() + ": " + e, e);
        } catch (UncheckedIOException e) {
            throw new ImageCacheException("cannot write test images under " + layout.root() + ": " + e.getCause(), e);
        }
    }

    private TestImages fetchHoldingLock(Consumer<String> progress) throws IOException {
        Optional<TestImages> cached = verifiedCache(progress);
        if (cached.isPresent()) {
            return cached.get();
        }
        removeWorkDirectories();
        Path work = Files.createTempDirectory(Files.createDirectories(layout.workDirectory()), "fetch-");
        try {
            new ImageInstaller(layout).install(packages.fetch(work, progress), progress);
        } finally {
            deleteQuietly(work);
        }
        TestImages images = load();
        progress.accept("test images ready in " + layout.imagesDirectory() + " (" + images.kernelPackage() + ")");
        return images;
    }

    /** The cached images if all of them verify, with the initramfs rebuilt if this hilfarm builds it differently. */
    private Optional<TestImages> verifiedCache(Consumer<String> progress) throws IOException {
        CacheVerifier verifier = new CacheVerifier(layout);
        TestImages current;
        try {
            current = verifier.verify();
        } catch (ImageCacheException notUsable) {
            if (Files.exists(layout.manifest())) {
                progress.accept(notUsable.getMessage().replace("; " + CacheVerifier.REMEDY, "") + "; fetching again");
            }
            return Optional.empty();
        }
        ImageManifest manifest = verifier.readManifest();
        if (!new ImageInstaller(layout).refreshInitramfs(manifest, progress).equals(manifest)) {
            current = verifier.verify();
        }
        progress.accept("test images up to date in " + layout.imagesDirectory() + " (" + current.kernelPackage() + ")");
        return Optional.of(current);
    }

    /** Verifies every file against the manifest (sha256); no network. */
    public TestImages load() {
        return new CacheVerifier(layout).verify();
    }

    /** True when the manifest lists the images and every file is there with its recorded size; no hashing. */
    public boolean isPresent() {
        return new CacheVerifier(layout).looksComplete();
    }

    /* A fetch killed half-way leaves its working directory; under the lock, none is in use. */
    private void removeWorkDirectories() throws IOException {
        if (!Files.isDirectory(layout.workDirectory())) {
            return;
        }
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(layout.workDirectory())) {
            leftovers = entries.filter(p -> p.getFileName().toString().startsWith("fetch-")).toList();
        }
        for (Path leftover : leftovers) {
            deleteRecursively(leftover);
        }
    }

    /* Best effort, so that a failure here cannot hide why the fetch failed; the next fetch removes leftovers. */
    private static void deleteQuietly(Path directory) {
        try {
            deleteRecursively(directory);
        } catch (IOException | UncheckedIOException e) {
            // Left for removeWorkDirectories() at the start of the next fetch.
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
