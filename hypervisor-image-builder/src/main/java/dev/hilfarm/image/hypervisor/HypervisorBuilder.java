package dev.hilfarm.image.hypervisor;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds hilfarm's reference hypervisor for a board: generates {@code board.h} from the board
 * profile and the guest table from the recipe, compiles each guest program on its own (linked at
 * the guest window every guest sees), embeds the guests' raw images in the hypervisor and links
 * it at the board's RAM base + 1 MiB. Output: {@code hv.elf}, {@code hv.bin} and one
 * {@code guest-<program>.elf} per program in the output directory.
 *
 * <p>Compiles with Debian's arm-none-eabi-gcc through {@link HostCommand} (argument arrays, no
 * shell). Everything is built in a scratch directory inside the output directory and only then
 * renamed into place, so the output directory holds the previous complete build or the new one,
 * never a mix. Paths of the scratch directory are mapped away in the debug information, so the
 * same inputs give the same bytes.
 */
public final class HypervisorBuilder {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);
    private static final int GUEST_IMAGE_MAX = 0x40000;
    private static final List<String> HYPERVISOR_SOURCES = List.of("hv/start.S", "hv/vectors.S", "hv/main.c", "hv/mmu.c",
            "hv/guest.c", "hv/sched.c", "hv/console.c", "hv/hypercall.c", "hv/fault.c", "hv/irq.c", "hv/string.c");

    private final Toolchain toolchain;

    public HypervisorBuilder() {
        this(Toolchain.debian());
    }

    public HypervisorBuilder(Toolchain toolchain) {
        this.toolchain = toolchain;
    }

    /**
     * A digest of everything a build of {@code recipe} for {@code board} reads: the bundled
     * sources, the files generated from the profile and the recipe, and the compiler's version.
     * Equal digests give equal images (the build is reproducible), so a recipe build may keep
     * the previous one.
     */
    public String inputDigest(BoardProfile board, HypervisorRecipe recipe) {
        MessageDigest digest = newSha256();
        java.util.function.Consumer<String> text = s -> {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(8).putLong(b.length).array());
            digest.update(b);
        };
        for (String name : HypervisorSources.list()) {
            text.accept(name);
            byte[] b = HypervisorSources.bytes(name);
            digest.update(ByteBuffer.allocate(8).putLong(b.length).array());
            digest.update(b);
        }
        BoardPort port = BoardPort.of(board);
        text.accept(port.cpu());
        text.accept(port.header());
        text.accept(String.join(",", port.driverSources()));
        text.accept(RecipeSources.guestsH(recipe));
        text.accept(RecipeSources.recipeC(recipe));
        text.accept(RecipeSources.guestImagesS(recipe));
        text.accept(recipe.guestCode().name());
        text.accept(toolchainVersion());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** "arm-none-eabi-gcc 12.2.1": what compiles, for manifests; a missing compiler is one line naming its package. */
    public String toolchainVersion() {
        HostCommand.Result version = HostCommand.of(toolchain.gcc(), "-dumpfullversion").timeout(TOOL_TIMEOUT)
                .providedBy(Toolchain.GCC_PACKAGE).run();
        return toolchain.gcc().substring(toolchain.gcc().lastIndexOf('/') + 1) + " " + version.stdout().strip();
    }

    /** Builds the hypervisor running {@code recipe} on {@code board} into {@code outputDirectory}. */
    public HypervisorImage build(BoardProfile board, HypervisorRecipe recipe, Path outputDirectory) {
        BoardPort port = BoardPort.of(board);
        try {
            Files.createDirectories(outputDirectory);
            Path work = Files.createTempDirectory(outputDirectory, ".hypervisor-build-");
            try {
                return buildIn(work, port, board, recipe, outputDirectory);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new HypervisorBuildException("building the hypervisor for " + board.name() + " in " + outputDirectory
                    + " failed: " + e.getMessage(), e);
        }
    }

    private HypervisorImage buildIn(Path work, BoardPort port, BoardProfile board, HypervisorRecipe recipe, Path out)
            throws IOException {
        Path src = work.resolve("src");
        Path gen = work.resolve("gen");
        HypervisorSources.copyTo(src);
        Files.createDirectories(gen);
        Files.writeString(gen.resolve("board.h"), port.header());
        Files.writeString(gen.resolve("guests.h"), RecipeSources.guestsH(recipe));
        Files.writeString(gen.resolve("recipe.c"), RecipeSources.recipeC(recipe));
        Files.writeString(gen.resolve("guest_images.S"), RecipeSources.guestImagesS(recipe));
        for (String program : recipe.programs()) {
            if (!Files.isRegularFile(src.resolve("guests/" + program + ".c"))) {
                throw new HypervisorBuildException("no guest program '" + program + "' (bundled: " + bundledPrograms(src) + ")");
            }
        }

        List<String> includes = List.of("-I" + gen, "-I" + src.resolve("include"));
        preprocess(work, includes, src.resolve("guests/guest.ld.S"), gen.resolve("guest.ld"));
        preprocess(work, includes, src.resolve("hv/hv.ld.S"), gen.resolve("hv.ld"));

        Map<String, Path> guestElfs = new LinkedHashMap<>();
        for (String program : recipe.programs()) {
            Path elf = gen.resolve(program + ".elf");
            List<String> argv = compilerCommand(port, work, includes);
            if (recipe.guestCode() == HypervisorRecipe.GuestCode.THUMB) {
                argv.set(argv.indexOf("-marm"), "-mthumb");
            }
            argv.addAll(List.of("-I" + src.resolve("guests"), "-T", gen.resolve("guest.ld").toString(), "-o", elf.toString(),
                    src.resolve("guests/crt0.S").toString(), src.resolve("guests/libguest.c").toString(),
                    src.resolve("guests/" + program + ".c").toString(), "-lgcc"));
            run(work, argv, Toolchain.GCC_PACKAGE, "compiling guest " + program);
            Path bin = gen.resolve(program + ".bin");
            run(work, List.of(toolchain.objcopy(), "-O", "binary", elf.toString(), bin.toString()),
                    Toolchain.BINUTILS_PACKAGE, "extracting guest " + program);
            if (Files.size(bin) > GUEST_IMAGE_MAX) {
                throw new HypervisorBuildException("guest " + program + " is " + Files.size(bin) + " bytes; at most "
                        + GUEST_IMAGE_MAX + " fit its window");
            }
            guestElfs.put(program, elf);
        }

        Path elf = gen.resolve("hv.elf");
        List<String> argv = compilerCommand(port, work, includes);
        argv.addAll(List.of("-I" + src.resolve("hv"), "-Wa,-I" + gen, "-T", gen.resolve("hv.ld").toString(),
                "-o", elf.toString()));
        HYPERVISOR_SOURCES.forEach(s -> argv.add(src.resolve(s).toString()));
        port.driverSources().forEach(s -> argv.add(src.resolve(s).toString()));
        argv.addAll(List.of(gen.resolve("recipe.c").toString(), gen.resolve("guest_images.S").toString(), "-lgcc"));
        run(gen, argv, Toolchain.GCC_PACKAGE, "compiling the hypervisor");
        Path bin = gen.resolve("hv.bin");
        run(work, List.of(toolchain.objcopy(), "-O", "binary", elf.toString(), bin.toString()),
                Toolchain.BINUTILS_PACKAGE, "extracting the hypervisor's raw binary");

        byte[] elfBytes = Files.readAllBytes(elf);
        ElfHeader header = ElfHeader.read(elfBytes);

        // Everything is built: now move it into place, the two images last.
        Map<String, Path> placedGuests = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : guestElfs.entrySet()) {
            placedGuests.put(e.getKey(), moveInto(e.getValue(), out.resolve("guest-" + e.getKey() + ".elf")));
        }
        Path placedBin = moveInto(bin, out.resolve("hv.bin"));
        Path placedElf = moveInto(elf, out.resolve("hv.elf"));
        return new HypervisorImage(board.name(), placedElf, placedBin, header.loadAddress(), header.entry(),
                sha256(elfBytes), placedGuests);
    }

    private List<String> compilerCommand(BoardPort port, Path work, List<String> includes) {
        List<String> argv = new ArrayList<>(List.of(toolchain.gcc(), "-mcpu=" + port.cpu(), "-marm", "-mfloat-abi=soft",
                "-O2", "-g", "-std=gnu11", "-ffreestanding", "-nostdlib", "-fno-builtin",
                // loops that clear or copy memory must not turn into calls of memset/memcpy themselves
                "-fno-tree-loop-distribute-patterns",
                "-fno-unwind-tables", "-fno-asynchronous-unwind-tables",
                "-ffile-prefix-map=" + work + "=.", "-Wa,--debug-prefix-map=" + work + "=.", "-Wl,--build-id=none",
                "-Wall", "-Wextra", "-Werror"));
        argv.addAll(includes);
        return argv;
    }

    private void preprocess(Path work, List<String> includes, Path script, Path output) {
        List<String> argv = new ArrayList<>(List.of(toolchain.gcc(), "-E", "-P", "-x", "c", "-D__ASSEMBLER__"));
        argv.addAll(includes);
        argv.addAll(List.of(script.toString(), "-o", output.toString()));
        run(work, argv, Toolchain.GCC_PACKAGE, "preprocessing " + script.getFileName());
    }

    private static void run(Path directory, List<String> argv, String debianPackage, String what) {
        HostCommand.Result result = HostCommand.of(argv).in(directory).timeout(TOOL_TIMEOUT).providedBy(debianPackage).run();
        if (result.exitStatus() != 0) {
            String text = result.stderr().isBlank() ? result.stdout() : result.stderr();
            String first = text.lines().filter(l -> l.contains("error")).findFirst().orElse(result.lastErrorLine());
            throw new HypervisorBuildException(what + " failed (" + argv.get(0) + " exit status " + result.exitStatus()
                    + "): " + first.strip() + "\n" + text.strip());
        }
    }

    private static Path moveInto(Path built, Path target) throws IOException {
        return Files.move(built, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String bundledPrograms(Path src) throws IOException {
        try (Stream<Path> files = Files.list(src.resolve("guests"))) {
            return String.join(", ", files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".c") && !n.equals("libguest.c")).map(n -> n.substring(0, n.length() - 2))
                    .sorted().toList());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover scratch directory is harmless: it is hidden and ignored by the next build
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two facts the builder reads back from the ELF it linked. */
    record ElfHeader(long entry, long loadAddress) {
        private static final int PT_LOAD = 1;

        static ElfHeader read(byte[] elf) {
            ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
            if (elf.length < 52 || b.getInt(0) != 0x464c457f || elf[4] != 1 || elf[5] != 1) {
                throw new HypervisorBuildException("the linker did not produce a 32-bit little-endian ELF file");
            }
            long entry = Integer.toUnsignedLong(b.getInt(24));
            int phoff = b.getInt(28);
            int phentsize = Short.toUnsignedInt(b.getShort(42));
            int phnum = Short.toUnsignedInt(b.getShort(44));
            long lowest = Long.MAX_VALUE;
            for (int i = 0; i < phnum; i++) {
                int at = phoff + i * phentsize;
                if (b.getInt(at) == PT_LOAD && b.getInt(at + 16) != 0) {
                    lowest = Math.min(lowest, Integer.toUnsignedLong(b.getInt(at + 12)));
                }
            }
            if (lowest == Long.MAX_VALUE) {
                throw new HypervisorBuildException("the hypervisor ELF has nothing to load");
            }
            return new ElfHeader(entry, lowest);
        }
    }
}
