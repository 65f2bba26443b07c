package dev.hilfarm.emulator.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hilfarm.emulator.machine.InvalidImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@link KernelImage#detect} makes of kernels, executables and files that are neither. */
class KernelImageTest {

    private static String refusal(byte[] bytes) {
        return assertThrows(InvalidImageException.class, () -> KernelImage.detect("k.img", bytes)).getMessage();
    }

    /** A 32-bit ELF header with the given class, data encoding and machine. */
    static byte[] elfHeader(int elfClass, int data, int machine) {
        byte[] b = new byte[64];
        b[0] = 0x7f;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        b[4] = (byte) elfClass;
        b[5] = (byte) data;
        b[6] = 1;
        b[16] = 2;
        b[18] = (byte) machine;
        b[19] = (byte) (machine >>> 8);
        return b;
    }

    @Test
    void debiansKernelIsAZImage() throws IOException {
        KernelImage kernel = KernelImage.read(DebianImages.kernel());
        assertEquals(KernelImage.Kind.ZIMAGE, kernel.kind());
        assertEquals(java.nio.file.Files.size(DebianImages.kernel()), kernel.size());
    }

    @Test
    void armElfExecutablesAreElf() {
        assertEquals(KernelImage.Kind.ELF, KernelImage.detect("a.elf", elfHeader(1, 1, 40)).kind());
    }

    @Test
    void otherBinariesAreRaw() {
        byte[] code = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xea}; // b .
        assertEquals(KernelImage.Kind.RAW, KernelImage.detect("loop.bin", code).kind());
    }

    @Test
    void imagesForOtherMachinesAreRefusedSayingWhatTheyAre() {
        assertEquals("not an ARM image: k.img: an ELF file for x86-64 (ELF machine 62)", refusal(elfHeader(1, 1, 62)));
        assertEquals("not an ARM image: k.img: an ELF file for AArch64 (ELF machine 183)", refusal(elfHeader(1, 1, 183)));
        assertEquals("not an ARM image: k.img: an ELF file for ELF machine 99 (ARM is 40)", refusal(elfHeader(1, 1, 99)));
        assertEquals("not an ARM image: k.img: a 64-bit ELF file", refusal(elfHeader(2, 1, 183)));
        assertEquals("not an ARM image: k.img: a big-endian ELF file; the emulated board runs little-endian images",
                refusal(elfHeader(1, 2, 40)));
        assertEquals("not an ARM image: k.img: a truncated ELF file (8 bytes)", refusal(java.util.Arrays.copyOf(elfHeader(1, 1, 40), 8)));

        byte[] arm64 = new byte[128];
        arm64[0x38] = 'A';
        arm64[0x39] = 'R';
        arm64[0x3a] = 'M';
        arm64[0x3b] = 0x64;
        assertEquals("not an ARM image: k.img: an arm64 (AArch64) kernel Image; the emulated Cortex-A9 runs 32-bit ARM kernels", refusal(arm64));

        byte[] bzImage = new byte[0x400];
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, bzImage, 0x202, 4);
        assertEquals("not an ARM image: k.img: an x86 Linux kernel (bzImage)", refusal(bzImage));
    }

    @Test
    void wrappedAndCompressedKernelsAreRefusedSayingHowToUnwrapThem() {
        byte[] uImage = new byte[128];
        uImage[0] = 0x27;
        uImage[1] = 0x05;
        uImage[2] = 0x19;
        uImage[3] = 0x56;
        assertEquals("not an ARM image: k.img: a U-Boot legacy image (uImage); boot the zImage inside it "
                + "(dumpimage -T kernel -p 0 -o zImage k.img, or drop its first 64 bytes)", refusal(uImage));
        assertEquals("not an ARM image: k.img: gzip-compressed data; a 32-bit ARM kernel is booted as a zImage, which decompresses itself",
                refusal(new byte[] {0x1f, (byte) 0x8b, 8, 0}));
        byte[] pe = new byte[128];
        pe[0] = 'M';
        pe[1] = 'Z';
        assertEquals("not an ARM image: k.img: a PE/COFF executable (EFI or Windows) without the ARM zImage header", refusal(pe));
    }

    @Test
    void bigEndianZImagesAreRefused() {
        byte[] be8 = new byte[64];
        putLe(be8, 0x24, KernelImage.ZIMAGE_MAGIC);
        putLe(be8, 0x30, 0x01020304); // the endianness flag 0x04030201 stored big-endian
        assertEquals("not an ARM image: k.img: a big-endian (BE8) zImage; the emulated board runs little-endian kernels", refusal(be8));
        byte[] be32 = new byte[64];
        putLe(be32, 0x24, Integer.reverseBytes(KernelImage.ZIMAGE_MAGIC));
        assertEquals("not an ARM image: k.img: a big-endian zImage; the emulated board runs little-endian kernels", refusal(be32));
        byte[] le = new byte[64];
        putLe(le, 0x24, KernelImage.ZIMAGE_MAGIC);
        putLe(le, 0x30, 0x04030201);
        assertEquals(KernelImage.Kind.ZIMAGE, KernelImage.detect("le", le).kind());
    }

    @Test
    void emptyAndTextFilesAreRefused() {
        assertEquals("not an ARM image: k.img: the file is empty", refusal(new byte[0]));
        assertEquals("not an ARM image: k.img: a text file, not a binary image",
                refusal("#!/bin/sh\necho this is not a kernel\n".getBytes(StandardCharsets.US_ASCII)));
    }

    private static void putLe(byte[] b, int offset, int word) {
        b[offset] = (byte) word;
        b[offset + 1] = (byte) (word >>> 8);
        b[offset + 2] = (byte) (word >>> 16);
        b[offset + 3] = (byte) (word >>> 24);
    }
}
