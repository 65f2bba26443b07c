package dev.hilfarm.image;

import dev.hilfarm.image.ManifestEntry.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks the image directory against its manifest: every file present, with its size and sha256. */
final class CacheVerifier {

    static final String REMEDY = "run `hil images fetch`";

    private final CacheLayout layout;

    CacheVerifier(CacheLayout layout) {
        this.layout = layout;
    }

    /** Hashes every file; throws {@link ImageCacheException} naming the first file that is wrong. */
    TestImages verify() {
        ImageManifest manifest = readManifest();
        Map<Path, String> sha256 = new LinkedHashMap<>();
        for (ManifestEntry entry : manifest.files()) {
            Path file = fileOf(entry);
            checkSize(entry, file);
            String actual;
            try {
                actual = Sha256.of(file);
            } catch (IOException e) {
                throw new ImageCacheException("test image file " + file + " cannot be read (" + e + "); " + REMEDY, e);
            }
            if (!actual.equals(entry.sha256())) {
                throw new ImageCacheException("test image file " + file + " is corrupted (sha256 " + actual
                        + ", manifest says " + entry.sha256() + "); " + REMEDY);
            }
            sha256.put(file, actual);
        }
        return new TestImages(fileOf(required(manifest, Role.KERNEL)), layout.dtbDirectory(),
                fileOf(required(manifest, Role.INITRAMFS)), fileOf(required(manifest, Role.BUSYBOX)),
                manifest.kernelPackage(), manifest.kernelVersion(), sha256);
    }

    /** Every file listed and of the recorded size; no hashing. */
    boolean looksComplete() {
        try {
            ImageManifest manifest = readManifest();
            for (Role role : new Role[] {Role.KERNEL, Role.INITRAMFS, Role.BUSYBOX}) {
                required(manifest, role);
            }
            manifest.files().forEach(entry -> checkSize(entry, fileOf(entry)));
            return true;
        } catch (ImageCacheException e) {
            return false;
        }
    }

    ImageManifest readManifest() {
        Path path = layout.manifest();
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ImageCacheException("no test images in " + layout.imagesDirectory() + "; " + REMEDY, e);
        } catch (IOException e) {
            throw new ImageCacheException("test image manifest " + path + " cannot be read (" + e + "); " + REMEDY, e);
        }
        try {
            ImageManifest manifest = ManifestJson.read(text);
            manifest.files().forEach(this::fileOf);
            return manifest;
        } catch (IllegalArgumentException e) {
            throw new ImageCacheException("test image manifest " + path + " is damaged (" + e.getMessage() + "); "
                    + REMEDY, e);
        }
    }

    private Path fileOf(ManifestEntry entry) {
        Path file = layout.imagesDirectory().resolve(entry.path()).normalize();
        if (!file.startsWith(layout.imagesDirectory()) || file.equals(layout.imagesDirectory())) {
            throw new IllegalArgumentException("file path \"" + entry.path() + "\" leaves the image directory");
        }
        return file;
    }

    private void checkSize(ManifestEntry entry, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageCacheException("test image file " + file + " is missing; " + REMEDY, e);
        } catch (IOException e) {
            throw new ImageCacheException("test image file " + file + " cannot be read (" + e + "); " + REMEDY, e);
        }
        if (size != entry.size()) {
            throw new ImageCacheException("test image file " + file + " is corrupted (" + size
                    + " bytes, manifest says " + entry.size() + "); " + REMEDY);
        }
    }

    private ManifestEntry required(ImageManifest manifest, Role role) {
        return manifest.only(role).orElseThrow(() -> new ImageCacheException("test image manifest " + layout.manifest()
                + " lists " + manifest.all(role).size() + " files of role " + role.jsonName() + ", expected one; "
                + REMEDY));
    }
}
