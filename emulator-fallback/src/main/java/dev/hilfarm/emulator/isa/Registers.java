package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.CpuState;

/**
 * Result writes to a destination register field. The PC as destination of a multiply, media,
 * bit-field, MOVW/MOVT, CLZ, saturating or T32 data-processing instruction is UNPREDICTABLE; QEMU
 * (our reference) treats it as a branch that stays in the current instruction set, ignoring
 * bit 0 (Thumb) or bits 1-0 (ARM), and so does this.
 */
final class Registers {
    private Registers() {
    }

    static void write(CpuState s, int rd, int value) {
        if (rd == 15) {
            s.branchWritePc(value);
        } else {
            s.r[rd] = value;
        }
    }
}
