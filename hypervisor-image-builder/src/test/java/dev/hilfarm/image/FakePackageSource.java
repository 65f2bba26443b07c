package dev.hilfarm.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Unpacked "packages" laid out like Debian's, with small made-up contents; counts how often it is asked. */
final class FakePackageSource implements PackageSource {

    static final List<String> DTBS = List.of("am335x-boneblack.dtb", "imx6q-wandboard.dtb", "omap3-beagle-xm.dtb",
            "omap4-panda.dtb", "sun4i-a10-cubieboard.dtb", "vexpress-v2p-ca9.dtb");

    private final String release;
    private final String version;
    private final AtomicInteger fetches = new AtomicInteger();

    FakePackageSource(String release, String version) {
        this.release = release;
        this.version = version;
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public Packages fetch(Path workDirectory, Consumer<String> progress) {
        fetches.incrementAndGet();
        try {
            Path kernel = workDirectory.resolve("kernel");
            write(kernel.resolve("boot/vmlinuz-" + release), "zImage " + release);
            write(kernel.resolve("boot/config-" + release), "CONFIG_ARM=y");
            write(kernel.resolve("lib/modules/" + release + "/kernel/fake.ko"), "module");
            for (String dtb : DTBS) {
                write(kernel.resolve("usr/lib/linux-image-" + release + "/" + dtb), "fdt " + dtb + " " + release);
            }
            Path busybox = workDirectory.resolve("busybox");
            write(busybox.resolve("bin/busybox"), "busybox for " + release);
            write(busybox.resolve("usr/share/doc/busybox-static/copyright"), "GPL-2");
            progress.accept("downloading linux-image-" + release + " (armhf)");
            return new Packages(new ExtractedPackage("linux-image-" + release, version, kernel),
                    new ExtractedPackage("busybox-static", "1:1.35.0-4", busybox));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
