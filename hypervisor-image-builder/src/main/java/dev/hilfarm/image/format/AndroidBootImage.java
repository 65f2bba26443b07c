package dev.hilfarm.image.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An Android boot image ({@code boot.img}) with header version 0, 1 or 2, laid out as AOSP's
 * mkbootimg lays it out: a little-endian header padded to one page, then the kernel, ramdisk,
 * second-stage loader, (v1+) recovery DTBO and (v2) dtb, each padded to a page. The {@code id}
 * field is the SHA-1 over each section followed by its 32-bit length.
 *
 * <p>Addresses are absolute; a section that is empty has address 0 for the ramdisk and second
 * stage, as mkbootimg writes them.
 */
public record AndroidBootImage(int headerVersion, int pageSize, byte[] kernel, byte[] ramdisk, byte[] second, byte[] recoveryDtbo,
                               byte[] dtb, long kernelAddress, long ramdiskAddress, long secondAddress, long tagsAddress,
                               long dtbAddress, int osVersion, String board, String cmdline) {
    public static final byte[] MAGIC = "ANDROID!".getBytes(StandardCharsets.US_ASCII);
    static final int V0_SIZE = 1632;
    static final int V1_SIZE = 1648;
    static final int V2_SIZE = 1660;
    private static final int BOARD_SIZE = 16;
    private static final int CMDLINE_SIZE = 512;
    private static final int EXTRA_CMDLINE_SIZE = 1024;

    public AndroidBootImage {
        if (headerVersion < 0 || headerVersion > 2) {
            throw new IllegalArgumentException("boot image header version " + headerVersion + " is not supported (0, 1 and 2 are)");
        }
        if (pageSize < 2048 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two of at least 2048");
        }
        if (board.getBytes(StandardCharsets.US_ASCII).length >= BOARD_SIZE) {
            throw new IllegalArgumentException("board name \"" + board + "\" is longer than 15 bytes");
        }
        if (cmdline.getBytes(StandardCharsets.US_ASCII).length > CMDLINE_SIZE + EXTRA_CMDLINE_SIZE) {
            throw new IllegalArgumentException("kernel command line is longer than 1536 bytes");
        }
        if (headerVersion == 2 && dtb.length == 0) {
            throw new IllegalArgumentException("a version 2 boot image needs a dtb");
        }
        if (headerVersion < 1 && recoveryDtbo.length > 0 || headerVersion < 2 && dtb.length > 0) {
            throw new IllegalArgumentException("header version " + headerVersion + " has no room for a recovery DTBO or dtb");
        }
    }

    /**
     * mkbootimg's defaults: base 0x10000000 with the kernel at +0x8000, ramdisk at +0x1000000,
     * second stage at +0xf00000, tags at +0x100, dtb at +0x1f00000; pages of 2048 bytes.
     */
    public static AndroidBootImage withDefaults(int headerVersion, byte[] kernel, byte[] ramdisk, byte[] dtb, String cmdline) {
        long base = 0x10000000L;
        return new AndroidBootImage(headerVersion, 2048, kernel, ramdisk, new byte[0], new byte[0], dtb, base + 0x8000,
                ramdisk.length > 0 ? base + 0x1000000 : 0, 0, base + 0x100, headerVersion == 2 ? base + 0x1f00000 : 0, 0, "", cmdline);
    }

    public static boolean hasMagic(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Writes the image atomically (temporary file, then rename). */
    public void write(java.nio.file.Path target) throws java.io.IOException {
        dev.hilfarm.image.AtomicFiles.write(target, toBytes());
    }

    public byte[] toBytes() {
        ByteBuffer h = ByteBuffer.allocate(pageSize).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC);
        h.putInt(kernel.length).putInt((int) kernelAddress).putInt(ramdisk.length).putInt((int) ramdiskAddress)
                .putInt(second.length).putInt((int) secondAddress).putInt((int) tagsAddress).putInt(pageSize)
                .putInt(headerVersion).putInt(osVersion);
        putPadded(h, board.getBytes(StandardCharsets.US_ASCII), BOARD_SIZE);
        byte[] cmd = cmdline.getBytes(StandardCharsets.US_ASCII);
        putPadded(h, Arrays.copyOf(cmd, Math.min(cmd.length, CMDLINE_SIZE)), CMDLINE_SIZE);
        putPadded(h, id(), 32);
        putPadded(h, cmd.length > CMDLINE_SIZE ? Arrays.copyOfRange(cmd, CMDLINE_SIZE, cmd.length) : new byte[0], EXTRA_CMDLINE_SIZE);
        if (headerVersion >= 1) {
            h.putInt(recoveryDtbo.length).putLong(recoveryDtbo.length > 0 ? recoveryDtboOffset() : 0);
            h.putInt(headerVersion == 1 ? V1_SIZE : V2_SIZE);
        }
        if (headerVersion == 2) {
            h.putInt(dtb.length).putLong(dtbAddress);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        for (byte[] section : sections()) {
            out.writeBytes(section);
            out.writeBytes(new byte[pad(section.length) - section.length]);
        }
        return out.toByteArray();
    }

    private byte[][] sections() {
        return switch (headerVersion) {
            case 0 -> new byte[][] {kernel, ramdisk, second};
            case 1 -> new byte[][] {kernel, ramdisk, second, recoveryDtbo};
            default -> new byte[][] {kernel, ramdisk, second, recoveryDtbo, dtb};
        };
    }

    private long recoveryDtboOffset() {
        return pageSize + (long) pad(kernel.length) + pad(ramdisk.length) + pad(second.length);
    }

    private int pad(int length) {
        return (length + pageSize - 1) / pageSize * pageSize;
    }

    /** SHA-1 over each section and its 32-bit little-endian length (mkbootimg's image id). */
    byte[] id() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            for (byte[] section : sections()) {
                sha.update(section);
                sha.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(section.length).array());
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putPadded(ByteBuffer b, byte[] value, int size) {
        b.put(value).put(new byte[size - value.length]);
    }

    /** Reads and checks a boot image; {@code source} names it in errors. */
    public static AndroidBootImage parse(String source, byte[] bytes) {
        if (!hasMagic(bytes)) {
            throw new ImageFormatException(source, 0, "not an Android boot image: no ANDROID! magic");
        }
        if (bytes.length < V0_SIZE) {
            throw new ImageFormatException(source, bytes.length, "file ends inside the boot image header");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = h.getInt(40);
        if (version < 0 || version > 2) {
            throw new ImageFormatException(source, 40, "header version " + version + " is not supported (0, 1 and 2 are)");
        }
        int pageSize = h.getInt(36);
        if (pageSize < 2048 || Integer.bitCount(pageSize) != 1) {
            throw new ImageFormatException(source, 36, "page size " + pageSize + " is not a power of two of at least 2048");
        }
        int headerSize = version == 0 ? V0_SIZE : version == 1 ? V1_SIZE : V2_SIZE;
        if (bytes.length < headerSize) {
            throw new ImageFormatException(source, bytes.length, "file ends inside the version " + version + " boot image header");
        }
        if (version >= 1 && h.getInt(1644) != headerSize) {
            throw new ImageFormatException(source, 1644, "header size field is " + h.getInt(1644) + ", version " + version + " has " + headerSize);
        }
        int[] sizes = version == 0 ? new int[] {h.getInt(8), h.getInt(16), h.getInt(24)}
                : version == 1 ? new int[] {h.getInt(8), h.getInt(16), h.getInt(24), h.getInt(1632)}
                : new int[] {h.getInt(8), h.getInt(16), h.getInt(24), h.getInt(1632), h.getInt(1648)};
        String[] names = {"kernel", "ramdisk", "second stage", "recovery DTBO", "dtb"};
        int[] sizeFields = {8, 16, 24, 1632, 1648};
        byte[][] sections = new byte[5][];
        Arrays.fill(sections, new byte[0]);
        long at = pageSize;
        for (int i = 0; i < sizes.length; i++) {
            long size = sizes[i] & 0xffffffffL;
            if (at + size > bytes.length) {
                throw new ImageFormatException(source, bytes.length, String.format("file ends inside the %s: header (byte %d) says %d bytes from byte %d",
                        names[i], sizeFields[i], size, at));
            }
            sections[i] = Arrays.copyOfRange(bytes, (int) at, (int) (at + size));
            at += (size + pageSize - 1) / pageSize * pageSize;
        }
        String board = cString(bytes, 48, BOARD_SIZE);
        String cmd = cString(bytes, 64, CMDLINE_SIZE);
        if (cmd.length() == CMDLINE_SIZE) {
            cmd += cString(bytes, 608, EXTRA_CMDLINE_SIZE);
        }
        AndroidBootImage image = new AndroidBootImage(version, pageSize, sections[0], sections[1], sections[2], sections[3], sections[4],
                h.getInt(12) & 0xffffffffL, h.getInt(20) & 0xffffffffL, h.getInt(28) & 0xffffffffL, h.getInt(32) & 0xffffffffL,
                version == 2 ? h.getLong(1652) : 0, h.getInt(44), board, cmd);
        byte[] id = Arrays.copyOfRange(bytes, 576, 576 + 20);
        if (!Arrays.equals(id, image.id())) {
            throw new ImageFormatException(source, 576, "the id (SHA-1 of the sections) does not match the sections: a section was changed");
        }
        return image;
    }

    private static String cString(byte[] bytes, int at, int max) {
        int end = at;
        while (end < at + max && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }

    public String describe() {
        StringBuilder b = new StringBuilder(String.format("Android boot image v%d, page size %d, board \"%s\"%n", headerVersion, pageSize, board));
        b.append(String.format("  kernel: %d bytes at 0x%08x%n", kernel.length, kernelAddress));
        b.append(String.format("  ramdisk: %d bytes at 0x%08x%n", ramdisk.length, ramdiskAddress));
        b.append(String.format("  second stage: %d bytes at 0x%08x%n", second.length, secondAddress));
        if (headerVersion >= 1) {
            b.append(String.format("  recovery DTBO: %d bytes%n", recoveryDtbo.length));
        }
        if (headerVersion == 2) {
            b.append(String.format("  dtb: %d bytes at 0x%08x%n", dtb.length, dtbAddress));
        }
        b.append(String.format("  tags at 0x%08x, os version 0x%08x%n", tagsAddress, osVersion));
        b.append("  cmdline: ").append(cmdline);
        return b.toString();
    }
}
