package dev.hilfarm.image.uboot;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.ToolMissingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs U-Boot's own build for one recipe: {@code make DEFCONFIG_defconfig}; with a fragment, the
 * defconfig and fragment merged into .config and resolved with {@code make olddefconfig}; then
 * {@code make all}. Always out of
 * tree ({@code O=}), so one cached source tree serves every board and stays clean. Every step's
 * command and output go to one log file, which is what a failure points at.
 */
public final class UBootBuilder {

    /** A tool or file U-Boot's build needs on the host, and the Debian package that ships it. */
    public record HostRequirement(String path, String debianPackage, String purpose) {
        /** A path with a '/' is a file to exist; otherwise a command to find on PATH. */
        public boolean isCommand() {
            return !path.contains("/");
        }

        boolean present() {
            return isCommand() ? HostCommand.ToolLocator.find(path).isPresent() : Files.exists(Path.of(path));
        }
    }

    /**
     * What building U-Boot 2023.01 for the shipped boards needs besides the cross compiler (found
     * by building them on a bare Debian 12 host; Debian's own Build-Depends are a superset).
     */
    public static final List<HostRequirement> HOST_REQUIREMENTS = List.of(
            new HostRequirement("make", "make", "running U-Boot's build"),
            new HostRequirement("bison", "bison", "U-Boot's Kconfig and dtc parsers"),
            new HostRequirement("flex", "flex", "U-Boot's Kconfig and dtc lexers"),
            new HostRequirement("bc", "bc", "U-Boot's build-time arithmetic"),
            new HostRequirement("/usr/include/openssl/evp.h", "libssl-dev", "U-Boot's mkimage with FIT signatures"));

    /**
     * Needed only where binman assembles the image (sunxi's u-boot-sunxi-with-spl.bin): pylibfdt
     * is built with swig against Python's headers. Installed by {@code hil setup}; not checked
     * before every build, because vexpress and the OMAP boards do without.
     */
    public static final List<HostRequirement> BINMAN_REQUIREMENTS = List.of(
            new HostRequirement("swig", "swig", "pylibfdt for binman (sunxi images)"),
            new HostRequirement("python3", "python3", "binman"),
            new HostRequirement("/usr/bin/python3-config", "python3-dev", "pylibfdt for binman (sunxi images)"),
            new HostRequirement("/usr/lib/python3/dist-packages/setuptools/__init__.py", "python3-setuptools",
                    "pylibfdt for binman (sunxi images)"));

    private static final Duration CONFIGURE_TIMEOUT = Duration.ofMinutes(5);
    /* A full build takes half a minute on two cores; a loaded CI runner may take many times that. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);

    private final CrossCompiler compiler;

    public UBootBuilder(CrossCompiler compiler) {
        this.compiler = compiler;
    }

    public CrossCompiler compiler() {
        return compiler;
    }

    /** Fails with one line naming the Debian package of the first thing missing. */
    public void requireHostTools() {
        compiler.requireInstalled();
        for (HostRequirement requirement : HOST_REQUIREMENTS) {
            if (!requirement.present()) {
                throw new ToolMissingException(requirement.path(), requirement.debianPackage());
            }
        }
    }

    /**
     * Builds into {@code out} (created if needed), logging to {@code log}.
     *
     * @throws UBootBuildException naming the failed step, its first error line and the log
     */
    public void build(UBootSource source, UBootRecipe recipe, Path out, Path log, int jobs, Consumer<String> progress)
            throws IOException {
        requireHostTools();
        Path defconfigFile = source.tree().resolve("configs").resolve(recipe.defconfig() + "_defconfig");
        if (!Files.isRegularFile(defconfigFile)) {
            throw new UBootBuildException("U-Boot " + source.debianVersion() + " has no defconfig '" + recipe.defconfig()
                    + "' (" + source.tree().relativize(defconfigFile) + " does not exist)", null);
        }
        Files.createDirectories(out);
        Files.writeString(log, "# U-Boot " + source.debianVersion() + ", " + recipe.defconfig()
                + recipe.fragment().map(f -> " + fragment " + f.sha256()).orElse("") + "\n", StandardCharsets.UTF_8);

        progress.accept("configuring U-Boot " + source.upstreamVersion() + " for " + recipe.defconfig());
        make(source, out, log, CONFIGURE_TIMEOUT, recipe.defconfig() + "_defconfig");
        Optional<KconfigFragment> settings = recipe.fragment();
        if (recipe.fitKey().isPresent()) {
            FitSigningKey key = recipe.fitKey().get();
            Path dtsi = out.resolve("hilfarm").resolve("fit-key-" + key.name() + ".dtsi");
            Files.createDirectories(dtsi.getParent());
            Files.writeString(dtsi, key.dtsi());
            append(log, "# FIT signature key " + key.name() + " (" + key.algorithm() + ", required for " + key.required()
                    + ") added to the control device tree through " + dtsi + "\n");
            settings = Optional.of(settings.orElse(KconfigFragment.empty())
                    .with("CONFIG_FIT", "y")
                    .with("CONFIG_FIT_SIGNATURE", "y")
                    .with("CONFIG_DEVICE_TREE_INCLUDES", "\"" + dtsi + "\""));
        }
        if (settings.isPresent()) {
            KconfigFragment fragment = settings.get();
            // Merge into the defconfig, not into the full .config the step above wrote: there
            // every symbol already has a value ("# CONFIG_RSA is not set"), so what the fragment's
            // options imply (FIT_SIGNATURE implies RSA) would stay off. A defconfig-sized .config
            // resolved by olddefconfig is what "make NAME_defconfig" computes for a merged
            // defconfig, as merge_config.sh -m followed by olddefconfig does.
            Path dotConfig = out.resolve(".config");
            Files.writeString(dotConfig, fragment.mergeInto(Files.readString(defconfigFile)));
            make(source, out, log, CONFIGURE_TIMEOUT, "olddefconfig");
            List<String> unmet = fragment.unmetIn(Files.readString(dotConfig));
            if (!unmet.isEmpty()) {
                append(log, "# fragment settings that olddefconfig did not keep: " + unmet + "\n");
                throw new UBootBuildException("the fragment does not apply to " + recipe.defconfig()
                        + " (a dependency the board lacks, or no such option in U-Boot " + source.upstreamVersion()
                        + "): " + String.join(", ", unmet), log);
            }
        }
        progress.accept("building U-Boot " + source.upstreamVersion() + " for " + recipe.defconfig() + " with "
                + jobs + " job" + (jobs == 1 ? "" : "s"));
        make(source, out, log, BUILD_TIMEOUT, "-j" + jobs, "all");
    }

    /**
     * Builds U-Boot's host tools alone ({@code tools-only_defconfig}, {@code make tools-only}):
     * mkimage and fit_check_sign, which Debian's u-boot-tools does not ship, from the same source.
     * Needs only the host compiler and libssl-dev; the cross compiler prefix is passed but unused.
     */
    public void buildHostTools(UBootSource source, Path out, Path log, int jobs, Consumer<String> progress) throws IOException {
        Files.createDirectories(out);
        Files.writeString(log, "# U-Boot " + source.debianVersion() + " host tools\n", StandardCharsets.UTF_8);
        progress.accept("building U-Boot " + source.upstreamVersion() + "'s host tools (mkimage, fit_check_sign)");
        make(source, out, log, CONFIGURE_TIMEOUT, "tools-only_defconfig");
        make(source, out, log, BUILD_TIMEOUT, "-j" + jobs, "tools-only");
    }

    private void make(UBootSource source, Path out, Path log, Duration timeout, String... targets) throws IOException {
        List<String> argv = new ArrayList<>(List.of("make", "-C", source.tree().toString(), "O=" + out,
                "CROSS_COMPILE=" + compiler.prefix()));
        argv.addAll(List.of(targets));
        append(log, "\n$ " + String.join(" ", argv) + "\n");
        HostCommand.Result result = HostCommand.of(argv).in(source.tree()).environment(environment(source))
                .timeout(timeout).providedBy("make").run();
        // stdout and stderr are collected apart (no shell to merge them): stdout first, then what
        // went to stderr, where compilers and make put their errors.
        append(log, result.stdout());
        if (!result.stderr().isEmpty()) {
            append(log, "--- stderr ---\n" + result.stderr());
        }
        append(log, "# exit status " + result.exitStatus() + " after " + result.took().toSeconds() + " s\n");
        if (result.exitStatus() != 0) {
            throw new UBootBuildException("U-Boot " + source.upstreamVersion() + " build step 'make "
                    + String.join(" ", targets) + "' failed with exit status " + result.exitStatus() + ": "
                    + firstError(result), log);
        }
    }

    private static Map<String, String> environment(UBootSource source) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        // Build timestamp from the source's changelog: the banner's date says which release this
        // is, not when the cache was filled.
        environment.put("SOURCE_DATE_EPOCH", String.valueOf(source.released().getEpochSecond()));
        // Messages in English, so that the error line found below is the one a reader searches for.
        environment.put("LC_ALL", "C");
        // hil itself may run under make (a CI recipe): its jobserver and flags are not ours.
        environment.remove("MAKEFLAGS");
        environment.remove("MFLAGS");
        environment.remove("MAKELEVEL");
        return environment;
    }

    /** The first line that says "error" (the compiler's, not make's summary), else the last line. */
    static String firstError(HostCommand.Result result) {
        for (String text : List.of(result.stderr(), result.stdout())) {
            for (String line : text.lines().toList()) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.contains("error") && !line.startsWith("make")) {
                    return line.strip();
                }
            }
        }
        return result.lastErrorLine();
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
