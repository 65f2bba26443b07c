package dev.hilfarm.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * The allure-commandline distribution that Maven resolved from Maven Central when this module was
 * built, and its unpacked copy in the farm cache.
 *
 * <p>The build writes the zip's location into {@code allure-commandline.properties} (see the
 * dependency plugin's {@code properties} goal in reports/pom.xml), so nothing here knows where a
 * Maven repository lives and nothing is ever downloaded at run time.
 */
record AllureDistribution(String version, Path zip) {

    static final String LOCATOR_RESOURCE = "allure-commandline.properties";

    AllureDistribution {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(zip, "zip");
    }

    static AllureDistribution fromBuild() {
        Properties locator = new Properties();
        try (InputStream in = AllureDistribution.class.getResourceAsStream(LOCATOR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(LOCATOR_RESOURCE + " is missing from the reports jar");
            }
            locator.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LOCATOR_RESOURCE + ": " + e.getMessage(), e);
        }
        String version = locator.getProperty("version", "");
        String zip = locator.getProperty("zip", "");
        // An unfiltered placeholder means the jar was built without the dependency plugin step.
        if (version.isBlank() || zip.isBlank() || zip.contains("${")) {
            throw new IllegalStateException(LOCATOR_RESOURCE + " was not filled in by the build (zip=" + zip + ")");
        }
        return new AllureDistribution(version, Path.of(zip));
    }

    /** The unpacked distribution in {@code cacheRoot}, unpacking the zip on first use. */
    Path installedIn(Path cacheRoot) throws IOException {
        Path home = cacheRoot.resolve("allure-commandline-" + version);
        if (Files.isDirectory(home)) {
            return home;
        }
        if (!Files.isRegularFile(zip)) {
            throw new IOException("allure-commandline " + version + " is not unpacked in " + home
                    + " and the zip Maven resolved at build time is gone (" + zip
                    + "); rebuild the reports module on this machine (mvn -pl reports -am install)");
        }
        ZipUnpacker.unpackAtomically(zip, home);
        return home;
    }
}
