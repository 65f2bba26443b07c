package dev.hilfarm.image.recipe;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.ProfileException;
import dev.hilfarm.board.YamlFields;
import dev.hilfarm.image.format.disk.PartitionTable;
import dev.hilfarm.image.hypervisor.HypervisorRecipe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a recipe strictly (unknown fields, unknown boards, guests and artefacts are errors that
 * name the file, line and field). A recipe is a file, or the name of one bundled with hilfarm
 * ({@link #bundled()}).
 *
 * <pre>
 * name: vexpress-a9-hypervisor
 * board: vexpress-a9
 * signing-key: hilfarm-dev            # NAME.key + NAME.crt in the key directory
 * toolchain: {bare-metal: arm-none-eabi-, u-boot: arm-linux-gnueabihf-}   # Debian's, the default
 * u-boot:
 *   defconfig: vexpress_ca9x4         # default: the board profile's
 *   boot-from: sd                     # optional: the medium's boot commands become U-Boot's bootcmd
 *   config: [CONFIG_FIT=y, CONFIG_FIT_SIGNATURE=y]
 * hypervisor:
 *   tick-hz: 1000
 *   guest-code: arm                   # or thumb
 *   guests:
 *     - {name: work, program: work}
 *     - {name: probe, program: probe, restarts: 16}
 *   channels:
 *     - {from: work, to: drm-service}
 * linux:                              # instead of a hypervisor: the FIT holds kernel, dtb and initramfs
 *   kernel: debian                    # or a zImage file; debian: the fetched armmp kernel
 *   dtb: vexpress-v2p-ca9.dtb         # with kernel: debian, a dtb of that package (default: the profile's)
 *   initramfs: debian                 # or a file; debian: hilfarm's busybox initramfs
 *   command-line: "console=ttyAMA0,38400 rdinit=/init"
 * fit: {file: hypervisor.itb, description: "...", signed: true, fdt: dt.dtb}
 * outputs:
 *   - {kind: uimage, file: hypervisor.uimg}
 *   - {kind: sd-card, file: sd.img, table: mbr, size: 64MiB, boot-files: [hypervisor.itb], load-address: 0x62000000,
 *      raw: [{at: 0x2000, file: u-boot-sunxi-with-spl.bin}]}
 *   - {kind: flash, file: flash1.img, size: 64MiB, bank: 1, bank-address: 0x44000000, place: [{at: 0x0, file: hypervisor.itb}]}
 *   - {kind: sparse, file: sd.simg, from: sd.img}
 * </pre>
 */
public final class RecipeParser {
    private static final String BUNDLED = "/dev/hilfarm/image/recipes/";
    private static final Set<String> TOP = Set.of("name", "board", "signing-key", "toolchain", "u-boot", "hypervisor", "linux",
            "fit", "outputs");
    private static final Set<String> TOOLCHAIN = Set.of("bare-metal", "u-boot");
    private static final Set<String> UBOOT = Set.of("defconfig", "config", "boot-from");
    private static final Set<String> LINUX = Set.of("kernel", "dtb", "initramfs", "command-line");
    private static final Set<String> HYPERVISOR = Set.of("tick-hz", "guest-code", "guests", "channels");
    private static final Set<String> GUEST = Set.of("name", "program", "restarts");
    private static final Set<String> CHANNEL = Set.of("from", "to");
    private static final Set<String> FIT = Set.of("file", "description", "signed", "timestamp", "fdt");
    private static final Set<String> PLACEMENT = Set.of("at", "file");

    private final BoardProfiles boards;

    public RecipeParser(BoardProfiles boards) {
        this.boards = boards;
    }

    /** The recipes shipped with hilfarm, by name. */
    public static List<String> bundled() {
        try (InputStream in = RecipeParser.class.getResourceAsStream(BUNDLED + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the bundled recipes: " + e.getMessage(), e);
        }
    }

    /** A recipe file, or when no such file exists, the bundled recipe of that name. */
    public ImageRecipe load(String fileOrName) {
        Path file = Path.of(fileOrName);
        if (Files.isRegularFile(file)) {
            try {
                return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ProfileException(file.toString(), 0, "", "cannot read the recipe: " + e.getMessage());
            }
        }
        String name = fileOrName.endsWith(".yaml") ? fileOrName.substring(0, fileOrName.length() - 5) : fileOrName;
        if (!name.contains("/") && bundled().contains(name)) {
            try (InputStream in = RecipeParser.class.getResourceAsStream(BUNDLED + name + ".yaml")) {
                return parse("bundled recipe " + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the bundled recipe " + name + ": " + e.getMessage(), e);
            }
        }
        throw new ProfileException(fileOrName, 0, "", "no such recipe file, and no bundled recipe of that name (bundled: "
                + String.join(", ", bundled()) + ")");
    }

    public ImageRecipe parse(String source, String yaml) {
        YamlFields top = YamlFields.document(source, yaml);
        top.allowOnly(TOP);
        String boardName = top.string("board");
        BoardProfile board = boards.find(boardName).orElseThrow(() -> top.problem("board",
                "unknown board (known: " + String.join(", ", boards.all().stream().map(BoardProfile::name).sorted().toList()) + ")"));
        String name = top.has("name") ? top.string("name") : boardName;
        Optional<String> key = top.optionalString("signing-key");
        key.ifPresent(k -> {
            if (!k.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw top.problem("signing-key", "a key name is letters, digits, '.', '_' and '-' (it names NAME.key and NAME.crt)");
            }
        });

        ImageRecipe.Toolchains toolchains = top.optionalMapping("toolchain").map(t -> {
            t.allowOnly(TOOLCHAIN);
            String uboot = t.stringOr("u-boot", ImageRecipe.Toolchains.DEBIAN.uboot());
            if (!uboot.equals(ImageRecipe.Toolchains.DEBIAN.uboot())) {
                // The U-Boot cache is keyed by source, defconfig, fragment and key, not by compiler.
                throw t.problem("u-boot", "U-Boot is built with Debian's " + ImageRecipe.Toolchains.DEBIAN.uboot()
                        + " (gcc-arm-linux-gnueabihf) only");
            }
            return new ImageRecipe.Toolchains(t.stringOr("bare-metal", ImageRecipe.Toolchains.DEBIAN.bareMetal()), uboot);
        }).orElse(ImageRecipe.Toolchains.DEBIAN);

        Optional<ImageRecipe.UBoot> uboot = top.optionalMapping("u-boot").map(u -> {
            u.allowOnly(UBOOT);
            String defconfig = u.has("defconfig") ? u.string("defconfig") : board.bootloader().ubootDefconfig()
                    .orElseThrow(() -> u.problem("the board profile names no u-boot-defconfig: give u-boot.defconfig"));
            List<String> config = u.stringsOrEmpty("config");
            for (int i = 0; i < config.size(); i++) {
                if (!config.get(i).matches("CONFIG_[A-Za-z0-9_]+=.*|# CONFIG_[A-Za-z0-9_]+ is not set")) {
                    throw u.problem("config", "entry " + i + " '" + config.get(i)
                            + "' is not a Kconfig line (CONFIG_NAME=value or '# CONFIG_NAME is not set')");
                }
            }
            Optional<String> bootFrom = u.optionalString("boot-from");
            bootFrom.ifPresent(m -> {
                if (!m.equals("sd") && !m.equals("flash")) {
                    throw u.problem("boot-from", "expected sd or flash, not '" + m + "'");
                }
            });
            return new ImageRecipe.UBoot(defconfig, config, bootFrom);
        });

        Optional<ImageRecipe.Linux> linux = top.optionalMapping("linux").map(l -> {
            l.allowOnly(LINUX);
            return new ImageRecipe.Linux(l.stringOr("kernel", ImageRecipe.Linux.DEBIAN),
                    l.stringOr("dtb", ImageRecipe.Linux.DEBIAN.equals(l.stringOr("kernel", ImageRecipe.Linux.DEBIAN))
                            ? board.linux().dtbFile() : l.string("dtb")),
                    l.stringOr("initramfs", ImageRecipe.Linux.DEBIAN), l.string("command-line"));
        });

        Optional<ImageRecipe.Hypervisor> hypervisor = top.optionalMapping("hypervisor").map(h -> {
            h.allowOnly(HYPERVISOR);
            if (board.platform().isEmpty()) {
                throw h.problem("board " + boardName + " has no platform section in its profile, which the hypervisor is ported from");
            }
            List<HypervisorRecipe.Guest> guests = new ArrayList<>();
            for (YamlFields g : h.mappings("guests")) {
                g.allowOnly(GUEST);
                guests.add(wrap(g, () -> new HypervisorRecipe.Guest(g.string("name"), g.stringOr("program", g.string("name")),
                        g.has("restarts") ? g.nonNegativeInt("restarts") : 0)));
            }
            List<HypervisorRecipe.Channel> channels = new ArrayList<>();
            if (h.has("channels")) {
                for (YamlFields c : h.mappings("channels")) {
                    c.allowOnly(CHANNEL);
                    channels.add(new HypervisorRecipe.Channel(c.string("from"), c.string("to")));
                }
            }
            HypervisorRecipe.GuestCode code = h.has("guest-code") ? h.choice("guest-code", HypervisorRecipe.GuestCode.class)
                    : HypervisorRecipe.GuestCode.ARM;
            int tick = h.has("tick-hz") ? h.positiveInt("tick-hz") : 1000;
            return new ImageRecipe.Hypervisor(wrap(h, () -> new HypervisorRecipe(guests, channels, tick, code)));
        });

        Optional<ImageRecipe.Fit> fit = top.optionalMapping("fit").map(f -> {
            f.allowOnly(FIT);
            boolean signed = f.has("signed") && bool(f, "signed");
            return new ImageRecipe.Fit(fileName(f, "file"), f.stringOr("description", name),
                    signed, f.has("timestamp") ? f.nonNegativeInt("timestamp") : 0,
                    f.has("fdt") ? Optional.of(fileName(f, "fdt")) : Optional.empty());
        });

        List<ImageRecipe.Output> outputs = new ArrayList<>();
        if (top.has("outputs")) {
            for (YamlFields o : top.mappings("outputs")) {
                outputs.add(output(o));
            }
        }
        try {
            return new ImageRecipe(name, source, boardName, key, toolchains, uboot, hypervisor, linux, fit, outputs);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(source, top.line(), "", e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(source) + ": ", ""));
        }
    }

    private static ImageRecipe.Output output(YamlFields o) {
        String kind = o.string("kind");
        return switch (kind) {
            case "uimage" -> {
                o.allowOnly(Set.of("kind", "file"));
                yield new ImageRecipe.UImageOutput(fileName(o, "file"));
            }
            case "sd-card" -> {
                o.allowOnly(Set.of("kind", "file", "table", "size", "boot-size", "boot-files", "raw", "load-address", "mmc"));
                long size = o.size("size");
                long bootSize = o.has("boot-size") ? o.size("boot-size") : 0;
                if (size % 512 != 0 || size < (2L << 20)) {
                    throw o.problem("size", "an SD card image is a whole number of 512-byte sectors, at least 2MiB");
                }
                List<String> files = o.stringsOrEmpty("boot-files");
                files.forEach(f -> checkFileName(o, "boot-files", f));
                List<ImageRecipe.Placement> raw = o.has("raw") ? placements(o, "raw", size) : List.of();
                yield new ImageRecipe.SdCardOutput(fileName(o, "file"),
                        o.has("table") ? o.choice("table", PartitionTable.class) : PartitionTable.MBR, size, bootSize, files, raw,
                        o.has("load-address") ? o.address("load-address") : 0, o.stringOr("mmc", "0:1"));
            }
            case "flash" -> {
                o.allowOnly(Set.of("kind", "file", "size", "bank", "bank-address", "place"));
                long size = o.size("size");
                List<ImageRecipe.Placement> placements = placements(o, "place", size);
                yield new ImageRecipe.FlashOutput(fileName(o, "file"), size, o.has("bank") ? o.nonNegativeInt("bank") : 0,
                        o.address("bank-address"), placements);
            }
            case "sparse" -> {
                o.allowOnly(Set.of("kind", "file", "from"));
                yield new ImageRecipe.SparseOutput(fileName(o, "file"), fileName(o, "from"));
            }
            default -> throw o.problem("kind", "unknown output kind '" + kind + "' (known: uimage, sd-card, flash, sparse)");
        };
    }

    private static List<ImageRecipe.Placement> placements(YamlFields o, String key, long size) {
        List<ImageRecipe.Placement> placements = new ArrayList<>();
        for (YamlFields p : o.mappings(key)) {
            p.allowOnly(PLACEMENT);
            long at = p.address("at");
            if (at >= size) {
                throw p.problem("at", "offset 0x" + Long.toHexString(at) + " is beyond the " + size + "-byte image");
            }
            placements.add(new ImageRecipe.Placement(at, fileName(p, "file")));
        }
        return placements;
    }

    private static String fileName(YamlFields f, String key) {
        String name = f.string(key);
        checkFileName(f, key, name);
        return name;
    }

    /** Output names are plain file names: nothing a recipe says can write outside the output directory. */
    private static void checkFileName(YamlFields f, String key, String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*") || name.equals("manifest.json")) {
            throw f.problem(key, "'" + name + "' is not a plain file name (letters, digits, '.', '_', '+', '-'; not manifest.json)");
        }
    }

    private static boolean bool(YamlFields f, String key) {
        String v = f.string(key);
        return switch (v) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw f.problem(key, "expected true or false, not '" + v + "'");
        };
    }

    private static <T> T wrap(YamlFields where, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw where.problem(e.getMessage());
        }
    }
}
