package dev.hilfarm.harness.junit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings a board test run reads, from JUnit configuration parameters (which {@code hil run}
 * sets) falling back to system properties (for Maven and IDE runs).
 *
 * @param powerVariables lab variables for the profile's power commands, given as
 *                       {@code hil.power-vars=outlet=3,hub=1-1}
 * @param cpus           CPUs of a QEMU target; 1 by default, like hilfarm's emulator, so that a suite
 *                       sees the same machine on both
 * @param recipe         a recipe (file or bundled name) to build and boot through U-Boot instead of
 *                       booting Linux directly
 * @param build          an existing recipe build directory to boot through U-Boot
 */
public record RunConfiguration(String board, String target, Path workDirectory, Map<String, String> powerVariables,
                               int cpus, Optional<ImageOverride> images, Optional<String> recipe, Optional<Path> build) {

    /** Images given on the command line instead of the cached Debian test images. */
    public record ImageOverride(Path kernel, Path dtb, Path initramfs) {
    }

    public static final String BOARD = "hil.board";
    public static final String TARGET = "hil.target";
    public static final String WORK = "hil.work";
    public static final String CPUS = "hil.cpus";
    public static final String POWER_VARS = "hil.power-vars";
    public static final String KERNEL = "hil.kernel";
    public static final String DTB = "hil.dtb";
    public static final String INITRAMFS = "hil.initramfs";
    public static final String RECIPE = "hil.recipe";
    public static final String BUILD = "hil.build";

    public static RunConfiguration from(Function<String, Optional<String>> parameters) {
        String board = parameters.apply(BOARD).orElse("vexpress-a9");
        String target = parameters.apply(TARGET).orElse("auto");
        Path work = Path.of(parameters.apply(WORK).orElse("target/hil"));
        String cpuText = parameters.apply(CPUS).orElse("1");
        int cpus;
        try {
            cpus = Integer.parseInt(cpuText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CPUS + "=" + cpuText + ": expected a number of CPUs");
        }
        Optional<String> kernel = parameters.apply(KERNEL);
        Optional<String> dtb = parameters.apply(DTB);
        Optional<String> initramfs = parameters.apply(INITRAMFS);
        Optional<ImageOverride> images = Optional.empty();
        if (kernel.isPresent() || dtb.isPresent() || initramfs.isPresent()) {
            if (kernel.isEmpty() || dtb.isEmpty() || initramfs.isEmpty()) {
                throw new IllegalArgumentException("give all three of --kernel, --dtb and --initramfs, or none");
            }
            images = Optional.of(new ImageOverride(Path.of(kernel.get()), Path.of(dtb.get()), Path.of(initramfs.get())));
        }
        Optional<String> recipe = parameters.apply(RECIPE).filter(r -> !r.isBlank());
        Optional<Path> build = parameters.apply(BUILD).filter(b -> !b.isBlank()).map(Path::of);
        if (images.isPresent() && (recipe.isPresent() || build.isPresent())) {
            throw new IllegalArgumentException("--kernel/--dtb/--initramfs boot Linux directly; --recipe and --build boot"
                    + " through U-Boot: give one or the other");
        }
        if (recipe.isPresent() && build.isPresent()) {
            throw new IllegalArgumentException("give --recipe (build it now) or --build (an existing build), not both");
        }
        return new RunConfiguration(board, target, work, parsePowerVariables(parameters.apply(POWER_VARS).orElse("")),
                cpus, images, recipe, build);
    }

    public static Map<String, String> parsePowerVariables(String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("power variable '" + pair + "': expected NAME=VALUE");
            }
            vars.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return vars;
    }

    public static String formatPowerVariables(Map<String, String> vars) {
        return String.join(",", vars.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
