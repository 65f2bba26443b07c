package dev.hilfarm.emulator.cpu;

/**
 * ARM semihosting (SVC 0x123456 in ARM state, SVC 0xAB in Thumb, BKPT 0xAB), when enabled as with
 * QEMU's -semihosting. Returns true when the call was handled (r0 then holds its result).
 */
public interface Semihosting {
    boolean handle(Cpu cpu);
}
