package dev.hilfarm.emulator.system;

/**
 * Fault status values of the ARMv7 short-descriptor format (DFSR/IFSR, B4.1.52 and B4.1.96 of the
 * ARMv7-A reference manual). A status register value is FS[3:0] in bits 3-0, the domain in bits
 * 7-4, FS[4] in bit 10 and, for data aborts, WnR in bit 11.
 *
 * <p>External aborts (on a walk or an access) cannot happen here: the physical bus answers every
 * address, reading zero where nothing is decoded, as QEMU's vexpress-a9 does.
 */
public final class FaultStatus {
    public static final int ALIGNMENT = 0x01;
    /** A BKPT instruction or other debug event, reported in IFSR. */
    public static final int DEBUG_EVENT = 0x02;
    public static final int ACCESS_FLAG_SECTION = 0x03;
    public static final int TRANSLATION_SECTION = 0x05;
    public static final int ACCESS_FLAG_PAGE = 0x06;
    public static final int TRANSLATION_PAGE = 0x07;
    public static final int DOMAIN_SECTION = 0x09;
    public static final int DOMAIN_PAGE = 0x0b;
    public static final int PERMISSION_SECTION = 0x0d;
    public static final int PERMISSION_PAGE = 0x0f;

    /** DFSR.WnR: the abort was caused by a write. */
    public static final int WRITE = 1 << 11;

    private FaultStatus() {
    }

    /** The status register value for a fault of {@code status} (FS) in {@code domain}. */
    public static int of(int status, int domain) {
        return (status & 0xf) | ((status & 0x10) << 6) | (domain << 4);
    }

    /** What a DFSR/IFSR value says, for traces and reports: "translation fault (page), domain 0, write". */
    public static String describe(int statusRegister) {
        int fs = (statusRegister & 0xf) | ((statusRegister >>> 6) & 0x10);
        String kind = switch (fs) {
            case ALIGNMENT -> "alignment fault";
            case DEBUG_EVENT -> "debug event";
            case ACCESS_FLAG_SECTION -> "access flag fault (section)";
            case TRANSLATION_SECTION -> "translation fault (section)";
            case ACCESS_FLAG_PAGE -> "access flag fault (page)";
            case TRANSLATION_PAGE -> "translation fault (page)";
            case DOMAIN_SECTION -> "domain fault (section)";
            case DOMAIN_PAGE -> "domain fault (page)";
            case PERMISSION_SECTION -> "permission fault (section)";
            case PERMISSION_PAGE -> "permission fault (page)";
            default -> String.format("fault status 0x%02x", fs);
        };
        return kind + ", domain " + ((statusRegister >>> 4) & 0xf) + ((statusRegister & WRITE) != 0 ? ", write" : "");
    }

    /** PAR after a failed address translation operation: F = 1, FS[3:0] in bits 4-1, FS[4] in bit 5, ExT in bit 6. */
    public static int parOf(int statusRegister) {
        return ((statusRegister & (1 << 10)) >>> 5) | ((statusRegister & (1 << 12)) >>> 6) | ((statusRegister & 0xf) << 1) | 1;
    }
}
