package dev.hilfarm.image.uboot;

import java.util.Objects;
import java.util.Optional;

/**
 * What to build: a defconfig of U-Boot's tree (without the {@code _defconfig} suffix) and
 * optionally a Kconfig fragment merged on top of it.
 */
public record UBootRecipe(String defconfig, Optional<KconfigFragment> fragment) {

    public UBootRecipe {
        Objects.requireNonNull(fragment);
        // The name becomes a make target and a path under configs/: nothing that could be read as
        // a make option or variable, or leave configs/.
        if (!defconfig.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*") || defconfig.endsWith("_defconfig")) {
            throw new IllegalArgumentException("'" + defconfig + "' is not a U-Boot defconfig name (like vexpress_ca9x4, "
                    + "without _defconfig)");
        }
    }

    public static UBootRecipe of(String defconfig) {
        return new UBootRecipe(defconfig, Optional.empty());
    }
}
