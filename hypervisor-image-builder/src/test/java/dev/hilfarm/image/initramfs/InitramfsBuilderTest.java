package dev.hilfarm.image.initramfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsBuilderTest {

    @TempDir
    Path dir;

    @Test
    void symlinksBlockDevicesAndImplicitParentsAsGnuCpioSeesThem() throws Exception {
        InitramfsBuilder builder = new InitramfsBuilder()
                .file("/bin/busybox", 0755, new byte[] {1, 2, 3})
                .symlink("/sbin/init", "../bin/busybox")
                .blockDevice("/dev/mmcblk0", 0660, 179, 0)
                .text("/usr/share/hilfarm/marker", 0644, "x\n");

        Map<String, GnuCpio.Listed> byName = GnuCpio.list(GnuCpio.gunzip(builder.toByteArray(), dir)).stream()
                .collect(Collectors.toMap(GnuCpio.Listed::name, Function.identity()));

        assertEquals("lrwxrwxrwx", byName.get("sbin/init").mode());
        assertEquals("../bin/busybox", byName.get("sbin/init").linkTarget());
        assertEquals("brw-rw----", byName.get("dev/mmcblk0").mode());
        assertEquals("179,0", byName.get("dev/mmcblk0").sizeOrDevice());
        for (String parent : List.of("bin", "sbin", "dev", "usr", "usr/share", "usr/share/hilfarm")) {
            assertEquals("drwxr-xr-x", byName.get(parent).mode(), parent);
        }
    }

    @Test
    void orderOfAddingDoesNotChangeTheBytes() {
        byte[] one = new InitramfsBuilder()
                .directory("/etc", 0755)
                .text("/etc/hostname", 0644, "hilfarm\n")
                .characterDevice("/dev/null", 0666, 1, 3)
                .symlink("/bin/sh", "busybox")
                .toByteArray();
        byte[] other = new InitramfsBuilder()
                .symlink("bin/sh", "busybox")
                .characterDevice("dev/null", 0666, 1, 3)
                .text("etc/hostname", 0644, "hilfarm\n")
                .directory("etc", 0755)
                .toByteArray();

        assertArrayEquals(one, other);
    }

    @Test
    void gzipHeaderCarriesNoTimestampOrName() {
        byte[] image = new InitramfsBuilder().text("/init", 0755, "#!/bin/sh\n").toByteArray();

        assertEquals(0x1f, image[0] & 0xff);
        assertEquals(0x8b, image[1] & 0xff);
        assertEquals(0, image[3], "FLG: no name, comment or extra field");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(image, 4, 8), "MTIME");
    }

    @Test
    void uncompressedArchiveIsNewcWithZeroTimes() throws Exception {
        ByteArrayOutputStream cpio = new ByteArrayOutputStream();
        new InitramfsBuilder().text("/init", 0755, "#!/bin/sh\n").writeCpioTo(cpio);
        String header = new String(cpio.toByteArray(), 0, 110, StandardCharsets.US_ASCII);

        assertEquals("070701", header.substring(0, 6), "newc magic");
        assertEquals("00000000", header.substring(46, 54), "c_mtime");
        assertEquals(0, cpio.size() % 512, "padded to whole blocks");
    }

    @Test
    void refusesAmbiguousOrImpossibleEntries() {
        InitramfsBuilder builder = new InitramfsBuilder().text("/etc/passwd", 0644, "");
        assertThrows(IllegalArgumentException.class, () -> builder.text("etc//passwd", 0600, "again"));
        assertThrows(IllegalArgumentException.class, () -> builder.directory("/etc/../root", 0700));
        assertThrows(IllegalArgumentException.class, () -> builder.directory("/", 0755));
        assertThrows(IllegalArgumentException.class, () -> builder.file("/x", 0100755, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> builder.characterDevice("/dev/x", 0600, -1, 0));
        builder.text("/etc/passwd/oops", 0644, "");
        IllegalStateException notADirectory = assertThrows(IllegalStateException.class, builder::entries);
        assertTrue(notADirectory.getMessage().contains("etc/passwd"), notADirectory.getMessage());
    }
}
