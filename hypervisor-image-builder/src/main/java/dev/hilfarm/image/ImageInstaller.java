package dev.hilfarm.image;

import dev.hilfarm.image.ManifestEntry.Role;
import dev.hilfarm.image.initramfs.ConsoleShellInitramfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Moves the wanted files out of unpacked packages into the image directory, builds the initramfs
 * and writes the manifest. Every file is replaced atomically and the manifest goes last, so an
 * interrupted install leaves a manifest whose checksums no longer match: load() reports it and the
 * next fetch starts over.
 */
final class ImageInstaller {

    private final CacheLayout layout;

    ImageInstaller(CacheLayout layout) {
        this.layout = layout;
    }

    ImageManifest install(PackageSource.Packages packages, Consumer<String> progress) throws IOException {
        ExtractedPackage kernelPackage = packages.kernel();
        ExtractedPackage busyboxPackage = packages.busybox();
        Path vmlinuz = findKernel(kernelPackage);
        String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
        Path dtbSource = kernelPackage.root().resolve("usr/lib/linux-image-" + release);
        List<Path> dtbs = findDtbs(kernelPackage, dtbSource);
        Path busybox = findBusybox(busyboxPackage);

        progress.accept("installing " + vmlinuz.getFileName() + ", " + dtbs.size() + " device trees and busybox into "
                + layout.imagesDirectory());
        List<ManifestEntry> files = new ArrayList<>();
        files.add(copy(vmlinuz, layout.kernel(release), Role.KERNEL, kernelPackage));
        for (Path dtb : dtbs) {
            files.add(copy(dtb, layout.dtbDirectory().resolve(dtbSource.relativize(dtb).toString()), Role.DTB,
                    kernelPackage));
        }
        files.add(copy(busybox, layout.busybox(), Role.BUSYBOX, busyboxPackage));
        progress.accept("building " + layout.initramfs().getFileName());
        files.add(writeInitramfs(busyboxPackage.name(), busyboxPackage.version()));
        files.sort(Comparator.comparing(ManifestEntry::path));

        ImageManifest manifest = new ImageManifest(kernelPackage.name(), release, files);
        writeManifest(manifest);
        removeFilesNotIn(manifest);
        return manifest;
    }

    /**
     * Rebuilds the initramfs from the cached busybox and replaces it when the bytes differ, which
     * happens only when a newer hilfarm changed the init script. Returns the manifest in force.
     */
    ImageManifest refreshInitramfs(ImageManifest manifest, Consumer<String> progress) throws IOException {
        ManifestEntry current = manifest.only(Role.INITRAMFS).orElseThrow();
        byte[] image = buildInitramfs();
        if (Sha256.of(image).equals(current.sha256())) {
            return manifest;
        }
        progress.accept("rebuilding " + layout.initramfs().getFileName() + " (this hilfarm's init script differs)");
        ManifestEntry rebuilt = entry(layout.initramfs(), Role.INITRAMFS, AtomicFiles.write(layout.initramfs(), image),
                current.packageName(), current.version());
        ImageManifest updated = manifest.with(rebuilt);
        writeManifest(updated);
        return updated;
    }

    private ManifestEntry writeInitramfs(String busyboxPackage, String busyboxVersion) throws IOException {
        String sha256 = AtomicFiles.write(layout.initramfs(), buildInitramfs());
        return entry(layout.initramfs(), Role.INITRAMFS, sha256, busyboxPackage, busyboxVersion);
    }

    private byte[] buildInitramfs() throws IOException {
        return ConsoleShellInitramfs.around(Files.readAllBytes(layout.busybox())).toByteArray();
    }

    private void writeManifest(ImageManifest manifest) throws IOException {
        AtomicFiles.write(layout.manifest(), ManifestJson.write(manifest).getBytes(StandardCharsets.UTF_8));
    }

    private ManifestEntry copy(Path source, Path target, Role role, ExtractedPackage from) throws IOException {
        String sha256 = AtomicFiles.copy(source, target);
        return entry(target, role, sha256, from.name(), from.version());
    }

    private ManifestEntry entry(Path file, Role role, String sha256, String packageName, String version)
            throws IOException {
        String relative = layout.imagesDirectory().relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        return new ManifestEntry(relative, role, Files.size(file), sha256, packageName, version);
    }

    /* Left over from an older kernel (another vmlinuz, device trees it no longer ships) or from an interrupted write. */
    private void removeFilesNotIn(ImageManifest manifest) throws IOException {
        Set<Path> keep = new HashSet<>();
        keep.add(layout.manifest());
        manifest.files().forEach(entry -> keep.add(layout.imagesDirectory().resolve(entry.path())));
        List<Path> stale;
        try (Stream<Path> all = Files.walk(layout.imagesDirectory())) {
            stale = all.filter(Files::isRegularFile).filter(file -> !keep.contains(file)).toList();
        }
        for (Path file : stale) {
            Files.delete(file);
        }
    }

    private static Path findKernel(ExtractedPackage kernelPackage) throws IOException {
        List<Path> kernels = list(kernelPackage.root().resolve("boot"),
                file -> file.getFileName().toString().startsWith("vmlinuz-"));
        if (kernels.size() != 1) {
            throw new ImageCacheException(kernelPackage.name() + " " + kernelPackage.version() + " ships "
                    + kernels.size() + " /boot/vmlinuz-* files, expected one");
        }
        return kernels.get(0);
    }

    private static List<Path> findDtbs(ExtractedPackage kernelPackage, Path directory) throws IOException {
        List<Path> dtbs;
        if (!Files.isDirectory(directory)) {
            dtbs = List.of();
        } else {
            try (Stream<Path> all = Files.walk(directory)) {
                dtbs = all.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".dtb"))
                        .sorted().toList();
            }
        }
        if (dtbs.isEmpty()) {
            throw new ImageCacheException(kernelPackage.name() + " " + kernelPackage.version()
                    + " ships no device trees in /" + kernelPackage.root().relativize(directory));
        }
        return dtbs;
    }

    /* Debian ships /bin/busybox; a merged-/usr package would ship /usr/bin/busybox. */
    private static Path findBusybox(ExtractedPackage busyboxPackage) {
        for (String candidate : List.of("bin/busybox", "usr/bin/busybox")) {
            Path busybox = busyboxPackage.root().resolve(candidate);
            if (Files.isRegularFile(busybox)) {
                return busybox;
            }
        }
        throw new ImageCacheException(busyboxPackage.name() + " " + busyboxPackage.version()
                + " ships neither /bin/busybox nor /usr/bin/busybox");
    }

    private static List<Path> list(Path directory, Predicate<Path> filter) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).filter(filter).sorted().toList();
        }
    }
}
