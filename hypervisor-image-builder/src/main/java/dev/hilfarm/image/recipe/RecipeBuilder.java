package dev.hilfarm.image.recipe;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.image.AtomicFiles;
import dev.hilfarm.image.FetchLock;
import dev.hilfarm.image.Sha256;
import dev.hilfarm.image.format.FitComponent;
import dev.hilfarm.image.format.FitConfiguration;
import dev.hilfarm.image.format.FitHash;
import dev.hilfarm.image.format.FitImage;
import dev.hilfarm.image.format.ImageArch;
import dev.hilfarm.image.format.ImageCompression;
import dev.hilfarm.image.format.ImageOs;
import dev.hilfarm.image.format.ImageType;
import dev.hilfarm.image.format.SparseImage;
import dev.hilfarm.image.format.UImage;
import dev.hilfarm.image.format.disk.DiskImage;
import dev.hilfarm.image.format.disk.FatFile;
import dev.hilfarm.image.format.disk.Partition;
import dev.hilfarm.image.format.disk.PartitionContent;
import dev.hilfarm.image.format.disk.RawRegion;
import dev.hilfarm.image.hypervisor.HypervisorBuilder;
import dev.hilfarm.image.hypervisor.HypervisorImage;
import dev.hilfarm.image.uboot.KconfigFragment;
import dev.hilfarm.image.uboot.UBootArtefact;
import dev.hilfarm.image.uboot.UBootBuild;
import dev.hilfarm.image.uboot.UBootCache;
import dev.hilfarm.image.uboot.UBootRecipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds a recipe into an output directory, incrementally: each step (U-Boot, hypervisor, FIT,
 * each output) has a digest of everything it reads, and when the previous manifest recorded the
 * same digest for the step and its files on disk still have the recorded sha256, the step is
 * skipped. U-Boot builds are kept in the shared {@link UBootCache} besides. Every file is written
 * atomically and the manifest is rewritten after each step, so an interrupted build leaves what
 * it finished, described. One build per output directory at a time (a lock file).
 */
public final class RecipeBuilder {
    private final UBootCache ubootCache;
    private final HypervisorBuilder hypervisorBuilder;
    private final SigningKeys keys;
    private final int jobs;
    private final Consumer<String> progress;

    public RecipeBuilder(UBootCache ubootCache, HypervisorBuilder hypervisorBuilder, SigningKeys keys, int jobs,
                         Consumer<String> progress) {
        this.ubootCache = ubootCache;
        this.hypervisorBuilder = hypervisorBuilder;
        this.keys = keys;
        this.jobs = jobs;
        this.progress = progress;
    }

    /** What a build did: the manifest, and which artefacts were made and which kept. */
    public record Result(BuildManifest manifest, Path directory, List<String> built, List<String> unchanged, Duration took) {
        public Path file(String name) {
            manifest.artefact(name).orElseThrow(() -> new IllegalArgumentException("the build has no " + name));
            return directory.resolve(name);
        }
    }

    public Result build(ImageRecipe recipe, BoardProfile board, Path outputDirectory) {
        if (!board.name().equals(recipe.board())) {
            throw new IllegalArgumentException(recipe.source() + " is for " + recipe.board() + ", not " + board.name());
        }
        long start = System.nanoTime();
        Path out = outputDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(out);
            try (FetchLock lock = FetchLock.acquire(out.resolve(".build.lock"), progress)) {
                Run run = new Run(recipe, board, out);
                run.all();
                return new Result(run.manifest(true), out, List.copyOf(run.built), List.copyOf(run.unchanged),
                        Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (IOException e) {
            throw new RecipeBuildException("building " + recipe.name() + " into " + out + " failed: " + e.getMessage(), e);
        }
    }

    /** One build: the artefacts made so far, and what the previous build in the directory recorded. */
    private final class Run {
        private final ImageRecipe recipe;
        private final BoardProfile board;
        private final Path out;
        private final Optional<BuildManifest> previous;
        private final Map<String, BuildManifest.Artefact> artefacts = new LinkedHashMap<>();
        private final List<BuildManifest.BootMedium> boot = new ArrayList<>();
        private final List<String> built = new ArrayList<>();
        private final List<String> unchanged = new ArrayList<>();
        private Optional<SigningKeys.KeyPair> key = Optional.empty();

        Run(ImageRecipe recipe, BoardProfile board, Path out) {
            this.recipe = recipe;
            this.board = board;
            this.out = out;
            this.previous = readPrevious(out.resolve(BuildManifest.FILE_NAME));
        }

        void all() throws IOException {
            // The key goes into U-Boot's control dtb even when this recipe makes no FIT itself.
            if (recipe.signingKey().isPresent()) {
                key = Optional.of(keys.get(recipe.signingKey().get(), progress));
            }
            if (recipe.uboot().isPresent()) {
                uboot(recipe.uboot().get());
            }
            if (recipe.hypervisor().isPresent()) {
                hypervisor(recipe.hypervisor().get());
            }
            if (recipe.linux().isPresent()) {
                linux(recipe.linux().get());
            }
            if (recipe.fit().isPresent()) {
                fit(recipe.fit().get());
            }
            for (ImageRecipe.Output o : recipe.outputs()) {
                if (o instanceof ImageRecipe.UImageOutput u) {
                    uimage(u);
                } else if (o instanceof ImageRecipe.SdCardOutput sd) {
                    sdCard(sd);
                } else if (o instanceof ImageRecipe.FlashOutput f) {
                    flash(f);
                } else if (o instanceof ImageRecipe.SparseOutput s) {
                    sparse(s);
                }
            }
        }

        private void uboot(ImageRecipe.UBoot u) throws IOException {
            List<String> lines = new ArrayList<>(u.config());
            if (u.bootFrom().isPresent()) {
                String bootcmd = String.join("; ", recipe.bootCommands(u.bootFrom().get()).orElseThrow());
                lines.add("CONFIG_BOOTCOMMAND=\"" + bootcmd.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            Optional<KconfigFragment> fragment = lines.isEmpty() ? Optional.empty()
                    : Optional.of(KconfigFragment.parse(recipe.source() + " u-boot.config", String.join("\n", lines) + "\n"));
            UBootBuild b = ubootCache.build(new UBootRecipe(u.defconfig(), fragment, key.map(SigningKeys.KeyPair::publicKey)),
                    jobs, progress);
            String step = b.manifest().cacheKey();
            List<String> inputs = new ArrayList<>(List.of(b.manifest().sourcePackage() + " " + b.manifest().sourceVersion(),
                    "defconfig " + u.defconfig()));
            lines.forEach(line -> inputs.add("config " + line));
            key.ifPresent(k -> inputs.add("FIT key " + k.name() + "@sha256:" + k.publicKey().sha256()));
            OptionalLong textBase = textBase(b);
            for (UBootArtefact f : b.manifest().files()) {
                if (!ImageRecipe.UBOOT_FILES.contains(f.path()) || artefacts.containsKey(f.path())) {
                    continue;
                }
                Path target = out.resolve(f.path());
                boolean same = Files.isRegularFile(target) && Sha256.of(target).equals(f.sha256());
                if (!same) {
                    AtomicFiles.copy(b.directory().resolve(f.path()), target);
                }
                OptionalLong load = f.role() == UBootArtefact.Role.BINARY ? textBase : OptionalLong.empty();
                record(new BuildManifest.Artefact(f.path(), "u-boot " + f.role().jsonName(), f.sha256(), f.size(), load,
                        load, step, inputs), same);
            }
            progress.accept("u-boot " + b.manifest().upstreamVersion() + " " + u.defconfig() + ": "
                    + (b.fromCache() ? "from the cache" : "built in " + b.took().toSeconds() + " s"));
        }

        private void hypervisor(ImageRecipe.Hypervisor h) throws IOException {
            String prefix = recipe.toolchains().bareMetal();
            HypervisorBuilder hypervisorBuilder = prefix.equals(ImageRecipe.Toolchains.DEBIAN.bareMetal())
                    ? RecipeBuilder.this.hypervisorBuilder
                    : new HypervisorBuilder(new dev.hilfarm.image.hypervisor.Toolchain(prefix + "gcc", prefix + "objcopy"));
            String step = hypervisorBuilder.inputDigest(board, h.guests());
            if (reuse(step, List.of("hv.elf", "hv.bin"))) {
                return;
            }
            Path scratch = Files.createTempDirectory(out, ".hypervisor-");
            try {
                HypervisorImage image = hypervisorBuilder.build(board, h.guests(), scratch);
                List<String> inputs = List.of("hilfarm hypervisor sources", "board profile " + board.name(),
                        "guests " + String.join(",", h.guests().guests().stream().map(g -> g.name()).toList()),
                        "toolchain " + hypervisorBuilder.toolchainVersion());
                place(image.elf(), "hv.elf", "hypervisor elf", OptionalLong.of(image.loadAddress()), OptionalLong.of(image.entry()),
                        step, inputs);
                place(image.binary(), "hv.bin", "hypervisor binary", OptionalLong.of(image.loadAddress()),
                        OptionalLong.of(image.entry()), step, inputs);
            } finally {
                deleteTree(scratch);
            }
        }

        /** Copies the kernel, dtb and initramfs into the output, from files or the fetched Debian images. */
        private void linux(ImageRecipe.Linux l) throws IOException {
            Optional<dev.hilfarm.image.TestImages> debian = Optional.empty();
            if (ImageRecipe.Linux.DEBIAN.equals(l.kernel()) || ImageRecipe.Linux.DEBIAN.equals(l.initramfs())) {
                dev.hilfarm.image.TestImageCache cache = dev.hilfarm.image.TestImageCache.atDefaultLocation();
                debian = Optional.of(cache.isPresent() ? cache.load() : cache.fetch(progress));
            }
            Path kernel = ImageRecipe.Linux.DEBIAN.equals(l.kernel()) ? debian.get().kernel() : Path.of(l.kernel());
            Path dtb = ImageRecipe.Linux.DEBIAN.equals(l.kernel()) ? debian.get().dtb(l.dtb()) : Path.of(l.dtb());
            Path initramfs = ImageRecipe.Linux.DEBIAN.equals(l.initramfs()) ? debian.get().initramfs() : Path.of(l.initramfs());
            String origin = debian.map(d -> "debian " + d.kernelPackage()).orElse("given files");
            Map<String, Path> files = new LinkedHashMap<>();
            files.put(ImageRecipe.LINUX_KERNEL, kernel);
            files.put(ImageRecipe.linuxDtbFile(l), dtb);
            files.put(ImageRecipe.LINUX_INITRAMFS, initramfs);
            for (Map.Entry<String, Path> e : files.entrySet()) {
                if (!Files.isRegularFile(e.getValue())) {
                    throw new RecipeBuildException(recipe.source() + ": linux: " + e.getValue() + " (for " + e.getKey()
                            + ") is not a file");
                }
                String sha = Sha256.of(e.getValue());
                String step = digest("linux", e.getKey(), sha);
                if (reuse(step, List.of(e.getKey()))) {
                    continue;
                }
                place(e.getValue(), e.getKey(), "linux " + e.getKey(), OptionalLong.empty(), OptionalLong.empty(), step,
                        List.of(e.getValue().getFileName() + "@sha256:" + sha + " (" + origin + ")"));
            }
        }

        private void fit(ImageRecipe.Fit f) throws IOException {
            if (recipe.linux().isPresent()) {
                linuxFit(f, recipe.linux().get());
                return;
            }
            BuildManifest.Artefact hv = artefacts.get("hv.bin");
            long load = hv.loadAddress().orElseThrow();
            long entry = hv.entry().orElseThrow();
            List<String> inputs = new ArrayList<>(List.of(input(hv)));
            f.fdt().ifPresent(name -> inputs.add(input(artefact(name))));
            key.ifPresent(k -> inputs.add("FIT key " + k.name() + "@sha256:" + k.publicKey().sha256()));
            String step = digest("fit", f.description(), String.valueOf(f.timestamp()), String.valueOf(f.signed()),
                    Long.toHexString(load), Long.toHexString(entry), String.join(";", inputs));
            if (reuse(step, List.of(f.file()))) {
                return;
            }
            List<FitComponent> components = new ArrayList<>();
            components.add(new FitComponent("hypervisor", "hilfarm hypervisor (" + recipe.name() + ")", ImageType.KERNEL,
                    ImageArch.ARM, ImageOs.LINUX, ImageCompression.NONE, Files.readAllBytes(out.resolve("hv.bin")),
                    OptionalLong.of(load), OptionalLong.of(entry), List.of(FitHash.SHA256)));
            Map<String, List<String>> roles = new LinkedHashMap<>();
            roles.put("kernel", List.of("hypervisor"));
            if (f.fdt().isPresent()) {
                components.add(FitComponent.deviceTree("fdt", Files.readAllBytes(out.resolve(f.fdt().get())),
                        List.of(FitHash.SHA256)));
                roles.put("fdt", List.of("fdt"));
            }
            FitConfiguration conf = FitConfiguration.of("conf-1", recipe.name(), roles);
            if (f.signed()) {
                conf = conf.signedWith(key.orElseThrow().name());
            }
            FitImage image = new FitImage(f.description(), f.timestamp(), components, List.of(conf), "conf-1");
            byte[] blob = image.toBlob(key.map(k -> Map.of(k.name(), k.privateKey())).orElse(Map.of()));
            write(f.file(), "fit", blob, OptionalLong.empty(), step, inputs);
        }

        /** Kernel, device tree and initramfs in one configuration; the kernel at the profile's kernel address. */
        private void linuxFit(ImageRecipe.Fit f, ImageRecipe.Linux l) throws IOException {
            BuildManifest.Artefact kernel = artefact(ImageRecipe.LINUX_KERNEL);
            BuildManifest.Artefact dtb = artefact(ImageRecipe.linuxDtbFile(l));
            BuildManifest.Artefact initramfs = artefact(ImageRecipe.LINUX_INITRAMFS);
            long load = board.linux().kernelAddress();
            List<String> inputs = new ArrayList<>(List.of(input(kernel), input(dtb), input(initramfs)));
            key.ifPresent(k -> inputs.add("FIT key " + k.name() + "@sha256:" + k.publicKey().sha256()));
            String step = digest("linux-fit", f.description(), String.valueOf(f.timestamp()), String.valueOf(f.signed()),
                    Long.toHexString(load), String.join(";", inputs));
            if (reuse(step, List.of(f.file()))) {
                return;
            }
            List<FitComponent> components = List.of(
                    FitComponent.kernel("kernel", Files.readAllBytes(out.resolve(kernel.file())), load, List.of(FitHash.SHA256)),
                    FitComponent.deviceTree("fdt", Files.readAllBytes(out.resolve(dtb.file())), List.of(FitHash.SHA256)),
                    FitComponent.ramdisk("ramdisk", Files.readAllBytes(out.resolve(initramfs.file())), List.of(FitHash.SHA256)));
            Map<String, List<String>> roles = new LinkedHashMap<>();
            roles.put("kernel", List.of("kernel"));
            roles.put("fdt", List.of("fdt"));
            roles.put("ramdisk", List.of("ramdisk"));
            FitConfiguration conf = FitConfiguration.of("conf-1", recipe.name(), roles);
            if (f.signed()) {
                conf = conf.signedWith(key.orElseThrow().name());
            }
            byte[] blob = new FitImage(f.description(), f.timestamp(), components, List.of(conf), "conf-1")
                    .toBlob(key.map(k -> Map.of(k.name(), k.privateKey())).orElse(Map.of()));
            write(f.file(), "fit", blob, OptionalLong.empty(), step, inputs);
        }

        private void uimage(ImageRecipe.UImageOutput u) throws IOException {
            BuildManifest.Artefact hv = artefact("hv.bin");
            String step = digest("uimage", input(hv));
            if (reuse(step, List.of(u.file()))) {
                return;
            }
            UImage image = new UImage("hilfarm hypervisor", 0, hv.loadAddress().orElseThrow(), hv.entry().orElseThrow(),
                    ImageOs.LINUX, ImageArch.ARM, ImageType.KERNEL, ImageCompression.NONE,
                    Files.readAllBytes(out.resolve("hv.bin")));
            write(u.file(), "uimage", image.toBytes(), hv.loadAddress(), step, List.of(input(hv)));
        }

        private void sdCard(ImageRecipe.SdCardOutput sd) throws IOException {
            List<String> inputs = new ArrayList<>(sd.bootFiles().stream().map(n -> input(artefact(n))).toList());
            for (ImageRecipe.Placement p : sd.raw()) {
                inputs.add(input(artefact(p.file())) + " at 0x" + Long.toHexString(p.offset()));
            }
            String step = digest("sd-card", sd.table().name(), String.valueOf(sd.sizeBytes()),
                    String.valueOf(sd.bootPartitionBytes()), recipe.name(), String.join(";", inputs));
            bootFrom(sd);
            if (reuse(step, List.of(sd.file()))) {
                return;
            }
            List<FatFile> files = new ArrayList<>();
            for (String name : sd.bootFiles()) {
                files.add(new FatFile(name, Files.readAllBytes(out.resolve(name))));
            }
            List<RawRegion> raw = new ArrayList<>();
            for (ImageRecipe.Placement p : sd.raw()) {
                raw.add(new RawRegion(p.file(), p.offset(), Files.readAllBytes(out.resolve(p.file()))));
            }
            Path target = out.resolve(sd.file());
            try {
                DiskImage.write(target, sd.table(), sd.sizeBytes(), List.of(new Partition("boot", sd.bootPartitionBytes(), true,
                        new PartitionContent.Fat(Optional.empty(), "BOOT", files))), recipe.name() + "/" + sd.file(), raw);
            } catch (IllegalArgumentException e) {
                throw new RecipeBuildException(recipe.source() + ": " + sd.file() + ": " + e.getMessage(), e);
            }
            record(new BuildManifest.Artefact(sd.file(), "sd-card " + sd.table().name().toLowerCase(), Sha256.of(target),
                    Files.size(target), OptionalLong.empty(), OptionalLong.empty(), step, inputs), false);
        }

        private void bootFrom(ImageRecipe.SdCardOutput sd) {
            if (sd.loadAddress() == 0 || recipe.fit().map(f -> !sd.bootFiles().contains(f.file())).orElse(true)
                    || boot.stream().anyMatch(b -> b.medium().equals("sd"))) {
                return;
            }
            boot.add(new BuildManifest.BootMedium("sd", sd.file(), 0, recipe.bootCommands("sd").orElseThrow()));
        }

        private void flash(ImageRecipe.FlashOutput f) throws IOException {
            List<String> inputs = new ArrayList<>();
            for (ImageRecipe.Placement p : f.placements()) {
                inputs.add(input(artefact(p.file())) + " at 0x" + Long.toHexString(p.offset()));
            }
            String step = digest("flash", String.valueOf(f.sizeBytes()), String.join(";", inputs));
            boolean holdsFit = f.placements().stream().anyMatch(p -> recipe.fit().map(ImageRecipe.Fit::file)
                    .filter(p.file()::equals).isPresent());
            if (holdsFit && boot.stream().noneMatch(b -> b.medium().equals("flash"))) {
                boot.add(new BuildManifest.BootMedium("flash", f.file(), f.bank(), recipe.bootCommands("flash").orElseThrow()));
            }
            if (reuse(step, List.of(f.file()))) {
                return;
            }
            List<ImageRecipe.Placement> byOffset = f.placements().stream()
                    .sorted(Comparator.comparingLong(ImageRecipe.Placement::offset)).toList();
            long end = 0;
            for (ImageRecipe.Placement p : byOffset) {
                if (p.offset() < end) {
                    throw new RecipeBuildException(recipe.source() + ": in " + f.file() + ", " + p.file() + " at 0x"
                            + Long.toHexString(p.offset()) + " overlaps what is placed before it (up to 0x" + Long.toHexString(end) + ")");
                }
                end = p.offset() + artefact(p.file()).size();
                if (end > f.sizeBytes()) {
                    throw new RecipeBuildException(recipe.source() + ": " + p.file() + " at 0x" + Long.toHexString(p.offset())
                            + " does not fit the " + f.sizeBytes() + "-byte bank " + f.file());
                }
            }
            Path target = out.resolve(f.file());
            AtomicFiles.writeChannel(target, channel -> {
                byte[] erased = new byte[1 << 20];
                Arrays.fill(erased, (byte) 0xff);
                for (long at = 0; at < f.sizeBytes(); at += erased.length) {
                    ByteBuffer chunk = ByteBuffer.wrap(erased, 0, (int) Math.min(erased.length, f.sizeBytes() - at));
                    while (chunk.hasRemaining()) {
                        channel.write(chunk, at + chunk.position());
                    }
                }
                for (ImageRecipe.Placement p : byOffset) {
                    ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(out.resolve(p.file())));
                    while (data.hasRemaining()) {
                        channel.write(data, p.offset() + data.position());
                    }
                }
            });
            record(new BuildManifest.Artefact(f.file(), "nor-flash bank " + f.bank(), Sha256.of(target), Files.size(target),
                    OptionalLong.of(f.bankAddress()), OptionalLong.empty(), step, inputs), false);
        }

        private void sparse(ImageRecipe.SparseOutput s) throws IOException {
            BuildManifest.Artefact from = artefact(s.from());
            String step = digest("sparse", input(from));
            if (reuse(step, List.of(s.file()))) {
                return;
            }
            Path target = out.resolve(s.file());
            SparseImage.fromRaw(out.resolve(s.from()), SparseImage.DEFAULT_BLOCK_SIZE, List.of()).write(target);
            record(new BuildManifest.Artefact(s.file(), "android-sparse", Sha256.of(target), Files.size(target),
                    OptionalLong.empty(), OptionalLong.empty(), step, List.of(input(from))), false);
        }

        /** Keeps the previous build's files for {@code step} when they are all there, unchanged. */
        private boolean reuse(String step, List<String> files) throws IOException {
            if (previous.isEmpty()) {
                return false;
            }
            List<BuildManifest.Artefact> kept = new ArrayList<>();
            for (String name : files) {
                Optional<BuildManifest.Artefact> a = previous.get().artefact(name);
                Path file = out.resolve(name);
                if (a.isEmpty() || !a.get().step().equals(step) || !Files.isRegularFile(file)
                        || Files.size(file) != a.get().size() || !Sha256.of(file).equals(a.get().sha256())) {
                    return false;
                }
                kept.add(a.get());
            }
            for (BuildManifest.Artefact a : kept) {
                record(a, true);
            }
            return true;
        }

        private void place(Path built, String name, String kind, OptionalLong load, OptionalLong entry, String step,
                           List<String> inputs) throws IOException {
            String sha = AtomicFiles.copy(built, out.resolve(name));
            record(new BuildManifest.Artefact(name, kind, sha, Files.size(out.resolve(name)), load, entry, step, inputs), false);
        }

        private void write(String name, String kind, byte[] content, OptionalLong load, String step, List<String> inputs)
                throws IOException {
            String sha = AtomicFiles.write(out.resolve(name), content);
            record(new BuildManifest.Artefact(name, kind, sha, content.length, load, load, step, inputs), false);
        }

        private void record(BuildManifest.Artefact a, boolean kept) throws IOException {
            artefacts.put(a.file(), a);
            (kept ? unchanged : built).add(a.file());
            progress.accept((kept ? "unchanged " : "built     ") + a.file() + " (" + a.size() + " bytes)");
            AtomicFiles.write(out.resolve(BuildManifest.FILE_NAME), manifest(false).toJson().getBytes(StandardCharsets.UTF_8));
        }

        BuildManifest manifest(boolean complete) {
            BuildManifest m = new BuildManifest(recipe.name(), recipe.source(), board.name(), complete,
                    List.copyOf(artefacts.values()), boot);
            if (complete) {
                try {
                    AtomicFiles.write(out.resolve(BuildManifest.FILE_NAME), m.toJson().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new RecipeBuildException("cannot write " + out.resolve(BuildManifest.FILE_NAME) + ": " + e.getMessage(), e);
                }
            }
            return m;
        }

        private BuildManifest.Artefact artefact(String name) {
            BuildManifest.Artefact a = artefacts.get(name);
            if (a == null) {
                throw new RecipeBuildException(recipe.source() + ": " + name + " was not made by this build (made: "
                        + String.join(", ", artefacts.keySet()) + "); the U-Boot build for "
                        + recipe.uboot().map(ImageRecipe.UBoot::defconfig).orElse("(none)") + " may not produce it");
            }
            return a;
        }

        private OptionalLong textBase(UBootBuild b) throws IOException {
            Optional<Path> config = b.file(UBootArtefact.Role.CONFIG);
            if (config.isEmpty()) {
                return OptionalLong.empty();
            }
            for (String line : Files.readAllLines(config.get())) {
                if (line.startsWith("CONFIG_TEXT_BASE=0x") || line.startsWith("CONFIG_SYS_TEXT_BASE=0x")) {
                    return OptionalLong.of(Long.parseLong(line.substring(line.indexOf("=0x") + 3), 16));
                }
            }
            return OptionalLong.empty();
        }
    }

    private Optional<BuildManifest> readPrevious(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(BuildManifest.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            progress.accept("ignoring the previous manifest " + file + " (" + e.getMessage() + "): building everything");
            return Optional.empty();
        }
    }

    private static String input(BuildManifest.Artefact a) {
        return a.file() + "@sha256:" + a.sha256();
    }

    private static String digest(String... parts) {
        MessageDigest d = Sha256.newDigest();
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            d.update(ByteBuffer.allocate(4).putInt(b.length).array());
            d.update(b);
        }
        return Sha256.hex(d);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover hidden scratch directory is harmless and ignored by the next build
        }
    }
}
