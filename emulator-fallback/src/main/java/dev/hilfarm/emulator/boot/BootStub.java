package dev.hilfarm.emulator.boot;

/**
 * The code QEMU writes at the RAM base for a direct Linux boot on a 32-bit core without
 * board-specific setup: the primary CPU starts here after every reset, loads the boot protocol's
 * registers and jumps to the kernel. Seven words, little-endian:
 * <pre>
 *   mov r0, #0          ; e3a00000
 *   ldr r1, [pc, #4]    ; e59f1004  -> board ID
 *   ldr r2, [pc, #4]    ; e59f2004  -> dtb or ATAG address
 *   ldr pc, [pc, #4]    ; e59ff004  -> kernel entry
 *   .word board ID, args address, kernel entry
 * </pre>
 * The core enters it as it leaves reset: SVC mode, ARM state, IRQ, FIQ and asynchronous aborts
 * masked, MMU and caches off, which is what the kernel's boot protocol asks for.
 */
public final class BootStub {
    static final int MOV_R0_0 = 0xe3a00000;
    static final int LDR_R1_PC_4 = 0xe59f1004;
    static final int LDR_R2_PC_4 = 0xe59f2004;
    static final int LDR_PC_PC_4 = 0xe59ff004;
    public static final int SIZE = 7 * 4;

    private BootStub() {
    }

    /** The stub's bytes for the given board ID, r2 value and kernel entry point. */
    public static byte[] code(int boardId, int argsAddress, int kernelEntry) {
        int[] words = {MOV_R0_0, LDR_R1_PC_4, LDR_R2_PC_4, LDR_PC_PC_4, boardId, argsAddress, kernelEntry};
        byte[] bytes = new byte[SIZE];
        for (int i = 0; i < words.length; i++) {
            putLe32(bytes, i * 4, words[i]);
        }
        return bytes;
    }

    static void putLe32(byte[] bytes, int offset, int word) {
        bytes[offset] = (byte) word;
        bytes[offset + 1] = (byte) (word >>> 8);
        bytes[offset + 2] = (byte) (word >>> 16);
        bytes[offset + 3] = (byte) (word >>> 24);
    }
}
