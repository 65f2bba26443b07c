package dev.hilfarm.image.uboot;

import dev.hilfarm.image.AtomicFiles;
import dev.hilfarm.image.FetchLock;
import dev.hilfarm.image.ImageCacheException;
import dev.hilfarm.image.Sha256;
import dev.hilfarm.image.TestImageCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * U-Boot builds kept by their inputs (source version, defconfig, fragment: {@link UBootCacheKey}),
 * under the same cache root as the test images. A build whose directory exists and whose files
 * match its manifest is reused without running make.
 *
 * <pre>
 * root/
 *   apt-src/                  private apt state with hilfarm's own deb-src list
 *   u-boot/sources/VERSION/   unpacked Debian source trees (read-only once there)
 *   u-boot/builds/KEYNAME/    u-boot, u-boot.bin, dt.dtb, ..., u-boot.config, manifest.json
 *   u-boot/logs/              logs of failed builds, kept for reading
 *   u-boot/tmp/               scratch: source downloads, build trees (removed afterwards)
 *   u-boot/u-boot.lock        one fetch or build at a time per cache
 * </pre>
 *
 * <p>A build happens in scratch space and its directory is renamed into builds/ only once the
 * manifest is written, so a reader never sees half a build.
 */
public final class UBootCache {

    private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;
    private final UBootSources sources;
    private final UBootBuilder builder;

    public UBootCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.sources = new DebianUBootSources(this.root.resolve("apt-src"), directory().resolve("sources"),
                directory().resolve("tmp"));
        this.builder = new UBootBuilder(CrossCompiler.debian());
    }

    public UBootCache(Path root, UBootSources sources, UBootBuilder builder) {
        this.root = root.toAbsolutePath().normalize();
        this.sources = Objects.requireNonNull(sources);
        this.builder = Objects.requireNonNull(builder);
    }

    /** {@code $HIL_CACHE} when set, else {@code ~/.cache/hilfarm}: next to the test images. */
    public static UBootCache atDefaultLocation() {
        return new UBootCache(TestImageCache.atDefaultLocation().root());
    }

    public Path root() {
        return root;
    }

    /** Where the builds are kept: {@code <root>/u-boot/builds}. */
    public Path buildsDirectory() {
        return directory().resolve("builds");
    }

    /**
     * Returns the build of {@code recipe} from the current Debian source: the cached one when its
     * files are intact, otherwise a fresh one. Waits while another process builds into this cache.
     *
     * @param jobs     make's -j
     * @param progress receives short lines for the user
     * @throws UBootBuildException when the build fails (the message names the kept log)
     */
    public UBootBuild build(UBootRecipe recipe, int jobs, Consumer<String> progress) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
        long start = System.nanoTime();
        try {
            FetchLock lock = FetchLock.acquire(directory().resolve("u-boot.lock"), progress);
            try {
                return buildHoldingLock(recipe, jobs, start, progress);
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw new ImageCacheException("cannot build U-Boot under " + root + ": " + e, e);
        } catch (UncheckedIOException e) {
            throw new ImageCacheException("cannot build U-Boot under " + root + ": " + e.getCause(), e);
        }
    }

    private UBootBuild buildHoldingLock(UBootRecipe recipe, int jobs, long start, Consumer<String> progress)
            throws IOException {
        // Holding the lock, nothing else uses the scratch space: whatever is there was left by a
        // build that was killed.
        FileTrees.delete(directory().resolve("tmp"));
        UBootSource source = sources.fetch(progress);
        UBootCacheKey key = UBootCacheKey.of(source, recipe);
        Path directory = buildsDirectory().resolve(key.directoryName());
        Optional<UBootManifest> cached = verified(directory, key, progress);
        if (cached.isPresent()) {
            progress.accept("U-Boot " + source.debianVersion() + " " + recipe.defconfig() + " unchanged: using "
                    + directory);
            return new UBootBuild(directory, cached.get(), true, since(start));
        }
        UBootManifest manifest = buildInto(directory, source, recipe, key, jobs, progress);
        return new UBootBuild(directory, manifest, false, since(start));
    }

    private UBootManifest buildInto(Path directory, UBootSource source, UBootRecipe recipe, UBootCacheKey key,
                                    int jobs, Consumer<String> progress) throws IOException {
        builder.requireHostTools();
        String toolchain = builder.compiler().describe();
        Path scratch = Files.createTempDirectory(Files.createDirectories(directory().resolve("tmp")), "build-");
        try {
            Path out = scratch.resolve("out");
            Path log = scratch.resolve("build.log");
            try {
                builder.build(source, recipe, out, log, jobs, progress);
            } catch (UBootBuildException e) {
                if (e.log().isEmpty()) {
                    throw e;
                }
                Path kept = directory().resolve("logs").resolve(key.directoryName() + "-"
                        + LOG_STAMP.format(Instant.now()) + ".log");
                Files.createDirectories(kept.getParent());
                Files.move(e.log().get(), kept, StandardCopyOption.REPLACE_EXISTING);
                throw e.withLog(kept);
            }
            Path result = Files.createDirectory(scratch.resolve("result"));
            List<UBootArtefact> files = collect(out, result);
            UBootManifest manifest = new UBootManifest(source.packageName(), source.debianVersion(),
                    source.upstreamVersion(), recipe.defconfig(), key.fragmentSha256(),
                    recipe.fragment().map(f -> f.canonicalText().lines().toList()).orElse(List.of()),
                    recipe.fitKey().map(k -> k.name() + " " + k.algorithm() + " required=" + k.required()).orElse(""),
                    key.sha256(), toolchain, source.released().getEpochSecond(), files);
            AtomicFiles.write(result.resolve(UBootManifest.FILE_NAME), manifest.toJson().getBytes(StandardCharsets.UTF_8));
            Files.createDirectories(buildsDirectory());
            if (Files.exists(directory)) {
                // A stale or damaged build of the same key: move it aside first, so the rename
                // below stays atomic, then delete it.
                Path stale = scratch.resolve("stale");
                Files.move(directory, stale, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(result, directory, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("U-Boot " + source.debianVersion() + " " + recipe.defconfig() + " built into " + directory);
            return manifest;
        } finally {
            FileTrees.delete(scratch);
        }
    }

    /** Host tools kept per Debian source version; bump when the way they are built changes. */
    private static final int HOST_TOOLS_REVISION = 1;
    private static final List<String> HOST_TOOLS = List.of("fit_check_sign", "mkimage");

    /**
     * U-Boot's host tools built from the current Debian source: a directory holding
     * {@code fit_check_sign} and {@code mkimage}. Cached per source version; built (some 15-30 s)
     * the first time.
     */
    public Path hostTools(int jobs, Consumer<String> progress) {
        try {
            FetchLock lock = FetchLock.acquire(directory().resolve("u-boot.lock"), progress);
            try {
                FileTrees.delete(directory().resolve("tmp"));
                UBootSource source = sources.fetch(progress);
                Path directory = directory().resolve("host-tools").resolve(source.debianVersion() + "-r" + HOST_TOOLS_REVISION);
                if (HOST_TOOLS.stream().allMatch(t -> Files.isExecutable(directory.resolve(t)))) {
                    return directory;
                }
                Path scratch = Files.createTempDirectory(Files.createDirectories(directory().resolve("tmp")), "tools-");
                try {
                    Path out = scratch.resolve("out");
                    Path log = scratch.resolve("build.log");
                    try {
                        builder.buildHostTools(source, out, log, jobs, progress);
                    } catch (UBootBuildException e) {
                        Path kept = directory().resolve("logs").resolve("host-tools-" + LOG_STAMP.format(Instant.now()) + ".log");
                        Files.createDirectories(kept.getParent());
                        if (!Files.exists(log)) {
                            throw e;
                        }
                        Files.move(log, kept, StandardCopyOption.REPLACE_EXISTING);
                        throw e.withLog(kept);
                    }
                    Path result = Files.createDirectory(scratch.resolve("result"));
                    for (String tool : HOST_TOOLS) {
                        Path built = out.resolve("tools").resolve(tool);
                        if (!Files.isExecutable(built)) {
                            throw new UBootBuildException("U-Boot's tools-only build produced no tools/" + tool, null);
                        }
                        Files.copy(built, result.resolve(tool), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                    Files.createDirectories(directory.getParent());
                    if (Files.exists(directory)) {
                        Files.move(directory, scratch.resolve("stale"), StandardCopyOption.ATOMIC_MOVE);
                    }
                    Files.move(result, directory, StandardCopyOption.ATOMIC_MOVE);
                    progress.accept("U-Boot host tools built into " + directory);
                    return directory;
                } finally {
                    FileTrees.delete(scratch);
                }
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw new ImageCacheException("cannot build U-Boot's host tools under " + root + ": " + e, e);
        }
    }

    /** Build outputs worth keeping, where the configuration produces them: (path in O=, cache name, role). */
    private record Output(String built, String name, UBootArtefact.Role role) {
    }

    private static final List<Output> OUTPUTS = List.of(
            new Output("u-boot", "u-boot", UBootArtefact.Role.ELF),
            new Output("u-boot.bin", "u-boot.bin", UBootArtefact.Role.BINARY),
            new Output("u-boot-dtb.bin", "u-boot-dtb.bin", UBootArtefact.Role.BINARY),
            new Output("u-boot.dtb", "u-boot.dtb", UBootArtefact.Role.DTB),
            // The control dtb as compiled, also when OF_EMBED links it into the binary (vexpress).
            new Output("dts/dt.dtb", "dt.dtb", UBootArtefact.Role.DTB),
            new Output("MLO", "MLO", UBootArtefact.Role.SPL),
            new Output("SPL", "SPL", UBootArtefact.Role.SPL),
            new Output("spl/u-boot-spl.bin", "u-boot-spl.bin", UBootArtefact.Role.SPL),
            new Output("u-boot.img", "u-boot.img", UBootArtefact.Role.IMAGE),
            new Output("u-boot-dtb.img", "u-boot-dtb.img", UBootArtefact.Role.IMAGE),
            new Output("u-boot-sunxi-with-spl.bin", "u-boot-sunxi-with-spl.bin", UBootArtefact.Role.IMAGE),
            new Output("u-boot.imx", "u-boot.imx", UBootArtefact.Role.IMAGE),
            new Output("u-boot-dtb.imx", "u-boot-dtb.imx", UBootArtefact.Role.IMAGE),
            new Output(".config", "u-boot.config", UBootArtefact.Role.CONFIG));

    private static List<UBootArtefact> collect(Path out, Path result) throws IOException {
        List<UBootArtefact> files = new ArrayList<>();
        for (Output output : OUTPUTS) {
            Path built = out.resolve(output.built());
            if (Files.isRegularFile(built)) {
                Path copy = result.resolve(output.name());
                String sha256 = AtomicFiles.copy(built, copy);
                files.add(new UBootArtefact(output.name(), output.role(), Files.size(copy), sha256));
            }
        }
        for (String required : List.of("u-boot", "u-boot.bin")) {
            if (files.stream().noneMatch(file -> file.path().equals(required))) {
                throw new UBootBuildException("U-Boot's build finished without producing " + required + " in " + out, null);
            }
        }
        return files;
    }

    /** The manifest of a complete, intact build of {@code key} in {@code directory}, if there is one. */
    private static Optional<UBootManifest> verified(Path directory, UBootCacheKey key, Consumer<String> progress)
            throws IOException {
        Path manifestFile = directory.resolve(UBootManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        UBootManifest manifest;
        try {
            manifest = UBootManifest.parse(Files.readString(manifestFile));
        } catch (IllegalArgumentException e) {
            progress.accept("unreadable " + manifestFile + " (" + e.getMessage() + "): building again");
            return Optional.empty();
        }
        if (!manifest.cacheKey().equals(key.sha256())) {
            progress.accept(manifestFile + " is for other inputs: building again");
            return Optional.empty();
        }
        for (UBootArtefact file : manifest.files()) {
            Path path = directory.resolve(file.path());
            if (!Files.isRegularFile(path) || Files.size(path) != file.size() || !Sha256.of(path).equals(file.sha256())) {
                progress.accept(path + " is missing or differs from its manifest: building again");
                return Optional.empty();
            }
        }
        return Optional.of(manifest);
    }

    private Path directory() {
        return root.resolve("u-boot");
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
