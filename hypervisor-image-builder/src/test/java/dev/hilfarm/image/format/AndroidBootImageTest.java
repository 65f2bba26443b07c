package dev.hilfarm.image.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AndroidBootImageTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static final String LONG_CMDLINE = "console=ttyO0,115200n8 root=/dev/mmcblk0p2 rw " + "x".repeat(600);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void isByteForByteWhatMkbootimgWrites(int version) throws Exception {
        byte[] kernel = bytes(100_001, 1);
        byte[] ramdisk = bytes(40_000, 2);
        byte[] dtb = bytes(3_000, 3);
        Files.write(dir.resolve("kernel"), kernel);
        Files.write(dir.resolve("ramdisk"), ramdisk);
        Files.write(dir.resolve("dtb"), dtb);
        List<String> argv = new ArrayList<>(List.of("mkbootimg", "--kernel", dir.resolve("kernel").toString(), "--ramdisk",
                dir.resolve("ramdisk").toString(), "--cmdline", LONG_CMDLINE, "--header_version", String.valueOf(version),
                "-o", dir.resolve("theirs.img").toString()));
        if (version == 2) {
            argv.addAll(List.of("--dtb", dir.resolve("dtb").toString()));
        }
        HostTool.ok(argv.toArray(String[]::new));

        AndroidBootImage ours = AndroidBootImage.withDefaults(version, kernel, ramdisk, version == 2 ? dtb : new byte[0], LONG_CMDLINE);
        byte[] bytes = ours.toBytes();
        assertArrayEquals(Files.readAllBytes(dir.resolve("theirs.img")), bytes);

        AndroidBootImage back = AndroidBootImage.parse("boot.img", bytes);
        assertEquals(LONG_CMDLINE, back.cmdline());
        assertArrayEquals(ramdisk, back.ramdisk());
        assertEquals(version, back.headerVersion());
        ours.write(dir.resolve("ours.img"));
        String unpacked = HostTool.ok("unpack_bootimg", "--boot_img", dir.resolve("ours.img").toString(), "--out", dir.resolve("out").toString());
        assertTrue(unpacked.contains("boot image header version: " + version), unpacked);
        assertArrayEquals(kernel, Files.readAllBytes(dir.resolve("out/kernel")));
    }

    @Test
    void aChangedOrTruncatedImageNamesTheOffset() {
        byte[] bytes = AndroidBootImage.withDefaults(2, bytes(10_000, 1), bytes(5_000, 2), bytes(100, 3), "console=ttyS0").toBytes();
        byte[] changed = bytes.clone();
        changed[2048 + 10] ^= 1;
        assertEquals(576, assertThrows(ImageFormatException.class, () -> AndroidBootImage.parse("b.img", changed)).offset());
        ImageFormatException cut = assertThrows(ImageFormatException.class, () -> AndroidBootImage.parse("b.img", Arrays.copyOf(bytes, 9000)));
        assertEquals(9000, cut.offset());
        assertTrue(cut.getMessage().contains("file ends inside the kernel"), cut.getMessage());
    }
}
