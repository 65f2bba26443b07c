package dev.hilfarm.emulator.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Debian armhf test images in hilfarm's image cache ({@code $HIL_CACHE}, default
 * {@code ~/.cache/hilfarm}, then {@code images/debian-armhf/}), read directly: the image builder
 * that fetches them lives in a module this one does not depend on. {@code hil setup} fetches them
 * before the tests run; when they are missing the test fails saying so.
 */
final class DebianImages {
    static final String VEXPRESS_DTB = "vexpress-v2p-ca9.dtb";

    private DebianImages() {
    }

    static Path directory() {
        String cache = System.getenv("HIL_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "hilfarm");
        Path dir = root.resolve("images").resolve("debian-armhf");
        if (!Files.isDirectory(dir.resolve("dtbs"))) {
            throw new IllegalStateException("the Debian armhf test images are missing: no " + dir.resolve("dtbs")
                    + "; run ./hil setup (or hil images fetch) to fetch them");
        }
        return dir;
    }

    /** The kernel: the one vmlinuz-* in the cache. */
    static Path kernel() {
        try (Stream<Path> files = Files.list(directory())) {
            List<Path> kernels = files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).sorted().toList();
            if (kernels.size() != 1) {
                throw new IllegalStateException("expected one vmlinuz-* in " + directory() + ", found " + kernels
                        + "; run ./hil setup (or hil images fetch)");
            }
            return kernels.get(0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + directory() + ": " + e.getMessage(), e);
        }
    }

    static Path initramfs() {
        return existing(directory().resolve("initramfs.cpio.gz"));
    }

    static Path dtb(String name) {
        return existing(directory().resolve("dtbs").resolve(name));
    }

    /** Every dtb in the cache, by name. */
    static List<Path> allDtbs() {
        try (Stream<Path> files = Files.list(directory().resolve("dtbs"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".dtb")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the dtbs: " + e.getMessage(), e);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing from the image cache; run ./hil setup (or hil images fetch)");
        }
        return file;
    }
}
