package dev.hilfarm.emulator.debug;

/**
 * Hex as the GDB remote protocol writes it: numbers (addresses, lengths, register numbers) most
 * significant digit first, register and memory contents as bytes in target order (little-endian
 * here). Parsing works on byte ranges of a packet so that hot exchanges need no Strings.
 */
public final class Hex {
    public static final String DIGITS = "0123456789abcdef";

    private Hex() {
    }

    /** The value of one hex digit, or -1. */
    public static int digit(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    /** A little-endian 32-bit value from 8 hex digits at {@code offset}. */
    public static int le32(byte[] text, int offset) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= byteAt(text, offset + 2 * i) << (8 * i);
        }
        return value;
    }

    /** A little-endian 64-bit value from 16 hex digits at {@code offset}. */
    public static long le64(byte[] text, int offset) {
        return (le32(text, offset) & 0xffffffffL) | ((long) le32(text, offset + 8) << 32);
    }

    /** One byte from two hex digits; throws on anything that is not hex. */
    public static int byteAt(byte[] text, int offset) {
        int high = digit(text[offset]);
        int low = digit(text[offset + 1]);
        if (high < 0 || low < 0) {
            throw new NumberFormatException("not a hex byte at offset " + offset);
        }
        return (high << 4) | low;
    }

    /** A little-endian value from a String of hex bytes (e.g. a 'p' reply). */
    public static long leValue(String hex) {
        long value = 0;
        for (int i = 0; i + 1 < hex.length() && i < 16; i += 2) {
            int high = digit(hex.charAt(i));
            int low = digit(hex.charAt(i + 1));
            if (high < 0 || low < 0) {
                throw new NumberFormatException("not hex: " + hex);
            }
            value |= (long) ((high << 4) | low) << (4 * i);
        }
        return value;
    }

    /** An unsigned number written most significant digit first, e.g. an address. */
    public static long number(String text) {
        if (text.isEmpty() || text.length() > 16) {
            throw new NumberFormatException("not a hex number: '" + text + "'");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int d = digit(text.charAt(i));
            if (d < 0) {
                throw new NumberFormatException("not a hex number: '" + text + "'");
            }
            value = (value << 4) | d;
        }
        return value;
    }

    /** Decodes a String of hex byte pairs into bytes. */
    public static byte[] bytes(String hex) {
        if ((hex.length() & 1) != 0) {
            throw new NumberFormatException("odd number of hex digits");
        }
        byte[] result = new byte[hex.length() / 2];
        for (int i = 0; i < result.length; i++) {
            int high = digit(hex.charAt(2 * i));
            int low = digit(hex.charAt(2 * i + 1));
            if (high < 0 || low < 0) {
                throw new NumberFormatException("not hex: " + hex);
            }
            result[i] = (byte) ((high << 4) | low);
        }
        return result;
    }

    /** Formats a 32-bit value as 0x-prefixed 8 hex digits, for reports. */
    public static String word(int value) {
        return String.format("0x%08x", value);
    }
}
