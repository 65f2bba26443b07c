package dev.hilfarm.board;

/** A USB vendor:product pair, written as lsusb prints it ("0451:d00e"). */
public record UsbId(int vendor, int product) {
    public UsbId {
        if (vendor < 0 || vendor > 0xffff || product < 0 || product > 0xffff) {
            throw new IllegalArgumentException("USB IDs are 16-bit: " + vendor + ":" + product);
        }
    }

    /** Parses "vvvv:pppp" (hex); returns null when the text is not of that form. */
    public static UsbId parseOrNull(String text) {
        if (!text.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")) {
            return null;
        }
        return new UsbId(Integer.parseInt(text.substring(0, 4), 16), Integer.parseInt(text.substring(5), 16));
    }

    @Override
    public String toString() {
        return String.format("%04x:%04x", vendor, product);
    }
}
