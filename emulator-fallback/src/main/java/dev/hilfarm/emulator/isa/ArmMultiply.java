package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * A32 multiplies: MUL/MLA/MLS/UMAAL and the long forms (A5.2.5), the halfword multiplies
 * SMLA&lt;x&gt;&lt;y&gt;/SMLAW&lt;y&gt;/SMULW&lt;y&gt;/SMLAL&lt;x&gt;&lt;y&gt;/SMUL&lt;x&gt;&lt;y&gt; (A5.2.7) and the
 * media-space signed multiplies (A5.4.4). UDIV/SDIV are UNDEFINED on the Cortex-A9.
 *
 * <p>Field names follow the A32 layout: bits 19-16 are Rd (RdHi), 15-12 Ra (RdLo), 11-8 Rm, 3-0 Rn.
 */
final class ArmMultiply {
    private ArmMultiply() {
    }

    /** Bits 27-24 = 0000, 7-4 = 1001. */
    static void multiply(CpuState s, int insn) {
        boolean setFlags = (insn & ArmInstructions.S_BIT) != 0;
        int rd = (insn >>> 16) & 0xf;
        int ra = (insn >>> 12) & 0xf;
        int m = s.reg((insn >>> 8) & 0xf);
        int n = s.reg(insn & 0xf);
        switch ((insn >>> 21) & 7) {
            case 0: // MUL
                if (ra != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                writeWord(s, rd, n * m, setFlags);
                return;
            case 1: // MLA
                writeWord(s, rd, n * m + s.reg(ra), setFlags);
                return;
            case 2: // UMAAL
                if (setFlags) {
                    throw UndefinedInstruction.INSTANCE;
                }
                writeLong(s, ra, rd, Multiplies.umaal(n, m, s.reg(ra), s.reg(rd)), false);
                return;
            case 3: // MLS
                if (setFlags) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, s.reg(ra) - n * m);
                return;
            case 4: // UMULL
                writeLong(s, ra, rd, (n & 0xffffffffL) * (m & 0xffffffffL), setFlags);
                return;
            case 5: // UMLAL
                writeLong(s, ra, rd, (n & 0xffffffffL) * (m & 0xffffffffL) + pair(s, ra, rd), setFlags);
                return;
            case 6: // SMULL
                writeLong(s, ra, rd, (long) n * m, setFlags);
                return;
            default: // SMLAL
                writeLong(s, ra, rd, (long) n * m + pair(s, ra, rd), setFlags);
                return;
        }
    }

    /** Bits 27-23 = 00010, bit 20 = 0, bit 7 = 1, bit 4 = 0: the halfword multiplies. */
    static void halfword(CpuState s, int insn) {
        int rd = (insn >>> 16) & 0xf;
        int ra = (insn >>> 12) & 0xf;
        int m = s.reg((insn >>> 8) & 0xf);
        int n = s.reg(insn & 0xf);
        boolean nTop = (insn & 0x20) != 0;
        boolean mTop = (insn & 0x40) != 0;
        switch ((insn >>> 21) & 3) {
            case 0: // SMLA<x><y>
                Registers.write(s, rd, Multiplies.smlaHalfwords(s, n, m, nTop, mTop, s.reg(ra)));
                return;
            case 1:
                if (nTop) { // SMULW<y>
                    if (ra != 0) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    Registers.write(s, rd, Multiplies.smulWordHalfword(n, m, mTop));
                } else { // SMLAW<y>
                    Registers.write(s, rd, Multiplies.smlaWordHalfword(s, n, m, mTop, s.reg(ra)));
                }
                return;
            case 2: // SMLAL<x><y>
                writeLong(s, ra, rd, Multiplies.smlalHalfwords(n, m, nTop, mTop, pair(s, ra, rd)), false);
                return;
            default: // SMUL<x><y>
                if (ra != 0) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, Multiplies.half(n, nTop) * Multiplies.half(m, mTop));
                return;
        }
    }

    /** Bits 27-23 = 01110, bit 4 = 1: SMLAD/SMUAD, SMLSD/SMUSD, SMLALD, SMLSLD, SMMLA/SMMUL, SMMLS. */
    static void signedMultiply(CpuState s, int insn) {
        int rd = (insn >>> 16) & 0xf;
        int ra = (insn >>> 12) & 0xf;
        int m = s.reg((insn >>> 8) & 0xf);
        int n = s.reg(insn & 0xf);
        int op2 = (insn >>> 5) & 7;
        boolean flag = (op2 & 1) != 0; // exchange halves, or round
        switch ((insn >>> 20) & 7) {
            case 0:
                if (op2 >= 4) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Registers.write(s, rd, Multiplies.dual(s, n, m, flag, op2 >= 2, ra == 15 ? 0 : s.reg(ra)));
                return;
            case 4:
                if (op2 >= 4) {
                    throw UndefinedInstruction.INSTANCE;
                }
                writeLong(s, ra, rd, Multiplies.dualLong(n, m, flag, op2 >= 2, pair(s, ra, rd)), false);
                return;
            case 5:
                if (op2 <= 1) { // SMMLA, SMMUL with Ra = 15
                    Registers.write(s, rd, Multiplies.mostSignificantWord(n, m, ra == 15 ? 0 : s.reg(ra), false, flag));
                } else if (op2 >= 6) { // SMMLS
                    Registers.write(s, rd, Multiplies.mostSignificantWord(n, m, s.reg(ra), true, flag));
                } else {
                    throw UndefinedInstruction.INSTANCE;
                }
                return;
            default: // SDIV, UDIV and unallocated: no hardware divide on the Cortex-A9
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** The 64-bit accumulator RdHi:RdLo. */
    private static long pair(CpuState s, int lo, int hi) {
        return ((long) s.reg(hi) << 32) | (s.reg(lo) & 0xffffffffL);
    }

    private static void writeWord(CpuState s, int rd, int value, boolean setFlags) {
        Registers.write(s, rd, value);
        if (setFlags) {
            s.setNz(value);
        }
    }

    private static void writeLong(CpuState s, int lo, int hi, long value, boolean setFlags) {
        Registers.write(s, lo, (int) value);
        Registers.write(s, hi, (int) (value >>> 32));
        if (setFlags) {
            Multiplies.setNz64(s, value);
        }
    }
}
