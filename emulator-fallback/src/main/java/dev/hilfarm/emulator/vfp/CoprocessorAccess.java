package dev.hilfarm.emulator.vfp;

/**
 * Where the VFP unit reads the Coprocessor Access Control Register (CP15 c1, c0, 2). CP15 owns
 * CPACR and implements this; the VFP unit asks on every instruction, so a write to CPACR takes
 * effect on the next VFP instruction without anyone having to push it.
 *
 * <p>Only CPACR.cp10 (bits 21:20) is consulted, as QEMU does: the architecture makes differing
 * cp10/cp11 settings UNPREDICTABLE. 0b00 and 0b10 deny all access, 0b01 allows privileged modes
 * only, 0b11 allows every mode.
 */
public interface CoprocessorAccess {
    int cpacr();
}
