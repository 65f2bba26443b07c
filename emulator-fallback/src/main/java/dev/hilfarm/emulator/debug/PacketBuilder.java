package dev.hilfarm.emulator.debug;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for the payload of one outgoing GDB remote-protocol packet. Appending
 * numbers and hex never allocates once the buffer has grown to the largest packet, so both the
 * stub and the lockstep client can build packets in loops without garbage.
 */
public final class PacketBuilder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    public PacketBuilder(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    public PacketBuilder clear() {
        length = 0;
        return this;
    }

    public int length() {
        return length;
    }

    /** The backing array; valid up to {@link #length()}. */
    public byte[] array() {
        return bytes;
    }

    public PacketBuilder append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Appends ASCII text (packet names, XML, error codes). */
    public PacketBuilder append(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Two lowercase hex digits for the low byte of {@code value}. */
    public PacketBuilder hexByte(int value) {
        ensure(2);
        bytes[length++] = HEX[(value >>> 4) & 0xf];
        bytes[length++] = HEX[value & 0xf];
        return this;
    }

    /** A 32-bit value in target (little-endian) byte order: 8 hex digits, low byte first. */
    public PacketBuilder hexLe32(int value) {
        for (int i = 0; i < 4; i++) {
            hexByte(value >>> (8 * i));
        }
        return this;
    }

    /** A 64-bit value in little-endian byte order: 16 hex digits. */
    public PacketBuilder hexLe64(long value) {
        hexLe32((int) value);
        return hexLe32((int) (value >>> 32));
    }

    /** A number as most-significant-digit-first hex without leading zeros (addresses, lengths). */
    public PacketBuilder hexNumber(long value) {
        if (value == 0) {
            return append('0');
        }
        int digits = (64 - Long.numberOfLeadingZeros(value) + 3) / 4;
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length++] = HEX[(int) (value >>> (4 * i)) & 0xf];
        }
        return this;
    }

    /**
     * Appends bytes of a binary reply (qXfer), escaping the characters the protocol reserves:
     * '$', '#', '}' and '*' become '}' followed by the byte XOR 0x20.
     */
    public PacketBuilder binary(byte[] data, int offset, int count) {
        ensure(2 * count);
        for (int i = offset; i < offset + count; i++) {
            byte b = data[i];
            if (b == '$' || b == '#' || b == '}' || b == '*') {
                bytes[length++] = '}';
                bytes[length++] = (byte) (b ^ 0x20);
            } else {
                bytes[length++] = b;
            }
        }
        return this;
    }

    public String asString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
