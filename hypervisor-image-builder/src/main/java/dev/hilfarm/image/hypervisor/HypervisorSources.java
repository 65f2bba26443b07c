package dev.hilfarm.image.hypervisor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The hypervisor's C, assembly and linker-script sources, shipped inside this module's jar
 * (from src/main/hypervisor) and listed in its {@code sources.txt}.
 */
final class HypervisorSources {
    private static final String ROOT = "/dev/hilfarm/image/hypervisor/src/";

    private HypervisorSources() {
    }

    static List<String> list() {
        return read("sources.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("sources.txt")).toList();
    }

    /** Copies every source file under {@code directory}, keeping the relative paths. */
    static void copyTo(Path directory) throws IOException {
        for (String name : list()) {
            Path target = directory.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = open(name)) {
                Files.copy(in, target);
            }
        }
    }

    /** The bytes of one bundled source file. */
    static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new HypervisorBuildException("cannot read the bundled hypervisor source " + name + ": " + e.getMessage(), e);
        }
    }

    private static String read(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HypervisorBuildException("cannot read the bundled hypervisor source " + name + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = HypervisorSources.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new HypervisorBuildException("the hypervisor source " + name
                    + " is missing from the classpath (is hypervisor-image-builder's jar complete?)");
        }
        return in;
    }
}
