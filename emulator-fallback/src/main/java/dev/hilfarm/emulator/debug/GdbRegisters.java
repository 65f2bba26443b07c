package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.CpuState;

/**
 * Reads and writes the core's registers in GDB's remote numbering (see {@link TargetDescription}):
 * 0-15 are r0-r15 of the current mode, 25 is CPSR, then the D registers and FPSCR. Values are
 * hex in target (little-endian) byte order. The 'g' packet carries every register in regnum
 * order with no gaps for unused numbers.
 *
 * <p>r15 is the address of the next instruction to execute ({@link CpuState#pc} while stopped),
 * not the pc + 8 an instruction reads.
 */
public final class GdbRegisters {
    private final CpuState state;
    private final VfpRegisters vfp;
    private final int doubles;

    public GdbRegisters(CpuState state, VfpRegisters vfp) {
        this.state = state;
        this.vfp = vfp;
        this.doubles = vfp == null ? 0 : vfp.doubleRegisterCount();
    }

    public int doubleRegisterCount() {
        return doubles;
    }

    /** Appends all registers, as the reply to 'g'. */
    public void appendAll(PacketBuilder out) {
        for (int i = 0; i < 16; i++) {
            out.hexLe32(core(i));
        }
        out.hexLe32(state.cpsr());
        for (int i = 0; i < doubles; i++) {
            out.hexLe64(vfp.readDouble(i));
        }
        if (doubles > 0) {
            out.hexLe32(vfp.readFpscr());
        }
    }

    /** Appends one register, as the reply to 'p'; returns false for a number this target lacks. */
    public boolean append(int regnum, PacketBuilder out) {
        if (regnum >= 0 && regnum < 16) {
            out.hexLe32(core(regnum));
        } else if (regnum == TargetDescription.CPSR_REGNUM) {
            out.hexLe32(state.cpsr());
        } else if (isDouble(regnum)) {
            out.hexLe64(vfp.readDouble(regnum - TargetDescription.FIRST_DOUBLE_REGNUM));
        } else if (isFpscr(regnum)) {
            out.hexLe32(vfp.readFpscr());
        } else {
            return false;
        }
        return true;
    }

    /** The number of hex digits of the 'G' packet. */
    public int allRegistersHexLength() {
        return 17 * 8 + (doubles > 0 ? doubles * 16 + 8 : 0);
    }

    /**
     * Writes all registers from a 'G' packet's hex at {@code offset}. CPSR goes first, so that a
     * mode change banks the old mode's r13/r14 away before the new values of r0-r15 land in the
     * new mode, which is how the packet describes them.
     */
    public void writeAll(byte[] hex, int offset) {
        state.setCpsr(Hex.le32(hex, offset + 16 * 8));
        for (int i = 0; i < 16; i++) {
            setCore(i, Hex.le32(hex, offset + 8 * i));
        }
        int at = offset + 17 * 8;
        for (int i = 0; i < doubles; i++) {
            vfp.writeDouble(i, Hex.le64(hex, at));
            at += 16;
        }
        if (doubles > 0) {
            vfp.writeFpscr(Hex.le32(hex, at));
        }
    }

    /** Writes one register from a 'P' packet's hex; returns false for an unknown number or a short value. */
    public boolean write(int regnum, byte[] hex, int offset, int hexLength) {
        if (regnum >= 0 && regnum < 16 && hexLength == 8) {
            setCore(regnum, Hex.le32(hex, offset));
        } else if (regnum == TargetDescription.CPSR_REGNUM && hexLength == 8) {
            state.setCpsr(Hex.le32(hex, offset));
        } else if (isDouble(regnum) && hexLength == 16) {
            vfp.writeDouble(regnum - TargetDescription.FIRST_DOUBLE_REGNUM, Hex.le64(hex, offset));
        } else if (isFpscr(regnum) && hexLength == 8) {
            vfp.writeFpscr(Hex.le32(hex, offset));
        } else {
            return false;
        }
        return true;
    }

    private boolean isDouble(int regnum) {
        return regnum >= TargetDescription.FIRST_DOUBLE_REGNUM
                && regnum < TargetDescription.FIRST_DOUBLE_REGNUM + doubles;
    }

    private boolean isFpscr(int regnum) {
        return doubles > 0 && regnum == TargetDescription.fpscrRegnum(doubles);
    }

    private int core(int index) {
        return index == 15 ? state.pc : state.r[index];
    }

    private void setCore(int index, int value) {
        if (index == 15) {
            state.pc = value;
            state.nextPc = value;
        } else {
            state.r[index] = value;
        }
    }
}
