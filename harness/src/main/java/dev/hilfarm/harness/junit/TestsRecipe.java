package dev.hilfarm.harness.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a board test class that tests a recipe build booted through U-Boot rather than a directly
 * booted Linux. {@code hil run} builds {@link #value()} (with {@code {board}} replaced by the
 * board's name) when the user names no recipe or build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TestsRecipe {
    /** The default recipe, e.g. {@code {board}-hypervisor}. */
    String value();
}
