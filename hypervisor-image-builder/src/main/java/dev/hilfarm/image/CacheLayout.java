package dev.hilfarm.image;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where everything lives under the cache root. Images are kept apart from apt's private state so
 * that the image directory holds nothing but files listed in its manifest.
 *
 * <pre>
 * root/
 *   apt/                    private apt state: lists, cache, empty dpkg status, apt.conf
 *   tmp/                    per-fetch working directories (downloaded and unpacked packages)
 *   images/debian-armhf.lock
 *   images/debian-armhf/    vmlinuz-RELEASE, dtbs/*.dtb, busybox, initramfs.cpio.gz, manifest.json
 * </pre>
 */
record CacheLayout(Path root) {

    static final String ENVIRONMENT_VARIABLE = "HIL_CACHE";

    CacheLayout {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code $HIL_CACHE} when set, else {@code ~/.cache/hilfarm}. */
    static Path defaultRoot(Map<String, String> environment, String userHome) {
        String configured = environment.get(ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(userHome, ".cache", "hilfarm");
    }

    Path imagesDirectory() {
        return root.resolve("images").resolve("debian-armhf");
    }

    Path fetchLock() {
        return root.resolve("images").resolve("debian-armhf.lock");
    }

    Path aptDirectory() {
        return root.resolve("apt");
    }

    Path workDirectory() {
        return root.resolve("tmp");
    }

    Path manifest() {
        return imagesDirectory().resolve("manifest.json");
    }

    Path dtbDirectory() {
        return imagesDirectory().resolve("dtbs");
    }

    Path kernel(String release) {
        return imagesDirectory().resolve("vmlinuz-" + release);
    }

    Path busybox() {
        return imagesDirectory().resolve("busybox");
    }

    Path initramfs() {
        return imagesDirectory().resolve("initramfs.cpio.gz");
    }
}
