package dev.hilfarm.image.uboot;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One unpacked U-Boot source tree.
 *
 * @param packageName   the Debian source package ("u-boot")
 * @param debianVersion its Debian version as apt names its files, e.g. "2023.01+dfsg-2+deb12u3"
 * @param tree          the unpacked tree with Debian's patches applied; read-only once cached
 * @param released      the date of the newest changelog entry: the build timestamp, so that the date
 *                      U-Boot prints in its banner does not depend on when it was built
 */
public record UBootSource(String packageName, String debianVersion, Path tree, Instant released) {

    /**
     * The upstream release U-Boot prints in its banner and {@code version}: the Debian version
     * without epoch, Debian revision and repack suffix ("2023.01+dfsg-2+deb12u3" → "2023.01").
     */
    public String upstreamVersion() {
        String version = debianVersion.substring(debianVersion.indexOf(':') + 1);
        int revision = version.lastIndexOf('-');
        if (revision > 0) {
            version = version.substring(0, revision);
        }
        int repack = version.indexOf('+');
        return repack > 0 ? version.substring(0, repack) : version;
    }
}
