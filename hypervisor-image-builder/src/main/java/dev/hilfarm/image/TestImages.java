package dev.hilfarm.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Verified test images in the cache: Debian's armhf multiplatform kernel, all device trees of the
 * same kernel package, the static busybox and the console-shell initramfs built from it.
 *
 * @param kernel        the zImage, {@code vmlinuz-<kernelVersion>}
 * @param dtbDirectory  every .dtb the kernel package ships
 * @param kernelPackage the Debian package the kernel came from, e.g. {@code linux-image-6.1.0-50-armmp}
 * @param kernelVersion the kernel release, what {@code uname -r} prints on the target, e.g.
 *                      {@code 6.1.0-50-armmp}; the Debian package version is in the manifest
 * @param sha256        lower-case hex sha256 of every file above (and of every dtb), as verified
 */
public record TestImages(Path kernel, Path dtbDirectory, Path initramfs, Path busybox, String kernelPackage,
                         String kernelVersion, Map<Path, String> sha256) {

    public TestImages {
        sha256 = Map.copyOf(sha256);
    }

    /** Without the checksums: there is one per device tree, close to a thousand. */
    @Override
    public String toString() {
        return "TestImages[kernel=" + kernel + ", dtbDirectory=" + dtbDirectory + ", initramfs=" + initramfs
                + ", busybox=" + busybox + ", kernelPackage=" + kernelPackage + ", kernelVersion=" + kernelVersion
                + ", " + sha256.size() + " checksums]";
    }

    /** The device tree of that name, e.g. {@code vexpress-v2p-ca9.dtb}. */
    public Path dtb(String fileName) {
        Path dtb = dtbDirectory.resolve(fileName).normalize();
        if (!dtb.startsWith(dtbDirectory) || dtb.equals(dtbDirectory)) {
            throw new ImageCacheException("not a device tree file name: " + fileName);
        }
        if (!Files.isRegularFile(dtb)) {
            throw new ImageCacheException("device tree " + fileName + " is not among the test images in "
                    + dtbDirectory + " (" + kernelPackage + " does not ship it)");
        }
        return dtb;
    }
}
