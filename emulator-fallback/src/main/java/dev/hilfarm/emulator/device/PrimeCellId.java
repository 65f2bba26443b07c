package dev.hilfarm.emulator.device;

/**
 * The identification registers every AMBA PrimeCell answers at offsets 0xFE0-0xFFC of its
 * window: four peripheral ID bytes (part number, designer, revision) and the four bytes of the
 * component ID 0xB105F00D, one byte per word. Linux's AMBA bus reads them to pick a driver.
 */
public final class PrimeCellId {
    public static final int FIRST_OFFSET = 0xfe0;
    private static final int[] CELL_ID = {0x0d, 0xf0, 0x05, 0xb1};

    private final int[] bytes = new int[8];

    /** PeriphID0..3, lowest first, e.g. the PL011 as QEMU gives it: 0x11, 0x10, 0x14, 0x00. */
    public PrimeCellId(int id0, int id1, int id2, int id3) {
        bytes[0] = id0;
        bytes[1] = id1;
        bytes[2] = id2;
        bytes[3] = id3;
        System.arraycopy(CELL_ID, 0, bytes, 4, 4);
    }

    /** Whether a word offset in the device's window is one of the ID registers. */
    public static boolean covers(int offset) {
        return offset >= FIRST_OFFSET && offset <= 0xffc;
    }

    /** The ID register at a word-aligned offset in 0xFE0-0xFFC. */
    public int read(int offset) {
        return bytes[(offset - FIRST_OFFSET) >>> 2];
    }

    /** The 32-bit peripheral ID as Linux composes it (amba_device.periphid). */
    public int peripheralId() {
        return bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24;
    }
}
