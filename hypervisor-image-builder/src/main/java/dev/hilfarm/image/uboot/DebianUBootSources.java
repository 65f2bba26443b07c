package dev.hilfarm.image.uboot;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.ToolMissingException;
import dev.hilfarm.image.AtomicFiles;
import dev.hilfarm.image.ImageCacheException;
import dev.hilfarm.image.apt.HostSources;
import dev.hilfarm.image.apt.PrivateApt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * U-Boot's source from Debian's source package, through {@code apt-get source} with a private apt
 * state whose sources list hilfarm writes itself: deb-src lines for the repositories the host
 * already uses. Each version is unpacked once under {@code sources/VERSION}; the directory appears
 * by an atomic rename, so a tree that exists is complete.
 *
 * <p>Callers serialise fetches (the cache's lock): apt runs without its own locking.
 */
public final class DebianUBootSources implements UBootSources {

    public static final String SOURCE_PACKAGE = "u-boot";

    private final PrivateApt apt;
    private final Path sourceList;
    private final Path sourcesDirectory;
    private final Path workDirectory;

    /**
     * @param aptDirectory     the private apt state for source lists (not shared with the binary one,
     *                         whose lists must keep following the host's sources)
     * @param sourcesDirectory where unpacked trees are kept, one per Debian version
     * @param workDirectory    scratch space on the same file system as {@code sourcesDirectory}
     */
    public DebianUBootSources(Path aptDirectory, Path sourcesDirectory, Path workDirectory) {
        this.sourceList = aptDirectory.resolve("sources.list");
        this.apt = PrivateApt.withSourceList(aptDirectory, sourceList);
        this.sourcesDirectory = sourcesDirectory;
        this.workDirectory = workDirectory;
    }

    @Override
    public UBootSource fetch(Consumer<String> progress) {
        try {
            return fetchOrThrow(progress);
        } catch (IOException e) {
            throw new ImageCacheException("cannot fetch U-Boot's source into " + sourcesDirectory + ": " + e, e);
        }
    }

    private UBootSource fetchOrThrow(Consumer<String> progress) throws IOException {
        apt.prepare();
        List<String> lines = HostSources.debSrcLines();
        AtomicFiles.write(sourceList, (String.join("\n", List.of(
                "# Written by hilfarm on every U-Boot build: deb-src lines for the host's own apt repositories.",
                "# The host's apt configuration is not changed.")) + "\n" + String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        progress.accept("updating the source lists of the host's apt repositories");
        apt.update().ifPresent(problem -> progress.accept(
                "warning: some source lists could not be updated, continuing with the others: " + problem));

        String version = versionOf(apt.sourceFileNames(SOURCE_PACKAGE));
        Path tree = sourcesDirectory.resolve(version);
        if (Files.isDirectory(tree)) {
            progress.accept(SOURCE_PACKAGE + " " + version + " source already unpacked in " + tree);
            return new UBootSource(SOURCE_PACKAGE, version, tree, released(tree));
        }
        if (HostCommand.ToolLocator.find("dpkg-source").isEmpty()) {
            throw new ToolMissingException("dpkg-source", "dpkg-dev");
        }
        Files.createDirectories(sourcesDirectory);
        Path scratch = Files.createTempDirectory(Files.createDirectories(workDirectory), "source-");
        try {
            progress.accept("downloading and unpacking the source package " + SOURCE_PACKAGE + " " + version);
            apt.source(SOURCE_PACKAGE, scratch);
            Path unpacked = onlyDirectory(scratch);
            Files.move(unpacked, tree, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(scratch);
        }
        return new UBootSource(SOURCE_PACKAGE, version, tree, released(tree));
    }

    /** "u-boot_2023.01+dfsg-2+deb12u3.dsc" → "2023.01+dfsg-2+deb12u3" (apt's file names carry no epoch). */
    static String versionOf(List<String> sourceFileNames) {
        String prefix = SOURCE_PACKAGE + "_";
        return sourceFileNames.stream()
                .filter(name -> name.startsWith(prefix) && name.endsWith(".dsc"))
                .map(name -> name.substring(prefix.length(), name.length() - ".dsc".length()))
                .filter(version -> version.matches("[0-9A-Za-z.+~:-]+"))
                .findFirst()
                .orElseThrow(() -> new ImageCacheException("apt-get source " + SOURCE_PACKAGE
                        + " would download no " + prefix + "VERSION.dsc: " + sourceFileNames));
    }

    private static Path onlyDirectory(Path scratch) throws IOException {
        try (Stream<Path> entries = Files.list(scratch)) {
            List<Path> directories = entries.filter(Files::isDirectory).toList();
            if (directories.size() != 1) {
                throw new ImageCacheException("apt-get source " + SOURCE_PACKAGE + " left " + directories.size()
                        + " directories in " + scratch + ", expected one source tree");
            }
            return directories.get(0);
        }
    }

    private static Instant released(Path tree) {
        Path changelog = tree.resolve("debian").resolve("changelog");
        try {
            return newestEntryDate(Files.readString(changelog))
                    .orElseThrow(() -> new ImageCacheException("no dated entry in " + changelog));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + changelog, e);
        }
    }

    /**
     * The date of the first (newest) entry of a Debian changelog, from its trailer line
     * {@code " -- Name <mail>  Sat, 02 Nov 2024 10:00:00 +0100"}.
     */
    static Optional<Instant> newestEntryDate(String changelog) {
        for (String line : changelog.lines().toList()) {
            if (!line.startsWith(" -- ")) {
                continue;
            }
            int mail = line.indexOf(">  ");
            if (mail < 0) {
                return Optional.empty();
            }
            String date = line.substring(mail + 3).strip().replaceAll("\\s+", " ");
            try {
                return Optional.of(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
