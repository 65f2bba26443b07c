package dev.hilfarm.image;

import dev.hilfarm.image.apt.ControlFields;
import dev.hilfarm.image.apt.DebArchive;
import dev.hilfarm.image.apt.PrivateApt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Debian's armhf kernel and busybox through apt, with the host's sources and a private apt state. */
final class AptPackageSource implements PackageSource {

    /** Debian's metapackage that always depends on the current multiplatform ARMv7 kernel. */
    static final String KERNEL_METAPACKAGE = "linux-image-armmp";
    static final String BUSYBOX_PACKAGE = "busybox-static";

    private final PrivateApt apt;

    AptPackageSource(PrivateApt apt) {
        this.apt = apt;
    }

    @Override
    public Packages fetch(Path workDirectory, Consumer<String> progress) {
        apt.prepare();
        progress.accept("updating the " + PrivateApt.ARCHITECTURE + " package lists of the configured apt sources");
        apt.update().ifPresent(problem -> progress.accept(
                "warning: some package lists could not be updated, continuing with the others: " + problem));
        String kernelPackage = apt.dependencyOf(KERNEL_METAPACKAGE, "linux-image-");
        progress.accept(KERNEL_METAPACKAGE + " currently means " + kernelPackage);
        ExtractedPackage kernel = downloadAndUnpack(kernelPackage, workDirectory, progress);
        ExtractedPackage busybox = downloadAndUnpack(BUSYBOX_PACKAGE, workDirectory, progress);
        return new Packages(kernel, busybox);
    }

    private ExtractedPackage downloadAndUnpack(String packageName, Path workDirectory, Consumer<String> progress) {
        try {
            Path downloads = Files.createDirectories(workDirectory.resolve(packageName).resolve("deb"));
            Path root = Files.createDirectories(workDirectory.resolve(packageName).resolve("root"));
            progress.accept("downloading " + packageName + " (" + PrivateApt.ARCHITECTURE + ")");
            DebArchive deb = apt.download(packageName, downloads);
            ControlFields fields = deb.fields();
            String version = fields.get("Version").orElseThrow();
            progress.accept("unpacking " + packageName + " " + version);
            deb.extractTo(root);
            return new ExtractedPackage(fields.get("Package").orElseThrow(), version, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
