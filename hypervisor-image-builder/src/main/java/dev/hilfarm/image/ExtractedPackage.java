package dev.hilfarm.image;

import java.nio.file.Path;

/** A Debian package unpacked into {@code root}, as {@code dpkg-deb -x} leaves it. */
record ExtractedPackage(String name, String version, Path root) {
}
