package dev.hilfarm.harness.flash;

import dev.hilfarm.board.UsbId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A DFU file: the firmware followed by the 16-byte DFU suffix of DFU 1.1 (bcdDevice, idProduct,
 * idVendor, bcdDFU, "UFD", its length and a CRC over everything before the CRC), as dfu-util's
 * dfu-suffix writes it. For DfuSe (bcdDFU 0x011a) the firmware is ST's DfuSe container: a
 * "DfuSe" prefix, then targets (one per alternate setting) holding elements (address, bytes).
 */
public record DfuFile(byte[] firmware, UsbId id, int bcdDevice, int bcdDfu) {
    public static final int SUFFIX_LENGTH = 16;
    public static final int DFU_1_1 = 0x0110;
    public static final int DFUSE = 0x011a;

    /** One memory element of a DfuSe target: {@code data} goes to {@code address}. */
    public record Element(long address, byte[] data) {
    }

    /** The elements for one alternate setting. */
    public record Target(int alternate, String name, List<Element> elements) {
        public Target {
            elements = List.copyOf(elements);
        }
    }

    /** The file's bytes: firmware, then the suffix with its CRC. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(firmware.length + SUFFIX_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(firmware);
        b.putShort((short) bcdDevice).putShort((short) id.product()).putShort((short) id.vendor()).putShort((short) bcdDfu);
        b.put((byte) 'U').put((byte) 'F').put((byte) 'D').put((byte) SUFFIX_LENGTH);
        byte[] bytes = b.array();
        b.putInt(bytes.length - 4, (int) crc(bytes, bytes.length - 4));
        return bytes;
    }

    /** Reads a file with a DFU suffix, checking signature, length and CRC; errors name the byte offset. */
    public static DfuFile parse(String source, byte[] bytes) {
        if (bytes.length < SUFFIX_LENGTH) {
            throw new IllegalArgumentException(source + ": " + bytes.length + " bytes, too short for a 16-byte DFU suffix");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int s = bytes.length - SUFFIX_LENGTH;
        if (bytes[s + 8] != 'U' || bytes[s + 9] != 'F' || bytes[s + 10] != 'D') {
            throw new IllegalArgumentException(String.format("%s: byte offset %d: no DFU suffix (expected \"UFD\")", source, s + 8));
        }
        int length = bytes[s + 11] & 0xff;
        if (length < SUFFIX_LENGTH || length > bytes.length) {
            throw new IllegalArgumentException(String.format("%s: byte offset %d: DFU suffix length %d", source, s + 11, length));
        }
        long stored = Integer.toUnsignedLong(b.getInt(bytes.length - 4));
        long computed = crc(bytes, bytes.length - 4);
        if (stored != computed) {
            throw new IllegalArgumentException(String.format("%s: byte offset %d: DFU suffix CRC 0x%08x, the file's is 0x%08x",
                    source, bytes.length - 4, stored, computed));
        }
        int bcdDevice = b.getShort(s) & 0xffff;
        int product = b.getShort(s + 2) & 0xffff;
        int vendor = b.getShort(s + 4) & 0xffff;
        int bcdDfu = b.getShort(s + 6) & 0xffff;
        return new DfuFile(Arrays.copyOf(bytes, bytes.length - length), new UsbId(vendor, product), bcdDevice, bcdDfu);
    }

    /** The DFU suffix's CRC: CRC-32 as dfu-util computes it (initial 0xffffffff, no final inversion). */
    static long crc(byte[] bytes, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, length);
        return ~crc.getValue() & 0xffffffffL;
    }

    /** A DfuSe file for {@code id} holding {@code targets}. */
    public static DfuFile dfuse(UsbId id, List<Target> targets) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Target t : targets) {
            long size = t.elements().stream().mapToLong(e -> 8 + e.data().length).sum();
            ByteBuffer h = ByteBuffer.allocate(274).order(ByteOrder.LITTLE_ENDIAN);
            h.put("Target".getBytes(StandardCharsets.US_ASCII)).put((byte) t.alternate()).putInt(t.name().isEmpty() ? 0 : 1);
            byte[] name = Arrays.copyOf(t.name().getBytes(StandardCharsets.US_ASCII), 255);
            h.put(name).putInt((int) size).putInt(t.elements().size());
            body.writeBytes(h.array());
            for (Element e : t.elements()) {
                ByteBuffer eh = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) e.address()).putInt(e.data().length);
                body.writeBytes(eh.array());
                body.writeBytes(e.data());
            }
        }
        byte[] images = body.toByteArray();
        ByteBuffer prefix = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put("DfuSe".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putInt(11 + images.length + SUFFIX_LENGTH)
                .put((byte) targets.size());
        byte[] firmware = Arrays.copyOf(prefix.array(), 11 + images.length);
        System.arraycopy(images, 0, firmware, 11, images.length);
        return new DfuFile(firmware, id, 0xffff, DFUSE);
    }

    /** The targets of a DfuSe file; structure errors name the byte offset. */
    public List<Target> dfuseTargets(String source) {
        if (bcdDfu != DFUSE) {
            throw new IllegalArgumentException(String.format("%s: bcdDFU 0x%04x, not a DfuSe file (0x011a)", source, bcdDfu));
        }
        ByteBuffer b = ByteBuffer.wrap(firmware).order(ByteOrder.LITTLE_ENDIAN);
        if (firmware.length < 11 || !new String(firmware, 0, 5, StandardCharsets.US_ASCII).equals("DfuSe")) {
            throw new IllegalArgumentException(source + ": byte offset 0: no \"DfuSe\" prefix");
        }
        if (firmware[5] != 1) {
            throw new IllegalArgumentException(source + ": byte offset 5: DfuSe format version " + firmware[5] + ", only 1 is known");
        }
        long imageSize = Integer.toUnsignedLong(b.getInt(6));
        if (imageSize != firmware.length + SUFFIX_LENGTH) {
            throw new IllegalArgumentException(source + ": byte offset 6: DfuSe image size " + imageSize + ", the file holds "
                    + (firmware.length + SUFFIX_LENGTH));
        }
        int count = firmware[10] & 0xff;
        List<Target> targets = new ArrayList<>();
        int at = 11;
        for (int t = 0; t < count; t++) {
            if (at + 274 > firmware.length || !new String(firmware, at, 6, StandardCharsets.US_ASCII).equals("Target")) {
                throw new IllegalArgumentException(source + ": byte offset " + at + ": target " + t + " does not start with \"Target\"");
            }
            int alternate = firmware[at + 6] & 0xff;
            boolean named = b.getInt(at + 7) != 0;
            String name = named ? new String(firmware, at + 11, 255, StandardCharsets.US_ASCII).replaceAll("\u0000.*", "") : "";
            long size = Integer.toUnsignedLong(b.getInt(at + 266));
            long elements = Integer.toUnsignedLong(b.getInt(at + 270));
            int body = at + 274;
            if (body + size > firmware.length) {
                throw new IllegalArgumentException(source + ": byte offset " + (at + 266) + ": target " + t + " says " + size
                        + " bytes, the file ends before");
            }
            List<Element> list = new ArrayList<>();
            int e = body;
            for (long i = 0; i < elements; i++) {
                if (e + 8 > body + size) {
                    throw new IllegalArgumentException(source + ": byte offset " + e + ": element " + i + " of target " + t
                            + " runs past the target");
                }
                long address = Integer.toUnsignedLong(b.getInt(e));
                int length = b.getInt(e + 4);
                if (length < 0 || e + 8L + length > body + size) {
                    throw new IllegalArgumentException(source + ": byte offset " + (e + 4) + ": element " + i + " of target " + t
                            + " says " + Integer.toUnsignedLong(length) + " bytes, past the target");
                }
                list.add(new Element(address, Arrays.copyOfRange(firmware, e + 8, e + 8 + length)));
                e += 8 + length;
            }
            if (e != body + size) {
                throw new IllegalArgumentException(source + ": byte offset " + e + ": target " + t + "'s elements end before its size");
            }
            targets.add(new Target(alternate, name, list));
            at = body + (int) size;
        }
        return targets;
    }
}
