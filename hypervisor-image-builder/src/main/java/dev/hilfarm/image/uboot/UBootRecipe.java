package dev.hilfarm.image.uboot;

import java.util.Objects;
import java.util.Optional;

/**
 * What to build: a defconfig of U-Boot's tree (without the {@code _defconfig} suffix), optionally
 * a Kconfig fragment merged on top of it, and optionally the public key U-Boot's control device
 * tree carries for checking FIT signatures (which switches FIT signature checking on).
 */
public record UBootRecipe(String defconfig, Optional<KconfigFragment> fragment, Optional<FitSigningKey> fitKey) {

    public UBootRecipe {
        Objects.requireNonNull(fragment);
        Objects.requireNonNull(fitKey);
        // The name becomes a make target and a path under configs/: nothing that could be read as
        // a make option or variable, or leave configs/.
        if (!defconfig.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*") || defconfig.endsWith("_defconfig")) {
            throw new IllegalArgumentException("'" + defconfig + "' is not a U-Boot defconfig name (like vexpress_ca9x4, "
                    + "without _defconfig)");
        }
    }

    public UBootRecipe(String defconfig, Optional<KconfigFragment> fragment) {
        this(defconfig, fragment, Optional.empty());
    }

    public static UBootRecipe of(String defconfig) {
        return new UBootRecipe(defconfig, Optional.empty());
    }
}
