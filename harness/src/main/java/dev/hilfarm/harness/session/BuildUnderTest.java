package dev.hilfarm.harness.session;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.target.UBootMedia;
import dev.hilfarm.image.AtomicFiles;
import dev.hilfarm.image.TestImageCache;
import dev.hilfarm.image.hypervisor.HypervisorBuilder;
import dev.hilfarm.image.recipe.BuildManifest;
import dev.hilfarm.image.recipe.ImageRecipe;
import dev.hilfarm.image.recipe.RecipeBuilder;
import dev.hilfarm.image.recipe.RecipeParser;
import dev.hilfarm.image.recipe.SigningKeys;
import dev.hilfarm.image.uboot.UBootCache;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The images a run tests when they come from a recipe build ({@code hil image build}): the build
 * directory and its manifest. QEMU and the emulator boot its U-Boot with working copies of its
 * storage images; a real board is expected to hold them already ({@code hil flash}).
 */
public record BuildUnderTest(Path directory, BuildManifest manifest) {

    /** An existing build; an incomplete or missing manifest is an error naming the directory. */
    public static BuildUnderTest load(Path directory) {
        Path file = directory.resolve(BuildManifest.FILE_NAME);
        BuildManifest manifest;
        try {
            manifest = BuildManifest.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new InfrastructureException("no usable recipe build in " + directory + " (" + file + ": " + e.getMessage()
                    + "); build one with: hil image build RECIPE --out " + directory, e);
        }
        if (!manifest.complete()) {
            throw new InfrastructureException("the recipe build in " + directory + " did not finish; run hil image build again");
        }
        return new BuildUnderTest(directory.toAbsolutePath(), manifest);
    }

    /**
     * Builds {@code recipe} (a file or a bundled name) into {@code $HIL_CACHE/builds/NAME},
     * keeping what is unchanged since the last time, with the development keys in
     * {@code $HIL_CACHE/keys}.
     */
    public static BuildUnderTest build(String recipe, PrintStream progress) {
        ImageRecipe parsed = new RecipeParser(BoardProfiles.standard()).load(recipe);
        BoardProfile board = BoardProfiles.standard().get(parsed.board());
        Path root = TestImageCache.atDefaultLocation().root();
        RecipeBuilder builder = new RecipeBuilder(UBootCache.atDefaultLocation(), new HypervisorBuilder(),
                new SigningKeys(root.resolve("keys")), Runtime.getRuntime().availableProcessors(),
                line -> progress.println("hil: " + line));
        RecipeBuilder.Result result = builder.build(parsed, board, root.resolve("builds").resolve(parsed.name()));
        return new BuildUnderTest(result.directory(), result.manifest());
    }

    public Path file(String name) {
        return directory.resolve(manifest.artefact(name).orElseThrow(() -> new InfrastructureException(
                "the recipe build in " + directory + " has no " + name)).file());
    }

    /**
     * U-Boot with working copies of the build's SD card and flash images in {@code workDirectory}
     * (fresh for every session, so a test that writes storage changes neither the build nor the
     * next run). Banks below the highest one the build fills are blank.
     */
    public UBootMedia media(Path workDirectory) {
        try {
            Path storage = Files.createDirectories(workDirectory.resolve("storage"));
            Optional<Path> sd = Optional.empty();
            List<Path> banks = new ArrayList<>();
            for (BuildManifest.BootMedium m : manifest.boot()) {
                if (m.medium().equals("sd") && sd.isEmpty()) {
                    sd = Optional.of(copy(m.file(), storage));
                }
            }
            int highest = manifest.boot().stream().filter(m -> m.medium().equals("flash")).mapToInt(BuildManifest.BootMedium::bank)
                    .max().orElse(-1);
            for (int bank = 0; bank <= highest; bank++) {
                int b = bank;
                Optional<BuildManifest.BootMedium> filled = manifest.boot().stream()
                        .filter(m -> m.medium().equals("flash") && m.bank() == b).findFirst();
                if (filled.isPresent()) {
                    banks.add(copy(filled.get().file(), storage));
                } else {
                    long size = manifest.artefact(manifest.medium("flash").orElseThrow().file()).orElseThrow().size();
                    Path blank = storage.resolve("flash" + bank + "-blank.img");
                    try (RandomAccessFile f = new RandomAccessFile(blank.toFile(), "rw")) {
                        f.setLength(0);
                        f.setLength(size);
                    }
                    banks.add(blank);
                }
            }
            return new UBootMedia(file("u-boot"), sd, banks, manifest.recipe() + " (" + directory + ")");
        } catch (IOException e) {
            throw new InfrastructureException("cannot make working copies of the storage images in " + workDirectory
                    + ": " + e.getMessage(), e);
        }
    }

    private Path copy(String name, Path storage) throws IOException {
        Path target = storage.resolve(name);
        AtomicFiles.copy(file(name), target);
        return target;
    }
}
