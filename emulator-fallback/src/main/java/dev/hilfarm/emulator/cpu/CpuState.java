package dev.hilfarm.emulator.cpu;

/**
 * The architectural register state of one ARMv7-A core: the register file with its mode banks,
 * and CPSR kept unpacked (one field per flag) because instructions read and write the flags far
 * more often than anything reads the whole CPSR.
 *
 * <p>Program counter convention: {@link #pc} is the address of the instruction being executed.
 * Instructions read r15 through {@link #reg(int)}, which returns pc + 8 in ARM state and pc + 4 in
 * Thumb state, as the architecture defines. Instructions that change the flow of control set
 * {@link #nextPc}; the fetch loop sets it to pc + instruction size before each instruction.
 *
 * <p>Reset state (B1.9.10 of the ARMv7-A reference manual): SVC mode, ARM state, A, I and F set,
 * PC at the reset vector. {@link #reset(int)} restores it.
 */
public final class CpuState {
    /** r0-r14 of the current mode; index 15 is unused (see {@link #pc}). */
    public final int[] r = new int[16];

    /** r13 and r14 of each bank, valid for the banks that are not current. */
    public final int[] bankedSp = new int[Mode.BANKS];
    public final int[] bankedLr = new int[Mode.BANKS];
    /** SPSR of each exception-mode bank (index 0, USR/SYS, is unused). */
    public final int[] spsr = new int[Mode.BANKS];
    /** r8-r12 of the modes other than FIQ, and of FIQ, whichever set is not current. */
    public final int[] usrHigh = new int[5];
    public final int[] fiqHigh = new int[5];

    public int pc;
    public int nextPc;

    // CPSR, unpacked. Flags hold 0 or 1.
    public int n;
    public int z;
    public int c;
    public int v;
    public int q;
    /** GE[3:0] of the parallel add/subtract instructions. */
    public int ge;
    /** IT[7:0]: the Thumb IT block state, in the CPSR's ITSTATE layout. */
    public int itState;
    public boolean thumb;
    /** CPSR.E: big-endian data accesses. */
    public boolean bigEndianData;
    public boolean maskA;
    public boolean maskI;
    public boolean maskF;
    private int mode = Mode.SVC;

    public CpuState() {
        reset(0);
    }

    /** Architectural reset: SVC mode, ARM state, asynchronous exceptions masked. */
    public void reset(int resetVector) {
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(bankedSp, 0);
        java.util.Arrays.fill(bankedLr, 0);
        java.util.Arrays.fill(spsr, 0);
        java.util.Arrays.fill(usrHigh, 0);
        java.util.Arrays.fill(fiqHigh, 0);
        // The flags are UNKNOWN after reset. QEMU keeps Z inverted and zeroes its CPU state at
        // reset, so its cores come out of reset with Z set (CPSR 0x400001d3); so do ours, so that
        // a program reading the flags before setting them prints what it prints on QEMU.
        n = c = v = q = 0;
        z = 1;
        ge = 0;
        itState = 0;
        thumb = false;
        bigEndianData = false;
        maskA = maskI = maskF = true;
        mode = Mode.SVC;
        pc = resetVector;
        nextPc = resetVector;
    }

    public int mode() {
        return mode;
    }

    public boolean privileged() {
        return mode != Mode.USR;
    }

    /** Reads r0-r15 as an instruction sees it: r15 reads as pc + 8 (ARM) or pc + 4 (Thumb). */
    public int reg(int index) {
        return index == 15 ? pc + (thumb ? 4 : 8) : r[index];
    }

    /** Writes r0-r14; r15 must be written through one of the branch helpers. */
    public void setReg(int index, int value) {
        r[index] = value;
    }

    /** A branch that stays in the current instruction set (B, BL, data-processing writes in ARMv7 ARM state use {@link #aluWritePc}). */
    public void branchWritePc(int address) {
        nextPc = thumb ? address & ~1 : address & ~3;
    }

    /** BX semantics: bit 0 selects Thumb. */
    public void bxWritePc(int address) {
        if ((address & 1) != 0) {
            thumb = true;
            nextPc = address & ~1;
        } else {
            thumb = false;
            nextPc = address & ~3;
        }
    }

    /** LDR/LDM/POP to PC: interworking, as BX, in ARMv7. */
    public void loadWritePc(int address) {
        bxWritePc(address);
    }

    /** Data-processing write to PC: interworking in ARM state, a plain branch in Thumb state. */
    public void aluWritePc(int address) {
        if (thumb) {
            branchWritePc(address);
        } else {
            bxWritePc(address);
        }
    }

    /** The packed CPSR. */
    public int cpsr() {
        return (n << 31) | (z << 30) | (c << 29) | (v << 28) | (q << 27)
                | ((itState & 0x3) << 25) | (ge << 16) | ((itState & 0xfc) << 8)
                | (bigEndianData ? 1 << 9 : 0) | (maskA ? 1 << 8 : 0) | (maskI ? 1 << 7 : 0)
                | (maskF ? 1 << 6 : 0) | (thumb ? 1 << 5 : 0) | mode;
    }

    /**
     * Writes the whole CPSR as exception return does (all fields, mode change with banking).
     * An invalid mode encoding leaves the mode unchanged, as UNPREDICTABLE behaviour that QEMU
     * also resolves this way.
     */
    public void setCpsr(int value) {
        setFlags(value);
        q = (value >>> 27) & 1;
        ge = (value >>> 16) & 0xf;
        itState = ((value >>> 25) & 0x3) | ((value >>> 8) & 0xfc);
        bigEndianData = (value & (1 << 9)) != 0;
        maskA = (value & (1 << 8)) != 0;
        maskI = (value & (1 << 7)) != 0;
        maskF = (value & (1 << 6)) != 0;
        thumb = (value & (1 << 5)) != 0;
        int newMode = value & 0x1f;
        if (Mode.isValid(newMode)) {
            switchMode(newMode);
        }
    }

    /** Sets N, Z, C, V from bits 31-28 of {@code value}. */
    public void setFlags(int value) {
        n = (value >>> 31) & 1;
        z = (value >>> 30) & 1;
        c = (value >>> 29) & 1;
        v = (value >>> 28) & 1;
    }

    /** Sets N and Z from a result. */
    public void setNz(int result) {
        n = result >>> 31;
        z = result == 0 ? 1 : 0;
    }

    /** The SPSR of the current mode; reading it in USR/SYS is UNPREDICTABLE and returns the CPSR. */
    public int spsr() {
        int bank = Mode.bankOf(mode);
        return bank == Mode.BANK_USR ? cpsr() : spsr[bank];
    }

    public void setSpsr(int value) {
        int bank = Mode.bankOf(mode);
        if (bank != Mode.BANK_USR) {
            spsr[bank] = value;
        }
    }

    /** Changes mode, swapping the banked registers in and out. */
    public void switchMode(int newMode) {
        if (newMode == mode) {
            return;
        }
        int oldBank = Mode.bankOf(mode);
        int newBank = Mode.bankOf(newMode);
        if (oldBank != newBank) {
            bankedSp[oldBank] = r[13];
            bankedLr[oldBank] = r[14];
            if (oldBank == Mode.BANK_FIQ) {
                System.arraycopy(r, 8, fiqHigh, 0, 5);
                System.arraycopy(usrHigh, 0, r, 8, 5);
            } else if (newBank == Mode.BANK_FIQ) {
                System.arraycopy(r, 8, usrHigh, 0, 5);
                System.arraycopy(fiqHigh, 0, r, 8, 5);
            }
            r[13] = bankedSp[newBank];
            r[14] = bankedLr[newBank];
        }
        mode = newMode;
    }

    /** Reads a User-mode register (LDM/STM with ^ in a privileged mode), whatever the current mode. */
    public int userReg(int index) {
        int bank = Mode.bankOf(mode);
        if (index == 13 || index == 14) {
            return bank == Mode.BANK_USR ? r[index] : (index == 13 ? bankedSp[Mode.BANK_USR] : bankedLr[Mode.BANK_USR]);
        }
        if (index >= 8 && index <= 12 && bank == Mode.BANK_FIQ) {
            return usrHigh[index - 8];
        }
        return index == 15 ? reg(15) : r[index];
    }

    public void setUserReg(int index, int value) {
        int bank = Mode.bankOf(mode);
        if (index == 13 || index == 14) {
            if (bank == Mode.BANK_USR) {
                r[index] = value;
            } else if (index == 13) {
                bankedSp[Mode.BANK_USR] = value;
            } else {
                bankedLr[Mode.BANK_USR] = value;
            }
        } else if (index >= 8 && index <= 12 && bank == Mode.BANK_FIQ) {
            usrHigh[index - 8] = value;
        } else {
            r[index] = value;
        }
    }

    /** Whether the condition field (bits 31-28 of an ARM instruction, or IT's firstcond) passes. */
    public boolean conditionPassed(int cond) {
        boolean result;
        switch (cond >>> 1) {
            case 0: result = z == 1; break;
            case 1: result = c == 1; break;
            case 2: result = n == 1; break;
            case 3: result = v == 1; break;
            case 4: result = c == 1 && z == 0; break;
            case 5: result = n == v; break;
            case 6: result = z == 0 && n == v; break;
            default: return true; // AL, and 0b1111 which callers treat as unconditional space
        }
        return (cond & 1) == 0 ? result : !result;
    }
}
