package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.host.HostPackages;
import dev.hilfarm.image.TestImageCache;
import dev.hilfarm.image.hypervisor.HypervisorBuilder;
import dev.hilfarm.image.hypervisor.Toolchain;
import dev.hilfarm.image.recipe.BuildManifest;
import dev.hilfarm.image.recipe.ImageRecipe;
import dev.hilfarm.image.recipe.RecipeBuilder;
import dev.hilfarm.image.recipe.RecipeParser;
import dev.hilfarm.image.recipe.SigningKeys;
import dev.hilfarm.image.uboot.UBootCache;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hil image build RECIPE --out DIR}: builds a recipe's U-Boot, hypervisor, FIT and storage
 * images into DIR, keeping what has not changed since the last build there.
 */
@Command(name = "build", description = "Build a recipe (a YAML file, or the name of a bundled one: see 'hil image recipes')"
        + " into DIR: U-Boot, hypervisor, signed FIT, SD card / flash / sparse images and manifest.json;"
        + " unchanged steps are kept from the previous build in DIR")
final class ImageBuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECIPE")
    String recipe;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--keys", paramLabel = "DIR", description = "FIT signing key pairs NAME.key/NAME.crt as mkimage -k takes"
            + " them (default: $HIL_CACHE/keys, where a missing development key is made on first use)")
    Path keys;

    @Option(names = "--jobs", description = "parallel jobs for U-Boot's make (default: the number of CPUs)")
    Integer jobs;

    @Override
    public Integer call() {
        ImageRecipe parsed = new RecipeParser(BoardProfiles.standard()).load(recipe);
        BoardProfile board = BoardProfiles.standard().get(parsed.board());
        HostPackages packages = new HostPackages(System.out);
        if (parsed.uboot().isPresent()) {
            ImagesCommand.requireUBootBuildTools(packages, false);
        }
        if (parsed.hypervisor().isPresent()) {
            packages.require("arm-none-eabi-gcc", Toolchain.GCC_PACKAGE, "building the hypervisor");
        }
        if (parsed.signingKey().isPresent()) {
            packages.require("openssl", "openssl", "making a development FIT signing key");
        }
        SigningKeys keyDirectory = new SigningKeys(keys != null ? keys : defaultKeys());
        int parallel = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        RecipeBuilder builder = new RecipeBuilder(UBootCache.atDefaultLocation(), new HypervisorBuilder(), keyDirectory,
                parallel, line -> System.out.println("hil: " + line));
        RecipeBuilder.Result result = builder.build(parsed, board, out);
        System.out.println("hil: " + parsed.name() + " for " + board.name() + " in " + result.took().toMillis() + " ms: "
                + result.built().size() + " built, " + result.unchanged().size() + " unchanged");
        for (BuildManifest.Artefact a : result.manifest().artefacts()) {
            System.out.println(a.sha256() + "  " + result.directory().resolve(a.file()));
        }
        for (BuildManifest.BootMedium m : result.manifest().boot()) {
            System.out.println("boot from " + m.medium() + " (" + m.file() + "): " + String.join("; ", m.commands()));
        }
        System.out.println("manifest: " + result.directory().resolve(BuildManifest.FILE_NAME));
        return 0;
    }

    /** Next to the other cached builds: {@code $HIL_CACHE/keys}. */
    static Path defaultKeys() {
        return TestImageCache.atDefaultLocation().root().resolve("keys");
    }

    @Command(name = "recipes", description = "List the recipes bundled with hilfarm")
    static final class Recipes implements Runnable {
        @Override
        public void run() {
            RecipeParser parser = new RecipeParser(BoardProfiles.standard());
            for (String name : RecipeParser.bundled()) {
                ImageRecipe r = parser.load(name);
                System.out.printf("%-28s %-16s %s%n", name, r.board(),
                        r.fit().map(ImageRecipe.Fit::description).orElse(""));
            }
        }
    }
}
