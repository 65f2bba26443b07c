package dev.hilfarm.image.uboot;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.ToolMissingException;
import java.time.Duration;

/**
 * The ARM cross toolchain U-Boot is built with, named by its {@code CROSS_COMPILE} prefix. The
 * prefix may be a path ("/opt/x/bin/arm-linux-gnueabihf-"); by default it is Debian's
 * gcc-arm-linux-gnueabihf found on PATH.
 */
public record CrossCompiler(String prefix) {

    public static final String DEBIAN_PREFIX = "arm-linux-gnueabihf-";
    public static final String DEBIAN_PACKAGE = "gcc-arm-linux-gnueabihf";

    public static CrossCompiler debian() {
        return new CrossCompiler(DEBIAN_PREFIX);
    }

    public String gcc() {
        return prefix + "gcc";
    }

    /** Fails with one line naming the Debian package when the compiler is not installed. */
    public void requireInstalled() {
        if (HostCommand.ToolLocator.find(gcc()).isEmpty()) {
            throw new ToolMissingException(gcc(), DEBIAN_PACKAGE);
        }
    }

    /** "arm-linux-gnueabihf-gcc 12.2.0": recorded in the manifest, so a build says what made it. */
    public String describe() {
        requireInstalled();
        HostCommand.Result result = HostCommand.of(gcc(), "-dumpfullversion").timeout(Duration.ofSeconds(30))
                .providedBy(DEBIAN_PACKAGE).run();
        String version = result.exitStatus() == 0 ? result.stdout().strip() : "version unknown";
        String name = gcc().substring(gcc().lastIndexOf('/') + 1);
        return name + " " + version;
    }
}
