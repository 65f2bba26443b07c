package dev.hilfarm.image.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UImageTest {
    @TempDir
    Path dir;

    private static byte[] payload(int size) {
        byte[] data = new byte[size];
        new Random(7).nextBytes(data);
        return data;
    }

    @Test
    void isByteForByteWhatMkimageWritesAndMkimageListsIt() throws Exception {
        byte[] kernel = payload(100_003);
        Path data = dir.resolve("zImage");
        Files.write(data, kernel);
        Path theirs = dir.resolve("theirs.uimg");
        HostTool.ok("mkimage", "-A", "arm", "-O", "linux", "-T", "kernel", "-C", "none", "-a", "0x80008000", "-e", "0x80008000",
                "-n", "hilfarm test kernel", "-d", data.toString(), theirs.toString());

        byte[] ours = UImage.armLinuxKernel("hilfarm test kernel", 0x80008000L, 1_700_000_000, kernel).toBytes();

        assertArrayEquals(Files.readAllBytes(theirs), ours);
        Path file = dir.resolve("ours.uimg");
        UImage.armLinuxKernel("hilfarm test kernel", 0x80008000L, 1_700_000_000, kernel).write(file);
        String listing = HostTool.ok("mkimage", "-l", file.toString());
        assertTrue(listing.contains("Image Name:   hilfarm test kernel"), listing);
        assertTrue(listing.contains("ARM Linux Kernel Image (uncompressed)"), listing);
        assertTrue(listing.contains("Load Address: 80008000"), listing);
        assertTrue(listing.contains("Data Size:    100003 Bytes"), listing);
    }

    @Test
    void aMultiFileImageIsWhatMkimageWrites() throws Exception {
        List<byte[]> parts = List.of(payload(1001), payload(2002), payload(303));
        for (int i = 0; i < parts.size(); i++) {
            Files.write(dir.resolve("part" + i), parts.get(i));
        }
        Path theirs = dir.resolve("multi.uimg");
        HostTool.ok("mkimage", "-A", "arm", "-O", "linux", "-T", "multi", "-C", "none", "-a", "0x80008000", "-e", "0x80008000",
                "-n", "multi", "-d", dir.resolve("part0") + ":" + dir.resolve("part1") + ":" + dir.resolve("part2"), theirs.toString());
        UImage ours = UImage.multi("multi", 1_700_000_000, 0x80008000L, 0x80008000L, ImageOs.LINUX, ImageArch.ARM, ImageCompression.NONE, parts);
        assertArrayEquals(Files.readAllBytes(theirs), ours.toBytes());
        List<byte[]> back = UImage.parse("m", ours.toBytes()).parts("m");
        assertEquals(3, back.size());
        assertArrayEquals(parts.get(1), back.get(1));
        String listing = HostTool.ok("mkimage", "-l", theirs.toString());
        assertTrue(listing.contains("Image 2: 303 Bytes"), listing);
    }

    @Test
    void readsBackWhatItWrote() {
        UImage image = new UImage("initrd", 5, 0x82000000L, 0x82000000L, ImageOs.LINUX, ImageArch.ARM, ImageType.RAMDISK,
                ImageCompression.GZIP, payload(999));
        UImage back = UImage.parse("x", image.toBytes());
        assertEquals(image.name(), back.name());
        assertEquals(image.type(), back.type());
        assertEquals(image.compression(), back.compression());
        assertEquals(image.loadAddress(), back.loadAddress());
        assertArrayEquals(image.data(), back.data());
    }

    @Test
    void aFlippedPayloadByteIsReported() throws Exception {
        byte[] bytes = UImage.armLinuxKernel("k", 0x80008000L, 0, payload(5000)).toBytes();
        bytes[64 + 1234] ^= 1;
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> UImage.parse("k.uimg", bytes));
        assertEquals(64, e.offset());
        assertTrue(e.getMessage().startsWith("k.uimg: byte offset 0x40 (64): payload CRC"), e.getMessage());
    }

    @Test
    void aFlippedHeaderByteIsReportedAndMkimageRejectsItToo() throws Exception {
        byte[] bytes = UImage.armLinuxKernel("k", 0x80008000L, 0, payload(5000)).toBytes();
        bytes[40] ^= 1;
        assertEquals(4, assertThrows(ImageFormatException.class, () -> UImage.parse("k.uimg", bytes)).offset());
        Path file = dir.resolve("bad.uimg");
        Files.write(file, bytes);
        // mkimage -l checks the header CRC (not the payload's); it then tries other formats and may still exit 0
        dev.hilfarm.board.exec.HostCommand.Result listing = HostTool.run("mkimage", "-l", file.toString());
        assertTrue(!(listing.stdout() + listing.stderr()).contains("ARM Linux Kernel Image"), listing.stdout());
    }

    @Test
    void aTruncatedImageNamesWhereItEnds() {
        byte[] bytes = UImage.armLinuxKernel("k", 0x80008000L, 0, payload(5000)).toBytes();
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> UImage.parse("k.uimg", Arrays.copyOf(bytes, 3000)));
        assertEquals(3000, e.offset());
        ImageFormatException header = assertThrows(ImageFormatException.class, () -> UImage.parse("k.uimg", Arrays.copyOf(bytes, 40)));
        assertEquals(40, header.offset());
        bytes[10] ^= 1;
        assertEquals(4, assertThrows(ImageFormatException.class, () -> UImage.parse("k.uimg", bytes)).offset());
    }
}
