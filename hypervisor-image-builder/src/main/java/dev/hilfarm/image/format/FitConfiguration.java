package dev.hilfarm.image.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration of a FIT ({@code /configurations/NAME}): which images boot together, by role
 * ({@code kernel}, {@code fdt}, {@code ramdisk}, {@code firmware}, {@code loadables},
 * {@code standalone}; a role may name several images), and the key to sign it with, if any.
 */
public record FitConfiguration(String name, String description, Map<String, List<String>> images, Optional<String> signingKeyName) {
    public FitConfiguration {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    public static FitConfiguration of(String name, String description, Map<String, List<String>> images) {
        return new FitConfiguration(name, description, images, Optional.empty());
    }

    /** The same configuration, signed with the key named {@code keyName} (its {@code key-name-hint}). */
    public FitConfiguration signedWith(String keyName) {
        return new FitConfiguration(name, description, images, Optional.of(keyName));
    }
}
