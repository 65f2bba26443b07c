package dev.hilfarm.image.apt;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.image.ImageCacheException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * apt-get and apt-cache for armhf packages, with the host's configured sources but all state in a
 * directory of our own: package lists, the archive cache and an empty dpkg status. The host's
 * package lists, dpkg database and locks are never read or written, so this needs no root and
 * cannot disturb the host's apt, and the host's native architecture does not matter.
 *
 * <p>{@link #withSourceList} gives the same private state reading a sources list of its own
 * instead of the host's: how source packages are fetched (a deb-src list hilfarm writes) without
 * adding deb-src lines to the host's configuration.
 */
public final class PrivateApt {

    public static final String ARCHITECTURE = "armhf";

    /* The armhf Packages index is about 9 MB compressed; allow for a slow link. */
    private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);
    /* The kernel package is about 45 MB. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(20);
    /* U-Boot's source is about 16 MB to download and 170 MB unpacked. */
    private static final Duration SOURCE_TIMEOUT = Duration.ofMinutes(20);

    /*
     * Read with -c after the host's configuration, so it wins over it:
     * - the host's update hooks refresh host-wide state (AppStream catalogue, PackageKit), which
     *   must not happen because of a private update, and may fail without privileges;
     * - index targets other than Packages (translations, Contents for apt-file, AppStream metadata)
     *   only cost download time here.
     */
    private static final String CONFIGURATION = """
            // Written by hilfarm for its private armhf apt state; rewritten on every fetch.
            #clear APT::Update::Pre-Invoke;
            #clear APT::Update::Post-Invoke;
            #clear APT::Update::Post-Invoke-Success;
            Acquire::Languages "none";
            Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";
            Acquire::IndexTargets::deb::Contents-udeb::DefaultEnabled "false";
            Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";
            Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled "false";
            Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled "false";
            """;

    private final Path stateDirectory;
    /* null: the host's sources.list and sources.list.d */
    private final Path sourceList;

    public PrivateApt(Path stateDirectory) {
        this(stateDirectory, null);
    }

    private PrivateApt(Path stateDirectory, Path sourceList) {
        this.stateDirectory = stateDirectory.toAbsolutePath().normalize();
        this.sourceList = sourceList == null ? null : sourceList.toAbsolutePath().normalize();
    }

    /**
     * Private state that reads only {@code sourceList}: the host's sources.list and
     * sources.list.d are ignored. The caller writes the list before {@link #update}.
     */
    public static PrivateApt withSourceList(Path stateDirectory, Path sourceList) {
        return new PrivateApt(stateDirectory, sourceList);
    }

    /** Creates the directories and files apt expects to exist; safe to call again. */
    public void prepare() {
        try {
            Files.createDirectories(lists().resolve("partial"));
            Files.createDirectories(cache().resolve("archives").resolve("partial"));
            Files.createDirectories(state());
            Files.createDirectories(emptySourceParts());
            if (!Files.exists(status())) {
                Files.createFile(status());
            }
            Files.writeString(configuration(), CONFIGURATION);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the private apt state in " + stateDirectory, e);
        }
    }

    /**
     * Downloads the armhf package lists of the host's sources. A source that fails (a mirror in
     * the middle of a sync, a third-party repository without armhf) does not stop the fetch as
     * long as some lists arrived; its error comes back as a warning. Nothing at all is fatal.
     */
    public Optional<String> update() {
        HostCommand.Result result = command(UPDATE_TIMEOUT, "apt-get", "update").run();
        if (result.exitStatus() == 0) {
            return Optional.empty();
        }
        String error = firstErrorLine(result);
        if (!hasPackageLists()) {
            throw new ImageCacheException("apt-get update fetched no " + (sourceList == null ? "armhf package" : "source")
                    + " lists: " + error);
        }
        return Optional.of(error);
    }

    /**
     * The first dependency of the candidate version of {@code metapackage} whose name starts with
     * {@code prefix}: how linux-image-armmp names the versioned kernel package it stands for.
     */
    public String dependencyOf(String metapackage, String prefix) {
        ControlFields fields = show(metapackage);
        return fields.relationNames("Depends").stream().filter(name -> name.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new ImageCacheException(metapackage + " " + fields.get("Version").orElse("")
                        + " depends on no " + prefix + "* package"));
    }

    /** The candidate version's control fields. */
    public ControlFields show(String packageName) {
        HostCommand.Result result = command(QUERY_TIMEOUT, "apt-cache", "show", "--no-all-versions", packageName).run();
        if (result.exitStatus() != 0 || result.stdout().isBlank()) {
            throw new ImageCacheException(packageName + " (" + ARCHITECTURE + ") is in none of the package lists of "
                    + "the configured apt sources (is Debian's main component configured?): " + firstErrorLine(result));
        }
        return ControlFields.parse(result.stdout());
    }

    /** Downloads the candidate version's .deb into {@code directory}, which must hold no other .deb. */
    public DebArchive download(String packageName, Path directory) {
        HostCommand.Result result = command(DOWNLOAD_TIMEOUT, "apt-get", "download", packageName).in(directory).run();
        if (result.exitStatus() != 0) {
            throw new ImageCacheException("downloading " + packageName + " (" + ARCHITECTURE + ") failed: "
                    + firstErrorLine(result));
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().endsWith(".deb")).toList();
            if (debs.size() != 1) {
                throw new ImageCacheException("apt-get download " + packageName + " left " + debs.size()
                        + " .deb files in " + directory + ", expected one");
            }
            return new DebArchive(debs.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file names apt-get source would download for the candidate version of {@code sourcePackage}
     * (.dsc first in apt's order, then the tarballs), without downloading anything.
     */
    public List<String> sourceFileNames(String sourcePackage) {
        HostCommand.Result result = command(QUERY_TIMEOUT, "apt-get", "source", "--print-uris", sourcePackage).run();
        List<String> names = new ArrayList<>();
        for (String line : result.stdout().lines().toList()) {
            // 'URI' file-name size hash
            if (line.startsWith("'")) {
                String[] fields = line.split("\\s+");
                if (fields.length >= 2) {
                    names.add(fields[1]);
                }
            }
        }
        if (result.exitStatus() != 0 || names.isEmpty()) {
            throw new ImageCacheException("no source package " + sourcePackage + " in the source lists of "
                    + (sourceList == null ? "the host's apt sources" : sourceList) + ": " + firstErrorLine(result));
        }
        return names;
    }

    /**
     * Downloads the candidate version of {@code sourcePackage} into {@code directory} and unpacks it
     * there with dpkg-source (Debian's patches applied), as {@code apt-get source} does.
     */
    public void source(String sourcePackage, Path directory) {
        // Running as root, apt would hand the download to its _apt user, who cannot write into a
        // private cache under root's home: apt then falls back to root itself, with a warning.
        // Say so up front. Without root apt never switches users and ignores this.
        HostCommand.Result result = command(SOURCE_TIMEOUT, "apt-get", "-oAPT::Sandbox::User=root", "source",
                sourcePackage).in(directory).run();
        if (result.exitStatus() != 0) {
            throw new ImageCacheException("apt-get source " + sourcePackage + " failed: " + firstErrorLine(result));
        }
    }

    /** The options that point apt at the private state; public so the tests can show what runs. */
    public List<String> options() {
        List<String> options = new ArrayList<>(List.of(
                "-c", configuration().toString(),
                "-oAPT::Architecture=" + ARCHITECTURE,
                "-oAPT::Architectures=" + ARCHITECTURE,
                "-oDir::State=" + state(),
                "-oDir::State::Lists=" + lists(),
                "-oDir::State::status=" + status(),
                "-oDir::Cache=" + cache(),
                // hilfarm's fetch lock serialises fetches into this state; apt's own lock would make a
                // concurrent fetch fail at once instead of waiting for the first one.
                "-oDebug::NoLocking=1"));
        if (sourceList != null) {
            options.add("-oDir::Etc::SourceList=" + sourceList);
            // An empty directory, so that none of the host's sources.list.d files is read.
            options.add("-oDir::Etc::SourceParts=" + emptySourceParts());
        }
        return List.copyOf(options);
    }

    private HostCommand command(Duration timeout, String tool, String... arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.addAll(options());
        argv.addAll(List.of(arguments));
        return HostCommand.of(argv).timeout(timeout).providedBy("apt");
    }

    private boolean hasPackageLists() {
        try (Stream<Path> files = Files.list(lists())) {
            return files.anyMatch(f -> f.getFileName().toString().contains("_Packages")
                    || f.getFileName().toString().contains("_Sources"));
        } catch (IOException e) {
            return false;
        }
    }

    /* apt's first "E:" line names the failing source; the last one is only a summary. */
    private static String firstErrorLine(HostCommand.Result result) {
        return Stream.concat(result.stderr().lines(), result.stdout().lines())
                .map(String::strip).filter(line -> line.startsWith("E:")).findFirst()
                .orElse(result.lastErrorLine());
    }

    private Path lists() {
        return stateDirectory.resolve("lists");
    }

    private Path cache() {
        return stateDirectory.resolve("cache");
    }

    private Path state() {
        return stateDirectory.resolve("state");
    }

    private Path status() {
        return stateDirectory.resolve("status");
    }

    private Path emptySourceParts() {
        return stateDirectory.resolve("sources.list.d");
    }

    private Path configuration() {
        return stateDirectory.resolve("apt.conf");
    }
}
