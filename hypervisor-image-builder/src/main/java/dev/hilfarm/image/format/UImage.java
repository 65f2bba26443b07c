package dev.hilfarm.image.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A legacy U-Boot image ({@code uImage}): a 64-byte big-endian header followed by the payload.
 * The header carries CRC-32s of itself (with its own CRC field zeroed) and of the payload;
 * U-Boot's {@code bootm} refuses an image whose CRCs do not match.
 *
 * @param timestamp seconds since the epoch, unsigned 32 bits (mkimage takes SOURCE_DATE_EPOCH)
 * @param loadAddress where U-Boot copies the payload, unsigned 32 bits
 * @param entryPoint where it jumps, unsigned 32 bits
 * @param name at most 32 bytes of ASCII, NUL-padded in the header
 */
public record UImage(String name, int timestamp, long loadAddress, long entryPoint,
                     ImageOs os, ImageArch arch, ImageType type, ImageCompression compression, byte[] data) {
    public static final int MAGIC = 0x27051956;
    public static final int HEADER_SIZE = 64;
    private static final int NAME_SIZE = 32;

    public UImage {
        if (name.getBytes(StandardCharsets.US_ASCII).length > NAME_SIZE) {
            throw new IllegalArgumentException("a uImage name has at most 32 bytes: \"" + name + "\"");
        }
        if ((loadAddress >>> 32) != 0 || (entryPoint >>> 32) != 0) {
            throw new IllegalArgumentException("uImage load and entry addresses are 32-bit");
        }
    }

    /** A Linux kernel for ARM, uncompressed, loaded and entered at {@code address}. */
    public static UImage armLinuxKernel(String name, long address, int timestamp, byte[] kernel) {
        return new UImage(name, timestamp, address, address, ImageOs.LINUX, ImageArch.ARM, ImageType.KERNEL, ImageCompression.NONE, kernel);
    }

    /**
     * A multi-file image ({@code mkimage -T multi -d a:b:c}): the payload is a table of the parts'
     * sizes (big-endian, ended by a zero word), then the parts, each but the last padded to 4 bytes.
     * U-Boot's {@code bootm} takes the first as the kernel and the second as the ramdisk.
     */
    public static UImage multi(String name, int timestamp, long loadAddress, long entryPoint, ImageOs os, ImageArch arch,
                               ImageCompression compression, java.util.List<byte[]> parts) {
        int size = 4 * (parts.size() + 1);
        for (int i = 0; i < parts.size(); i++) {
            size += i == parts.size() - 1 ? parts.get(i).length : (parts.get(i).length + 3) & ~3;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        parts.forEach(p -> b.putInt(p.length));
        b.putInt(0);
        for (int i = 0; i < parts.size(); i++) {
            b.put(parts.get(i));
            if (i < parts.size() - 1) {
                b.position((b.position() + 3) & ~3);
            }
        }
        return new UImage(name, timestamp, loadAddress, entryPoint, os, arch, ImageType.MULTI, compression, b.array());
    }

    /** The parts of a multi-file image; {@code source} names it in errors, whose offsets count from the file's start. */
    public java.util.List<byte[]> parts(String source) {
        if (type != ImageType.MULTI) {
            return java.util.List.of(data.clone());
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        java.util.List<Long> sizes = new java.util.ArrayList<>();
        while (true) {
            if (b.remaining() < 4) {
                throw new ImageFormatException(source, HEADER_SIZE + b.position(), "the multi-file size table has no terminating zero");
            }
            long size = b.getInt() & 0xffffffffL;
            if (size == 0) {
                break;
            }
            sizes.add(size);
        }
        java.util.List<byte[]> parts = new java.util.ArrayList<>();
        long at = b.position();
        for (int i = 0; i < sizes.size(); i++) {
            if (at + sizes.get(i) > data.length) {
                throw new ImageFormatException(source, HEADER_SIZE + data.length, "part " + i + " (" + sizes.get(i) + " bytes from byte "
                        + (HEADER_SIZE + at) + ") runs past the end of the payload");
            }
            parts.add(java.util.Arrays.copyOfRange(data, (int) at, (int) (at + sizes.get(i))));
            at = (at + sizes.get(i) + 3) & ~3L;
        }
        return parts;
    }

    /** Writes the image atomically (temporary file, then rename). */
    public void write(java.nio.file.Path target) throws java.io.IOException {
        dev.hilfarm.image.AtomicFiles.write(target, toBytes());
    }

    /** Header and payload. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + data.length);
        b.putInt(MAGIC).putInt(0).putInt(timestamp).putInt(data.length)
                .putInt((int) loadAddress).putInt((int) entryPoint).putInt(crc32(data, 0, data.length));
        b.put((byte) os.code()).put((byte) arch.code()).put((byte) type.code()).put((byte) compression.code());
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        b.put(nameBytes).put(new byte[NAME_SIZE - nameBytes.length]);
        b.put(data);
        byte[] bytes = b.array();
        ByteBuffer.wrap(bytes).putInt(4, crc32(bytes, 0, HEADER_SIZE));
        return bytes;
    }

    /** Reads and checks an image; {@code source} names it in errors. Bytes after the payload are ignored, as U-Boot does. */
    public static UImage parse(String source, byte[] bytes) {
        if (bytes.length < HEADER_SIZE) {
            throw new ImageFormatException(source, bytes.length, "file ends inside the 64-byte uImage header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(0) != MAGIC) {
            throw new ImageFormatException(source, 0, String.format("not a uImage: magic 0x%08x, expected 0x%08x", b.getInt(0), MAGIC));
        }
        byte[] header = java.util.Arrays.copyOf(bytes, HEADER_SIZE);
        ByteBuffer.wrap(header).putInt(4, 0);
        int headerCrc = crc32(header, 0, HEADER_SIZE);
        if (headerCrc != b.getInt(4)) {
            throw new ImageFormatException(source, 4, String.format("header CRC is 0x%08x, the header's bytes give 0x%08x", b.getInt(4), headerCrc));
        }
        long size = b.getInt(12) & 0xffffffffL;
        if (HEADER_SIZE + size > bytes.length) {
            throw new ImageFormatException(source, bytes.length,
                    "file ends " + (HEADER_SIZE + size - bytes.length) + " bytes before the end of the " + size + "-byte payload the header announces");
        }
        int dataCrc = crc32(bytes, HEADER_SIZE, (int) size);
        if (dataCrc != b.getInt(24)) {
            throw new ImageFormatException(source, HEADER_SIZE,
                    String.format("payload CRC is 0x%08x, the header says 0x%08x", dataCrc, b.getInt(24)));
        }
        ImageOs os = ImageOs.ofCode(bytes[28] & 0xff).orElseThrow(() -> new ImageFormatException(source, 28, "unknown OS code " + (bytes[28] & 0xff)));
        ImageArch arch = ImageArch.ofCode(bytes[29] & 0xff).orElseThrow(() -> new ImageFormatException(source, 29, "unknown architecture code " + (bytes[29] & 0xff)));
        ImageType type = ImageType.ofCode(bytes[30] & 0xff).orElseThrow(() -> new ImageFormatException(source, 30, "unknown image type code " + (bytes[30] & 0xff)));
        ImageCompression comp = ImageCompression.ofCode(bytes[31] & 0xff)
                .orElseThrow(() -> new ImageFormatException(source, 31, "unknown compression code " + (bytes[31] & 0xff)));
        int nameEnd = 32;
        while (nameEnd < 64 && bytes[nameEnd] != 0) {
            nameEnd++;
        }
        String name = new String(bytes, 32, nameEnd - 32, StandardCharsets.US_ASCII);
        byte[] data = java.util.Arrays.copyOfRange(bytes, HEADER_SIZE, HEADER_SIZE + (int) size);
        return new UImage(name, b.getInt(8), b.getInt(16) & 0xffffffffL, b.getInt(20) & 0xffffffffL, os, arch, type, comp, data);
    }

    /** What {@code hil image inspect} prints. */
    public String describe(String source) {
        String head = describe();
        if (type != ImageType.MULTI) {
            return head;
        }
        StringBuilder b = new StringBuilder(head);
        java.util.List<byte[]> parts = parts(source);
        for (int i = 0; i < parts.size(); i++) {
            b.append(String.format("%n  part %d: %d bytes", i, parts.get(i).length));
        }
        return b.toString();
    }

    private String describe() {
        return String.format("legacy uImage \"%s\": %s %s %s, compression %s, %d bytes payload, load 0x%08x, entry 0x%08x, created %s",
                name, arch.ubootName(), os.ubootName(), type.ubootName(), compression.ubootName(), data.length, loadAddress, entryPoint,
                java.time.Instant.ofEpochSecond(timestamp & 0xffffffffL));
    }

    static int crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
