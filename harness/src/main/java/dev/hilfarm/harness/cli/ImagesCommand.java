package dev.hilfarm.harness.cli;

import dev.hilfarm.harness.host.HostPackages;
import dev.hilfarm.image.TestImageCache;
import dev.hilfarm.image.TestImages;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code hil images fetch}: the Debian armhf test images into the cache, with their sha256. */
@Command(name = "images", description = "Manage test images", subcommands = ImagesCommand.Fetch.class)
final class ImagesCommand implements Runnable {
    @Override
    public void run() {
        TestImageCache cache = TestImageCache.atDefaultLocation();
        System.out.println(cache.isPresent() ? "test images present: run 'hil images fetch' to refresh checks"
                : "no test images yet: run 'hil images fetch'");
    }

    @Command(name = "fetch", description = "Fetch Debian's armhf kernel, dtbs and busybox-static; build the initramfs")
    static final class Fetch implements Runnable {
        @Override
        public void run() {
            TestImages images = ensure();
            for (Map.Entry<java.nio.file.Path, String> e : images.sha256().entrySet()) {
                System.out.println(e.getValue() + "  " + e.getKey());
            }
        }
    }

    /** Fetches the images unless the cache already holds them intact; used by run and setup too. */
    static TestImages ensure() {
        HostPackages packages = new HostPackages(System.out);
        packages.require("apt-get", "apt", "fetching Debian armhf packages");
        packages.require("dpkg-deb", "dpkg", "unpacking Debian packages");
        TestImageCache cache = TestImageCache.atDefaultLocation();
        return cache.fetch(line -> System.out.println("hil: " + line));
    }
}
