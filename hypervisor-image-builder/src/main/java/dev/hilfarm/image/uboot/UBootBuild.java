package dev.hilfarm.image.uboot;

import dev.hilfarm.image.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A complete U-Boot build: its directory (the files and manifest.json) and how it was obtained.
 *
 * @param fromCache true when an earlier build of the same inputs was reused
 * @param took      the time {@link UBootCache#build} took, source fetch included
 */
public record UBootBuild(Path directory, UBootManifest manifest, boolean fromCache, Duration took) {

    public Path manifestFile() {
        return directory.resolve(UBootManifest.FILE_NAME);
    }

    /** The first file of that role, e.g. {@code file(Role.ELF)} is the u-boot ELF. */
    public Optional<Path> file(UBootArtefact.Role role) {
        return manifest.first(role).map(artefact -> directory.resolve(artefact.path()));
    }

    /** The u-boot ELF, which every build has. */
    public Path elf() {
        return file(UBootArtefact.Role.ELF).orElseThrow();
    }

    /** Copies the files and the manifest into {@code target} (each replaced atomically) and describes the copy. */
    public UBootBuild copyTo(Path target) throws IOException {
        Files.createDirectories(target);
        for (UBootArtefact artefact : manifest.files()) {
            AtomicFiles.copy(directory.resolve(artefact.path()), target.resolve(artefact.path()));
        }
        AtomicFiles.write(target.resolve(UBootManifest.FILE_NAME), manifest.toJson().getBytes(StandardCharsets.UTF_8));
        return new UBootBuild(target.toAbsolutePath().normalize(), manifest, fromCache, took);
    }
}
