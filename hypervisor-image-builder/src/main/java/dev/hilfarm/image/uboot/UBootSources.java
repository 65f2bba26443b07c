package dev.hilfarm.image.uboot;

import java.util.function.Consumer;

/** Where U-Boot's source comes from: Debian's source package, or a prepared tree in the tests. */
@FunctionalInterface
public interface UBootSources {

    /** Makes the current source available (fetching it if needed) and returns it. */
    UBootSource fetch(Consumer<String> progress);
}
