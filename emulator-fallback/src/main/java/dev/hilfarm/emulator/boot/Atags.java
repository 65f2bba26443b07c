package dev.hilfarm.emulator.boot;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The ATAG list QEMU writes at RAM base + 0x100 when a kernel is booted without a dtb
 * ({@code set_kernel_args} in hw/arm/boot.c): CORE, MEM, INITRD2 (with an initrd), CMDLINE (with
 * a non-empty command line), END. Each tag is a size in words (header included), a tag number
 * and its data, all little-endian words.
 */
final class Atags {
    static final int ATAG_CORE = 0x54410001;
    static final int ATAG_MEM = 0x54410002;
    static final int ATAG_INITRD2 = 0x54420005;
    static final int ATAG_CMDLINE = 0x54410009;
    private static final int CORE_FLAGS_READONLY = 1;
    private static final int CORE_PAGE_SIZE = 0x1000;

    private Atags() {
    }

    static byte[] list(long ramBase, long ramSize, long initrdStart, long initrdSize, String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        words(out, 5, ATAG_CORE, CORE_FLAGS_READONLY, CORE_PAGE_SIZE, 0);
        words(out, 4, ATAG_MEM, (int) ramSize, (int) ramBase);
        if (initrdSize > 0) {
            words(out, 4, ATAG_INITRD2, (int) initrdStart, (int) initrdSize);
        }
        if (commandLine != null && !commandLine.isEmpty()) {
            byte[] text = commandLine.getBytes(StandardCharsets.UTF_8);
            // The string and its NUL, in whole words: (length / 4) + 1 of them.
            int textWords = (text.length >> 2) + 1;
            words(out, textWords + 2, ATAG_CMDLINE);
            byte[] padded = new byte[textWords * 4];
            System.arraycopy(text, 0, padded, 0, text.length);
            out.writeBytes(padded);
        }
        words(out, 0, 0);
        return out.toByteArray();
    }

    private static void words(ByteArrayOutputStream out, int... words) {
        byte[] bytes = new byte[4];
        for (int w : words) {
            BootStub.putLe32(bytes, 0, w);
            out.writeBytes(bytes);
        }
    }
}
