package dev.hilfarm.image.recipe;

import dev.hilfarm.image.format.disk.PartitionTable;
import dev.hilfarm.image.hypervisor.HypervisorRecipe;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one product image set for one board is made of: the bootloader, the hypervisor with its
 * guests, the FIT that packages the hypervisor (signed where the board verifies it) and the
 * files that go onto the board's storage. Read from YAML by {@link RecipeParser}; built by
 * {@link RecipeBuilder}. Every artefact has a file name that is unique in the output directory,
 * and later steps name earlier artefacts by that file name.
 *
 * @param signingKey the key pair ({@code NAME.key}, {@code NAME.crt}) the FIT is signed with and
 *                   whose public half goes into U-Boot's control device tree
 */
public record ImageRecipe(String name, String source, String board, Optional<String> signingKey,
                          Optional<UBoot> uboot, Optional<Hypervisor> hypervisor, Optional<Fit> fit,
                          List<Output> outputs) {

    /** U-Boot from Debian's source package: the defconfig and Kconfig lines merged on top of it. */
    public record UBoot(String defconfig, List<String> config) {
        public UBoot {
            config = List.copyOf(config);
        }
    }

    /** The reference hypervisor and its guests; its files are {@code hv.elf} and {@code hv.bin}. */
    public record Hypervisor(HypervisorRecipe guests) {
    }

    /**
     * The FIT around the hypervisor's raw binary, loaded and entered at its link address.
     *
     * @param signed whether its configuration is signed with the recipe's key and required by U-Boot
     * @param fdt    the device tree artefact to put beside it: U-Boot's bootm hands a Linux-type
     *               image a device tree (these builds have no ATAGs), so one is needed to start it
     */
    public record Fit(String file, String description, boolean signed, int timestamp, Optional<String> fdt) {
    }

    /** A file the recipe writes besides the components' own. */
    public sealed interface Output {
        String file();

        /** Artefacts this output is made from, by file name. */
        List<String> inputs();
    }

    /** The hypervisor as a legacy U-Boot image. */
    public record UImageOutput(String file) implements Output {
        @Override
        public List<String> inputs() {
            return List.of("hv.bin");
        }
    }

    /**
     * An SD card image with one FAT boot partition holding {@code bootFiles} (in that order: the
     * OMAP boot ROM wants MLO first) and the U-Boot commands that boot the FIT from it.
     *
     * @param raw         artefacts written outside the partitions, at fixed offsets (where the
     *                    Allwinner and i.MX boot ROMs look for their first stage)
     * @param loadAddress where U-Boot loads the FIT before {@code bootm}
     * @param mmc         U-Boot's device:partition for the card, e.g. {@code 0:1}
     */
    public record SdCardOutput(String file, PartitionTable table, long sizeBytes, long bootPartitionBytes,
                               List<String> bootFiles, List<Placement> raw, long loadAddress, String mmc) implements Output {
        public SdCardOutput {
            bootFiles = List.copyOf(bootFiles);
            raw = List.copyOf(raw);
        }

        @Override
        public List<String> inputs() {
            List<String> all = new java.util.ArrayList<>(bootFiles);
            raw.forEach(p -> all.add(p.file()));
            return all;
        }
    }

    /**
     * A NOR flash bank image: artefacts placed at offsets, the rest erased (0xff). U-Boot boots a
     * FIT in it in place, at {@code bankAddress + offset}.
     */
    public record FlashOutput(String file, long sizeBytes, int bank, long bankAddress, List<Placement> placements) implements Output {
        public FlashOutput {
            placements = List.copyOf(placements);
        }

        @Override
        public List<String> inputs() {
            return placements.stream().map(Placement::file).toList();
        }
    }

    public record Placement(long offset, String file) {
    }

    /** An Android sparse image of another artefact (for fastboot). */
    public record SparseOutput(String file, String from) implements Output {
        @Override
        public List<String> inputs() {
            return List.of(from);
        }
    }

    public ImageRecipe {
        outputs = List.copyOf(outputs);
        Set<String> files = new HashSet<>(componentFiles(uboot, hypervisor, fit));
        for (Output o : outputs) {
            for (String input : o.inputs()) {
                if (!files.contains(input)) {
                    throw new IllegalArgumentException(source + ": output " + o.file() + " needs " + input
                            + ", which nothing before it in the recipe makes (known: " + String.join(", ", sorted(files)) + ")");
                }
            }
            if (!files.add(o.file())) {
                throw new IllegalArgumentException(source + ": two artefacts would be written to " + o.file());
            }
        }
        if (fit.isPresent() && fit.get().fdt().isPresent() && !files.contains(fit.get().fdt().get())) {
            throw new IllegalArgumentException(source + ": fit.fdt names " + fit.get().fdt().get()
                    + ", which the recipe does not make (known: " + String.join(", ", sorted(files)) + ")");
        }
        for (Output o : outputs) {
            if (o instanceof SdCardOutput sd && sd.loadAddress() == 0 && fit.isPresent() && sd.bootFiles().contains(fit.get().file())) {
                throw new IllegalArgumentException(source + ": " + sd.file() + " holds " + fit.get().file()
                        + " but gives no load-address to load it to");
            }
        }
        if (fit.isPresent() && hypervisor.isEmpty()) {
            throw new IllegalArgumentException(source + ": fit packages the hypervisor, but the recipe has none");
        }
        if (fit.isPresent() && fit.get().signed() && signingKey.isEmpty()) {
            throw new IllegalArgumentException(source + ": fit.signed needs signing-key");
        }
    }

    /** The files the components write, before any output. */
    static List<String> componentFiles(Optional<UBoot> uboot, Optional<Hypervisor> hypervisor, Optional<Fit> fit) {
        List<String> files = new java.util.ArrayList<>();
        if (uboot.isPresent()) {
            files.addAll(UBOOT_FILES);
        }
        if (hypervisor.isPresent()) {
            files.addAll(List.of("hv.elf", "hv.bin"));
        }
        fit.ifPresent(f -> files.add(f.file()));
        return files;
    }

    /**
     * What a U-Boot build may leave, by its usual names (which of them a board's build has
     * depends on its defconfig: MLO and u-boot.img for the OMAP boards, u-boot-sunxi-with-spl.bin
     * for Allwinner, u-boot.imx and SPL for i.MX).
     */
    static final List<String> UBOOT_FILES = List.of("u-boot", "u-boot.bin", "MLO", "u-boot.img", "SPL",
            "u-boot-sunxi-with-spl.bin", "u-boot.imx", "u-boot-dtb.img", "u-boot-spl.bin", "u-boot.dtb", "dt.dtb");

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
