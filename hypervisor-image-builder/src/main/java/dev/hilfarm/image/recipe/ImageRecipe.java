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
public record ImageRecipe(String name, String source, String board, Optional<String> signingKey, Toolchains toolchains,
                          Optional<UBoot> uboot, Optional<Hypervisor> hypervisor, Optional<Linux> linux, Optional<Fit> fit,
                          List<Output> outputs) {

    /**
     * The cross compilers, by prefix: Debian's {@code arm-none-eabi-} (gcc-arm-none-eabi) for the
     * bare-metal hypervisor and guests, {@code arm-linux-gnueabihf-} (gcc-arm-linux-gnueabihf) for
     * U-Boot. The bare-metal prefix may name another toolchain (a path included).
     */
    public record Toolchains(String bareMetal, String uboot) {
        public static final Toolchains DEBIAN = new Toolchains("arm-none-eabi-", "arm-linux-gnueabihf-");
    }

    /**
     * U-Boot from Debian's source package: the defconfig and Kconfig lines merged on top of it.
     *
     * @param bootFrom the medium ({@code sd} or {@code flash}) whose boot commands become U-Boot's
     *                 own {@code bootcmd}, so that the board boots the FIT on its own at power-on
     */
    public record UBoot(String defconfig, List<String> config, Optional<String> bootFrom) {
        public UBoot {
            config = List.copyOf(config);
        }

        public UBoot(String defconfig, List<String> config) {
            this(defconfig, config, Optional.empty());
        }
    }

    /**
     * Linux for the board: kernel, device tree and initramfs, each a file or {@code debian} (the
     * Debian armhf test images hilfarm fetches: the armmp kernel, the board profile's dtb, the
     * busybox initramfs). Their files in the output are {@code zImage}, the dtb's own name and
     * {@code initramfs.cpio.gz}.
     *
     * @param commandLine what U-Boot passes as bootargs
     */
    public record Linux(String kernel, String dtb, String initramfs, String commandLine) {
        public static final String DEBIAN = "debian";
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
        Set<String> files = new HashSet<>(componentFiles(uboot, hypervisor, linux, fit));
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
        if (fit.isPresent() && hypervisor.isEmpty() && linux.isEmpty()) {
            throw new IllegalArgumentException(source + ": fit packages the hypervisor or Linux, but the recipe has neither");
        }
        if (fit.isPresent() && hypervisor.isPresent() && linux.isPresent()) {
            throw new IllegalArgumentException(source + ": fit packages the hypervisor or Linux, not both: make two recipes");
        }
        Optional<String> bootFrom = uboot.flatMap(UBoot::bootFrom);
        if (bootFrom.isPresent() && bootCommands(fit, linux, outputs, bootFrom.get()).isEmpty()) {
            throw new IllegalArgumentException(source + ": u-boot.boot-from " + bootFrom.get() + ": no " + bootFrom.get()
                    + " output holds the FIT (with a load-address for an sd-card)");
        }
        if (fit.isPresent() && fit.get().signed() && signingKey.isEmpty()) {
            throw new IllegalArgumentException(source + ": fit.signed needs signing-key");
        }
    }

    /** The files the components write, before any output. */
    static List<String> componentFiles(Optional<UBoot> uboot, Optional<Hypervisor> hypervisor, Optional<Linux> linux,
                                       Optional<Fit> fit) {
        List<String> files = new java.util.ArrayList<>();
        if (uboot.isPresent()) {
            files.addAll(UBOOT_FILES);
        }
        if (hypervisor.isPresent()) {
            files.addAll(List.of("hv.elf", "hv.bin"));
        }
        linux.ifPresent(l -> files.addAll(List.of(LINUX_KERNEL, linuxDtbFile(l), LINUX_INITRAMFS)));
        fit.ifPresent(f -> files.add(f.file()));
        return files;
    }

    static final String LINUX_KERNEL = "zImage";
    static final String LINUX_INITRAMFS = "initramfs.cpio.gz";

    /** The dtb's name in the output: its own file name. */
    static String linuxDtbFile(Linux l) {
        return java.nio.file.Path.of(l.dtb()).getFileName().toString();
    }

    /**
     * What to type at U-Boot's prompt to boot the FIT from {@code medium} ({@code sd}: load it
     * from the card's FAT, {@code flash}: boot it in place), with Linux's command line set first;
     * empty when no output of that medium holds the FIT.
     */
    public Optional<List<String>> bootCommands(String medium) {
        return bootCommands(fit, linux, outputs, medium);
    }

    private static Optional<List<String>> bootCommands(Optional<Fit> fit, Optional<Linux> linux, List<Output> outputs,
                                                       String medium) {
        if (fit.isEmpty()) {
            return Optional.empty();
        }
        String fitFile = fit.get().file();
        List<String> commands = new java.util.ArrayList<>();
        linux.ifPresent(l -> commands.add("setenv bootargs '" + l.commandLine() + "'"));
        for (Output o : outputs) {
            if (medium.equals("sd") && o instanceof SdCardOutput sd && sd.loadAddress() != 0 && sd.bootFiles().contains(fitFile)) {
                commands.add("fatload mmc " + sd.mmc() + " 0x" + Long.toHexString(sd.loadAddress()) + " " + fitFile);
                commands.add("bootm 0x" + Long.toHexString(sd.loadAddress()));
                return Optional.of(commands);
            }
            if (medium.equals("flash") && o instanceof FlashOutput f) {
                for (Placement p : f.placements()) {
                    if (p.file().equals(fitFile)) {
                        commands.add("bootm 0x" + Long.toHexString(f.bankAddress() + p.offset()));
                        return Optional.of(commands);
                    }
                }
            }
        }
        return Optional.empty();
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
