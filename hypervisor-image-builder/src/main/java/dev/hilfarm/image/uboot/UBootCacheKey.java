package dev.hilfarm.image.uboot;

import dev.hilfarm.image.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * What makes two U-Boot builds the same: the Debian source version, the defconfig and the
 * fragment's canonical sha256 (empty without a fragment), the FIT signature key node's sha256
 * (empty without a key), plus the revision of hilfarm's build
 * procedure. Anything else (jobs, the cache's location, the time of day) does not change the
 * result, so it is not part of the key.
 */
public record UBootCacheKey(String sourceVersion, String defconfig, String fragmentSha256, String fitKeySha256) {

    /**
     * The revision of how hilfarm turns these inputs into a build (steps, merge, collected files).
     * Raise it when that changes, so builds made the old way are not taken for current ones.
     * 2: the fragment is merged into the defconfig, not into the full .config.
     */
    static final int PROCEDURE = 2;

    public static UBootCacheKey of(UBootSource source, UBootRecipe recipe) {
        return new UBootCacheKey(source.debianVersion(), recipe.defconfig(),
                recipe.fragment().map(KconfigFragment::sha256).orElse(""),
                recipe.fitKey().map(FitSigningKey::sha256).orElse(""));
    }

    /** sha256 over the inputs, one "name=value" line each, so a value cannot run into the next. */
    public String sha256() {
        String inputs = "procedure=" + PROCEDURE + "\n" + "source=" + sourceVersion + "\n" + "defconfig=" + defconfig
                + "\n" + "fragment=" + fragmentSha256 + "\n"
                // Only with a key, so that adding keys did not change the key of every other build.
                + (fitKeySha256.isEmpty() ? "" : "fitkey=" + fitKeySha256 + "\n");
        return Sha256.of(inputs.getBytes(StandardCharsets.UTF_8));
    }

    /** The cache directory's name: readable first, then enough of the hash to tell recipes apart. */
    public String directoryName() {
        return defconfig + "-" + sourceVersion.replace(':', '_') + "-" + sha256().substring(0, 16);
    }
}
