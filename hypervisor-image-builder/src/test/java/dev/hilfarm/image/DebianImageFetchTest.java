package dev.hilfarm.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.image.apt.PrivateApt;
import dev.hilfarm.image.initramfs.GnuCpio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real fetch through the host's apt sources, into a fresh cache so that a user's cache is
 * never touched and every run exercises the download (about 45 MB).
 */
@Tag("network")
class DebianImageFetchTest {

    private static final List<String> BOARD_DTBS = List.of("vexpress-v2p-ca9.dtb", "omap3-beagle-xm.dtb",
            "am335x-boneblack.dtb", "omap4-panda.dtb", "imx6q-wandboard.dtb", "sun4i-a10-cubieboard.dtb");

    @TempDir
    Path root;

    @TempDir
    Path scratch;

    @Test
    void fetchesDebiansArmhfKernelDeviceTreesAndBusybox() throws Exception {
        AtomicInteger downloads = new AtomicInteger();
        PackageSource apt = new AptPackageSource(new PrivateApt(root.resolve("apt")));
        PackageSource counted = (work, progress) -> {
            downloads.incrementAndGet();
            return apt.fetch(work, progress);
        };
        List<String> progress = new ArrayList<>();

        TestImages images = new TestImageCache(root, counted).fetch(progress::add);

        assertTrue(images.kernelPackage().matches("linux-image-\\d+\\.\\d+\\.\\d+-\\d+-armmp"), images.kernelPackage());
        assertEquals(images.kernelPackage(), "linux-image-" + images.kernelVersion());
        assertEquals("vmlinuz-" + images.kernelVersion(), images.kernel().getFileName().toString());
        assertTrue(progress.contains("downloading " + images.kernelPackage() + " (armhf)"), progress.toString());
        assertTrue(progress.contains("downloading busybox-static (armhf)"), progress.toString());

        assertEquals(0x016F2818, readInt(images.kernel(), 0x24, ByteOrder.LITTLE_ENDIAN), "zImage magic");
        for (String dtb : BOARD_DTBS) {
            assertEquals(0xd00dfeed, readInt(images.dtb(dtb), 0, ByteOrder.BIG_ENDIAN), dtb + " FDT magic");
        }
        byte[] elf = Files.readAllBytes(images.busybox());
        assertEquals(0x7f454c46, ByteBuffer.wrap(elf, 0, 4).getInt(), "ELF magic");
        assertEquals(1, elf[4], "ELFCLASS32");
        assertEquals(1, elf[5], "ELFDATA2LSB");
        assertEquals(40, ByteBuffer.wrap(elf, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort(), "e_machine EM_ARM");

        Path cpio = GnuCpio.gunzip(Files.readAllBytes(images.initramfs()), scratch);
        GnuCpio.Listed busybox = GnuCpio.list(cpio).stream().filter(e -> e.name().equals("bin/busybox")).findFirst()
                .orElseThrow();
        assertEquals(String.valueOf(elf.length), busybox.sizeOrDevice());

        assertEquals(images, new TestImageCache(root).load());
        TestImages again = new TestImageCache(root, counted).fetch(progress::add);
        assertEquals(images, again);
        assertEquals(1, downloads.get(), "second fetch of a complete cache downloaded again");
        assertEquals(List.of(), names(root.resolve("tmp")), "working directory left behind");
    }

    private static int readInt(Path file, int offset, ByteOrder order) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return ByteBuffer.wrap(bytes, offset, 4).order(order).getInt();
    }

    private static List<String> names(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }
}
