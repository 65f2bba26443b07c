package dev.hilfarm.emulator.boot;

import dev.hilfarm.emulator.machine.InvalidImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file given as {@code -kernel}, and what kind of image it is. QEMU boots an ELF executable at
 * its entry point and treats anything else as a Linux kernel for direct boot; this class tells
 * the kinds apart, and refuses files that are recognisably not 32-bit little-endian ARM images
 * (other architectures' kernels and executables, compressed or U-Boot-wrapped kernels, text)
 * with a message that says what the file is instead.
 *
 * @param name  the file's name, for messages
 * @param kind  how it boots
 * @param bytes the file's contents (not copied)
 */
public record KernelImage(String name, Kind kind, byte[] bytes) {
    /** How an image boots. */
    public enum Kind {
        /** An ARM ELF executable: its segments are loaded and it starts at its entry point. */
        ELF,
        /** A Linux zImage (magic 0x016f2818 at offset 0x24): direct Linux boot. */
        ZIMAGE,
        /** Any other binary: QEMU boots it like a Linux kernel, at RAM base + 0x10000. */
        RAW
    }

    /** The zImage header: magic at 0x24, start and end addresses at 0x28 and 0x2c, endianness flag at 0x30. */
    public static final int ZIMAGE_MAGIC_OFFSET = 0x24;
    public static final int ZIMAGE_MAGIC = 0x016f2818;
    static final int ZIMAGE_ENDIAN_OFFSET = 0x30;
    static final int ZIMAGE_LITTLE_ENDIAN = 0x04030201;
    private static final int EM_ARM = 40;
    private static final int UIMAGE_MAGIC = 0x27051956;
    private static final int ARM64_MAGIC_OFFSET = 0x38;
    private static final int BZIMAGE_SIGNATURE_OFFSET = 0x202;
    private static final int TEXT_PROBE = 512;

    /** Reads and classifies a file. */
    public static KernelImage read(Path file) throws IOException {
        return detect(file.toString(), Files.readAllBytes(file));
    }

    /**
     * Classifies {@code bytes}; throws {@link InvalidImageException} with
     * {@code not an ARM image: NAME: what it is} for files no ARM board could boot.
     */
    public static KernelImage detect(String name, byte[] bytes) {
        if (bytes.length == 0) {
            throw notArm(name, "the file is empty");
        }
        if (bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
            checkElf(name, bytes);
            return new KernelImage(name, Kind.ELF, bytes);
        }
        if (bytes.length >= ZIMAGE_MAGIC_OFFSET + 4) {
            int magic = le32(bytes, ZIMAGE_MAGIC_OFFSET);
            if (magic == ZIMAGE_MAGIC) {
                if (bytes.length >= ZIMAGE_ENDIAN_OFFSET + 4 && le32(bytes, ZIMAGE_ENDIAN_OFFSET) == Integer.reverseBytes(ZIMAGE_LITTLE_ENDIAN)) {
                    throw notArm(name, "a big-endian (BE8) zImage; the emulated board runs little-endian kernels");
                }
                return new KernelImage(name, Kind.ZIMAGE, bytes);
            }
            if (magic == Integer.reverseBytes(ZIMAGE_MAGIC)) {
                throw notArm(name, "a big-endian zImage; the emulated board runs little-endian kernels");
            }
        }
        if (bytes.length >= 4 && be32(bytes, 0) == UIMAGE_MAGIC) {
            throw notArm(name, "a U-Boot legacy image (uImage); boot the zImage inside it "
                    + "(dumpimage -T kernel -p 0 -o zImage " + name + ", or drop its first 64 bytes)");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            throw notArm(name, "gzip-compressed data; a 32-bit ARM kernel is booted as a zImage, which decompresses itself");
        }
        if (bytes.length >= ARM64_MAGIC_OFFSET + 4 && bytes[ARM64_MAGIC_OFFSET] == 'A' && bytes[ARM64_MAGIC_OFFSET + 1] == 'R'
                && bytes[ARM64_MAGIC_OFFSET + 2] == 'M' && bytes[ARM64_MAGIC_OFFSET + 3] == 0x64) {
            throw notArm(name, "an arm64 (AArch64) kernel Image; the emulated Cortex-A9 runs 32-bit ARM kernels");
        }
        if (bytes.length >= BZIMAGE_SIGNATURE_OFFSET + 4 && bytes[BZIMAGE_SIGNATURE_OFFSET] == 'H' && bytes[BZIMAGE_SIGNATURE_OFFSET + 1] == 'd'
                && bytes[BZIMAGE_SIGNATURE_OFFSET + 2] == 'r' && bytes[BZIMAGE_SIGNATURE_OFFSET + 3] == 'S') {
            throw notArm(name, "an x86 Linux kernel (bzImage)");
        }
        if (bytes.length >= 2 && bytes[0] == 'M' && bytes[1] == 'Z') {
            throw notArm(name, "a PE/COFF executable (EFI or Windows) without the ARM zImage header");
        }
        if (isText(bytes)) {
            throw notArm(name, "a text file, not a binary image");
        }
        return new KernelImage(name, Kind.RAW, bytes);
    }

    private static void checkElf(String name, byte[] bytes) {
        if (bytes.length < 20) {
            throw notArm(name, "a truncated ELF file (" + bytes.length + " bytes)");
        }
        if (bytes[4] != 1) {
            throw notArm(name, bytes[4] == 2 ? "a 64-bit ELF file" : "an ELF file of unknown class " + bytes[4]);
        }
        if (bytes[5] != 1) {
            throw notArm(name, "a big-endian ELF file; the emulated board runs little-endian images");
        }
        int machine = (bytes[18] & 0xff) | ((bytes[19] & 0xff) << 8);
        if (machine != EM_ARM) {
            throw notArm(name, "an ELF file for " + elfMachine(machine));
        }
    }

    private static String elfMachine(int machine) {
        return switch (machine) {
            case 3 -> "x86 (ELF machine 3)";
            case 8 -> "MIPS (ELF machine 8)";
            case 20 -> "PowerPC (ELF machine 20)";
            case 21 -> "64-bit PowerPC (ELF machine 21)";
            case 62 -> "x86-64 (ELF machine 62)";
            case 183 -> "AArch64 (ELF machine 183)";
            case 243 -> "RISC-V (ELF machine 243)";
            default -> "ELF machine " + machine + " (ARM is " + EM_ARM + ")";
        };
    }

    /** Whether the first bytes are all printable text, as no ARM binary's first instructions are. */
    private static boolean isText(byte[] bytes) {
        int n = Math.min(bytes.length, TEXT_PROBE);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            boolean text = (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t';
            if (!text) {
                return false;
            }
        }
        return true;
    }

    private static InvalidImageException notArm(String name, String what) {
        return new InvalidImageException("not an ARM image: " + name + ": " + what);
    }

    static int le32(byte[] b, int offset) {
        return (b[offset] & 0xff) | ((b[offset + 1] & 0xff) << 8) | ((b[offset + 2] & 0xff) << 16) | ((b[offset + 3] & 0xff) << 24);
    }

    private static int be32(byte[] b, int offset) {
        return Integer.reverseBytes(le32(b, offset));
    }

    public int size() {
        return bytes.length;
    }
}
