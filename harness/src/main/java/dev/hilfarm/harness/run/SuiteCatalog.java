package dev.hilfarm.harness.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.hilfarm.harness.junit.BoardTest;
import dev.hilfarm.harness.junit.TestsRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The suites on the class path: JUnit tags of Jupiter classes under {@value #SUITES_PACKAGE}, and
 * under the packages listed in {@code $HIL_SUITE_PACKAGES} (comma-separated: a lab's own suites).
 * {@code hil run} discovers and launches a suite through here, and the farm checks a plan's suite
 * names against the same list, so both agree on what a suite is.
 */
public final class SuiteCatalog {
    public static final String SUITES_PACKAGE = "dev.hilfarm.suites";
    // Suites are Jupiter classes; @Suite aggregators that may sit in the same package (the
    // project's own Maven runs of the suites) must not run a second copy of them.
    private static final EngineFilter JUPITER_ONLY = EngineFilter.includeEngines("junit-jupiter");

    public static final String EXTRA_PACKAGES_ENV = "HIL_SUITE_PACKAGES";

    private final Launcher launcher;

    public SuiteCatalog(Launcher launcher) {
        this.launcher = launcher;
    }

    /** The request that runs {@code suite} with {@code config} as JUnit configuration parameters. */
    public static LauncherDiscoveryRequest request(String suite, Map<String, String> config) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(packages())
                .filters(TagFilter.includeTags(suite), JUPITER_ONLY)
                .configurationParameters(config)
                .build();
    }

    public Set<String> knownSuites() {
        TestPlan all = launcher.discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(packages()).filters(JUPITER_ONLY).build());
        Set<String> tags = new TreeSet<>();
        all.getRoots().forEach(root -> all.getDescendants(root)
                .forEach(id -> id.getTags().stream().map(TestTag::getName).forEach(tags::add)));
        return tags;
    }

    private static List<PackageSelector> packages() {
        List<PackageSelector> out = new ArrayList<>(List.of(selectPackage(SUITES_PACKAGE)));
        String extra = System.getenv(EXTRA_PACKAGES_ENV);
        if (extra != null) {
            for (String p : extra.split(",")) {
                if (!p.isBlank()) {
                    out.add(selectPackage(p.strip()));
                }
            }
        }
        return out;
    }

    /**
     * The recipe the plan's classes ask for by default ({@link TestsRecipe}), for {@code board};
     * empty when they boot Linux directly.
     */
    public static java.util.Optional<String> defaultRecipe(TestPlan plan, String board) {
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof ClassSource cs) {
                    TestsRecipe r = cs.getJavaClass().getAnnotation(TestsRecipe.class);
                    if (r != null) {
                        return java.util.Optional.of(r.value().replace("{board}", board));
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether any class of the plan is a board test (the console suite, for one, needs no board). */
    public static boolean needsBoard(TestPlan plan) {
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof ClassSource cs
                        && cs.getJavaClass().isAnnotationPresent(BoardTest.class)) {
                    return true;
                }
            }
        }
        return false;
    }
}
