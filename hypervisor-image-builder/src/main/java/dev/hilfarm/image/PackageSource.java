package dev.hilfarm.image;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Where the kernel and busybox packages come from: apt in production, prepared trees in tests. */
interface PackageSource {

    /** The kernel and busybox packages, unpacked somewhere below {@code workDirectory}. */
    Packages fetch(Path workDirectory, Consumer<String> progress);

    record Packages(ExtractedPackage kernel, ExtractedPackage busybox) {
    }
}
