package dev.hilfarm.harness.cli;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.harness.host.HostPackages;
import dev.hilfarm.image.TestImageCache;
import dev.hilfarm.image.TestImages;
import dev.hilfarm.image.uboot.CrossCompiler;
import dev.hilfarm.image.uboot.FitSigningKey;
import dev.hilfarm.image.uboot.KconfigFragment;
import dev.hilfarm.image.uboot.UBootArtefact;
import dev.hilfarm.image.uboot.UBootBuild;
import dev.hilfarm.image.uboot.UBootBuilder;
import dev.hilfarm.image.uboot.UBootCache;
import dev.hilfarm.image.uboot.UBootRecipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hil images fetch}: the Debian armhf test images into the cache, with their sha256.
 * {@code hil images uboot}: U-Boot built from Debian's source package for a board.
 */
@Command(name = "images", description = "Manage test images",
        subcommands = {ImagesCommand.Fetch.class, ImagesCommand.UBoot.class})
final class ImagesCommand implements Runnable {
    @Override
    public void run() {
        TestImageCache cache = TestImageCache.atDefaultLocation();
        System.out.println(cache.isPresent() ? "test images present: run 'hil images fetch' to refresh checks"
                : "no test images yet: run 'hil images fetch'");
    }

    @Command(name = "fetch", description = "Fetch Debian's armhf kernel, dtbs and busybox-static; build the initramfs")
    static final class Fetch implements Runnable {
        @Override
        public void run() {
            TestImages images = ensure();
            for (Map.Entry<java.nio.file.Path, String> e : images.sha256().entrySet()) {
                System.out.println(e.getValue() + "  " + e.getKey());
            }
        }
    }

    /** Fetches the images unless the cache already holds them intact; used by run and setup too. */
    static TestImages ensure() {
        HostPackages packages = new HostPackages(System.out);
        packages.require("apt-get", "apt", "fetching Debian armhf packages");
        packages.require("dpkg-deb", "dpkg", "unpacking Debian packages");
        TestImageCache cache = TestImageCache.atDefaultLocation();
        return cache.fetch(line -> System.out.println("hil: " + line));
    }

    @Command(name = "uboot", description = "Build U-Boot from Debian's source package for a board's defconfig "
            + "(cached by source version, defconfig and fragment)")
    static final class UBoot implements Runnable {
        @Option(names = "--board", required = true, description = "board profile whose bootloader.u-boot-defconfig is built")
        String board;

        @Option(names = "--defconfig", description = "build this defconfig instead of the profile's (without _defconfig)")
        String defconfig;

        @Option(names = "--fragment", paramLabel = "FILE", description = "Kconfig fragment merged into the defconfig "
                + "(CONFIG_FIT=y, # CONFIG_X is not set); repeatable, later files win")
        List<Path> fragments = new ArrayList<>();

        @Option(names = "--fit-key", paramLabel = "FILE", description = "RSA public key or certificate (PEM, e.g. "
                + "mkimage's keys/NAME.crt) put into U-Boot's control dtb for checking FIT signatures; NAME is the file "
                + "name without extension; switches on CONFIG_FIT_SIGNATURE")
        Path fitKey;

        @Option(names = "--fit-key-required", defaultValue = "conf", description = "what U-Boot will not boot "
                + "unless the key verified it: conf or image (default: ${DEFAULT-VALUE})")
        String fitKeyRequired;

        @Option(names = "--out", paramLabel = "DIR", description = "also copy the files and manifest.json here")
        Path out;

        @Option(names = "--jobs", description = "make -j (default: the number of CPUs)")
        Integer jobs;

        @Override
        public void run() {
            BoardProfile profile = BoardProfiles.standard().get(board);
            String name = Optional.ofNullable(defconfig).or(() -> profile.bootloader().ubootDefconfig())
                    .orElseThrow(() -> new IllegalArgumentException("board " + profile.name() + " names no "
                            + "bootloader.u-boot-defconfig in " + profile.source() + "; give --defconfig"));
            Optional<KconfigFragment> fragment = Optional.empty();
            for (Path file : fragments) {
                KconfigFragment next = readFragment(file);
                fragment = Optional.of(fragment.map(earlier -> earlier.plus(next)).orElse(next));
            }
            UBootRecipe recipe = new UBootRecipe(name, fragment,
                    Optional.ofNullable(fitKey).map(file -> readKey(file, fitKeyRequired)));
            requireUBootBuildTools(new HostPackages(System.out), false);
            int parallel = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
            UBootBuild build = UBootCache.atDefaultLocation().build(recipe, parallel, line -> System.out.println("hil: " + line));
            if (out != null) {
                try {
                    build = build.copyTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy the U-Boot build to " + out + ": " + e.getMessage(), e);
                }
            }
            System.out.println("hil: U-Boot " + build.manifest().sourceVersion() + " for " + profile.name() + " ("
                    + name + ")" + (build.fromCache() ? ", from the cache" : ", built") + " in "
                    + build.took().toSeconds() + " s: " + build.directory());
            for (UBootArtefact file : build.manifest().files()) {
                System.out.println(file.sha256() + "  " + build.directory().resolve(file.path()));
            }
            System.out.println("manifest: " + build.manifestFile());
        }

        private static FitSigningKey readKey(Path file, String required) {
            String fileName = file.getFileName().toString();
            int dot = fileName.lastIndexOf('.');
            String keyName = dot > 0 ? fileName.substring(0, dot) : fileName;
            try {
                return FitSigningKey.parse(file.toString(), keyName, Files.readString(file), required);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the FIT key " + file + ": " + e.getMessage(), e);
            }
        }

        private static KconfigFragment readFragment(Path file) {
            try {
                return KconfigFragment.parse(file.toString(), Files.readString(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the fragment " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The Debian packages a U-Boot build from source needs; {@code withBinman} adds what boards
     * whose images binman assembles (sunxi) need on top, which setup installs for every board.
     */
    static void requireUBootBuildTools(HostPackages packages, boolean withBinman) {
        packages.require("apt-get", "apt", "fetching Debian source packages");
        packages.require("dpkg-source", "dpkg-dev", "unpacking Debian source packages");
        packages.require(CrossCompiler.debian().gcc(), CrossCompiler.DEBIAN_PACKAGE, "building U-Boot for ARM");
        for (var requirement : UBootBuilder.HOST_REQUIREMENTS) {
            require(packages, requirement);
        }
        if (withBinman) {
            for (var requirement : UBootBuilder.BINMAN_REQUIREMENTS) {
                require(packages, requirement);
            }
        }
    }

    private static void require(HostPackages packages, UBootBuilder.HostRequirement requirement) {
        if (requirement.isCommand()) {
            packages.require(requirement.path(), requirement.debianPackage(), requirement.purpose());
        } else {
            packages.requireFile(requirement.path(), requirement.debianPackage(), requirement.purpose());
        }
    }
}
