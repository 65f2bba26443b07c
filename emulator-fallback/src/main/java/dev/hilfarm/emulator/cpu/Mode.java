package dev.hilfarm.emulator.cpu;

/**
 * ARMv7-A processor modes (CPSR.M encodings) and the index of each mode's register bank.
 * Monitor and Hyp are not implemented: a Cortex-A9 here has no Security or Virtualization
 * Extensions visible to software, as on QEMU's vexpress-a9 without -secure.
 */
public final class Mode {
    public static final int USR = 0x10;
    public static final int FIQ = 0x11;
    public static final int IRQ = 0x12;
    public static final int SVC = 0x13;
    public static final int ABT = 0x17;
    public static final int UND = 0x1b;
    public static final int SYS = 0x1f;

    /** Bank indices: USR and SYS share bank 0. */
    public static final int BANK_USR = 0;
    public static final int BANK_FIQ = 1;
    public static final int BANK_IRQ = 2;
    public static final int BANK_SVC = 3;
    public static final int BANK_ABT = 4;
    public static final int BANK_UND = 5;
    public static final int BANKS = 6;

    private Mode() {
    }

    public static boolean isValid(int mode) {
        return bankOf(mode) >= 0;
    }

    /** The register bank of a mode, or -1 for an encoding that is not a valid mode here. */
    public static int bankOf(int mode) {
        switch (mode) {
            case USR:
            case SYS:
                return BANK_USR;
            case FIQ:
                return BANK_FIQ;
            case IRQ:
                return BANK_IRQ;
            case SVC:
                return BANK_SVC;
            case ABT:
                return BANK_ABT;
            case UND:
                return BANK_UND;
            default:
                return -1;
        }
    }

    public static boolean hasSpsr(int mode) {
        return mode != USR && mode != SYS && isValid(mode);
    }

    public static String name(int mode) {
        switch (mode) {
            case USR: return "usr";
            case FIQ: return "fiq";
            case IRQ: return "irq";
            case SVC: return "svc";
            case ABT: return "abt";
            case UND: return "und";
            case SYS: return "sys";
            default: return String.format("mode 0x%02x", mode);
        }
    }
}
