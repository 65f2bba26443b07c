package dev.hilfarm.emulator.vfp;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.FloatingPoint;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import dev.hilfarm.emulator.memory.Memory;
import java.util.Arrays;

/**
 * The Cortex-A9's floating-point unit as this emulator presents it: VFPv3-D16 with half-precision
 * conversions and no Advanced SIMD (NEON encodings are UNDEFINED, and MVFR0/MVFR1 say so). Its
 * state is 32 single / 16 double registers, FPSCR and FPEXC.
 *
 * <p>Every instruction first passes the condition (in Thumb state the IT logic has already decided,
 * so the unit treats the instruction as passed), then the access checks the architecture makes for
 * lazy context switching: CPACR.cp10 must allow the current privilege, and FPEXC.EN must be set,
 * except for VMRS/VMSR of FPSID, FPEXC, MVFR0 and MVFR1, which need only a privileged mode. A
 * failed check is an Undefined Instruction exception, which is how Linux learns to restore a
 * task's VFP context.
 *
 * <p>Memory accesses are word accesses through {@link Memory#read32Aligned}: VLDR/VSTR/VLDM/VSTM
 * always fault on unaligned addresses. With CPSR.E set each word is byte-reversed and a double's
 * two words swap, as a big-endian 64-bit access does. Writeback of VLDM/VSTM happens after all
 * accesses, so an abort leaves the base register untouched.
 */
public final class VfpUnit implements FloatingPoint {
    /** FPSID of QEMU's cortex-a9: ARM, VFPv3 common subarchitecture v2, part 0x30, variant 9. */
    public static final int FPSID = 0x41033090;
    /** FPSID of QEMU's cortex-a8: as the A9's, variant 0xc. */
    public static final int FPSID_CORTEX_A8 = 0x410330c0;
    /**
     * MVFR0: all rounding modes, short vectors (executed, as on QEMU's cortex-a9), square root,
     * divide, no exception trapping, VFPv3 double and single precision, 16 double registers.
     */
    public static final int MVFR0 = 0x11110221;
    /** MVFR1: single/half conversion (FPHP), default NaN and flush-to-zero; no Advanced SIMD fields. */
    public static final int MVFR1 = 0x01000011;
    public static final int FPEXC_EN = 1 << 30;

    /** VMRS/VMSR register numbers (the "spec_reg" field). */
    private static final int REG_FPSID = 0;
    private static final int REG_FPSCR = 1;
    private static final int REG_MVFR1 = 6;
    private static final int REG_MVFR0 = 7;
    private static final int REG_FPEXC = 8;

    private final CoprocessorAccess access;
    private final int[] s = new int[32];
    private final Fpscr fpscr = new Fpscr();
    private final VfpDataProcessing dataProcessing = new VfpDataProcessing(s, fpscr);
    private int fpexc;
    private final int fpsid;

    /** A unit that identifies itself as the Cortex-A9's. */
    public VfpUnit(CoprocessorAccess access) {
        this(access, FPSID);
    }

    /**
     * A unit whose FPSID names the core's VFP ({@link #FPSID}, {@link #FPSID_CORTEX_A8}); MVFR0/1
     * describe what this unit implements whatever the core, so they stay those of the A9.
     */
    public VfpUnit(CoprocessorAccess access, int fpsid) {
        this.access = access;
        this.fpsid = fpsid;
    }

    @Override
    public void reset() {
        Arrays.fill(s, 0);
        fpscr.setValue(0);
        fpexc = 0;
    }

    public int single(int index) {
        return s[index];
    }

    public void setSingle(int index, int value) {
        s[index] = value;
    }

    public long doubleRegister(int index) {
        return (s[2 * index] & 0xffffffffL) | ((long) s[2 * index + 1] << 32);
    }

    public void setDoubleRegister(int index, long value) {
        s[2 * index] = (int) value;
        s[2 * index + 1] = (int) (value >>> 32);
    }

    public int fpscr() {
        return fpscr.value();
    }

    public void setFpscr(int value) {
        fpscr.setValue(value);
    }

    public int fpexc() {
        return fpexc;
    }

    /** Only EN is implemented (EX stays clear: no asynchronous exceptions), as on QEMU. */
    public void setFpexc(int value) {
        fpexc = value & FPEXC_EN;
    }

    @Override
    public void execute(Cpu cpu, int insn) {
        CpuState state = cpu.state;
        int cond = insn >>> 28;
        if (cond == 0xf) {
            throw UndefinedInstruction.INSTANCE; // the unconditional space holds only ARMv8 VFP forms
        }
        if (!state.thumb && cond != 0xe && !state.conditionPassed(cond)) {
            return;
        }
        if (((insn >>> 9) & 7) != 0b101) {
            throw UndefinedInstruction.INSTANCE;
        }
        if ((insn & 0x0f000000) == 0x0e000000) {
            if ((insn & 0x10) == 0) {
                checkEnabled(state);
                dataProcessing.execute(insn);
            } else {
                registerTransfer(state, insn);
            }
        } else if ((insn & 0x0e000000) == 0x0c000000) {
            loadStore(cpu, insn);
        } else {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    /** CPACR.cp10 allows the current privilege. */
    private void checkAccess(CpuState state) {
        int cp10 = (access.cpacr() >>> 20) & 3;
        if (cp10 != 3 && !(cp10 == 1 && state.privileged())) {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    private void checkEnabled(CpuState state) {
        checkAccess(state);
        if ((fpexc & FPEXC_EN) == 0) {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    // ---- 8-, 16- and 32-bit transfers (A7.9) ----

    private void registerTransfer(CpuState state, int insn) {
        int a = (insn >>> 21) & 7;
        boolean toCore = (insn & (1 << 20)) != 0;
        int rt = (insn >>> 12) & 0xf;
        if ((insn & (1 << 8)) == 0) {
            if (a == 0 && (insn & 0x7f) == 0x10) {
                moveSingle(state, insn, toCore, rt);
            } else if (a == 7 && (insn & 0xff) == 0x10) {
                specialRegister(state, (insn >>> 16) & 0xf, toCore, rt);
            } else {
                throw UndefinedInstruction.INSTANCE;
            }
        } else {
            // VMOV between a core register and a 32-bit half of a D register; the 8- and 16-bit
            // scalar forms and VDUP are Advanced SIMD.
            if ((insn & 0x00c0006f) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            int dn = ((insn >>> 3) & 0x10) | ((insn >>> 16) & 0xf);
            if (dn >= 16 || (toCore && rt == 15)) {
                throw UndefinedInstruction.INSTANCE;
            }
            checkEnabled(state);
            int index = 2 * dn + ((insn >>> 21) & 1);
            if (toCore) {
                state.setReg(rt, s[index]);
            } else {
                s[index] = state.reg(rt);
            }
        }
    }

    /** VMOV Sn, Rt / VMOV Rt, Sn. Rt = 15 to core sets APSR.NZCV, as QEMU does with this UNPREDICTABLE form. */
    private void moveSingle(CpuState state, int insn, boolean toCore, int rt) {
        checkEnabled(state);
        int sn = ((insn >>> 15) & 0x1e) | ((insn >>> 7) & 1);
        if (!toCore) {
            s[sn] = state.reg(rt);
        } else if (rt == 15) {
            state.setFlags(s[sn]);
        } else {
            state.setReg(rt, s[sn]);
        }
    }

    /** VMRS/VMSR. FPSID, MVFR0/1 and FPEXC need a privileged mode but not FPEXC.EN; FPINST/FPINST2 do not exist in VFPv3. */
    private void specialRegister(CpuState state, int reg, boolean toCore, int rt) {
        switch (reg) {
            case REG_FPSCR:
                checkEnabled(state);
                if (toCore) {
                    int value = fpscr.value();
                    if (rt == 15) {
                        state.setFlags(value); // VMRS APSR_nzcv, FPSCR
                    } else {
                        state.setReg(rt, value);
                    }
                } else {
                    fpscr.setValue(state.reg(rt));
                }
                return;
            case REG_FPSID:
            case REG_MVFR0:
            case REG_MVFR1:
            case REG_FPEXC:
                if (!state.privileged()) {
                    throw UndefinedInstruction.INSTANCE;
                }
                checkAccess(state);
                break;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
        if (!toCore) {
            if (reg == REG_FPEXC) {
                setFpexc(state.reg(rt));
            }
            return; // the ID registers ignore writes
        }
        int value;
        switch (reg) {
            case REG_FPSID:
                value = fpsid;
                break;
            case REG_MVFR0:
                value = MVFR0;
                break;
            case REG_MVFR1:
                value = MVFR1;
                break;
            default:
                value = fpexc;
                break;
        }
        if (rt == 15) {
            state.setFlags(value);
        } else {
            state.setReg(rt, value);
        }
    }

    // ---- Extension register load/store and 64-bit transfers (A7.6, A7.8) ----

    private void loadStore(Cpu cpu, int insn) {
        CpuState state = cpu.state;
        boolean p = (insn & (1 << 24)) != 0;
        boolean u = (insn & (1 << 23)) != 0;
        boolean w = (insn & (1 << 21)) != 0;
        if (!p && !u && !w) {
            if ((insn & (1 << 22)) == 0 || (insn & 0xd0) != 0x10) {
                throw UndefinedInstruction.INSTANCE;
            }
            moveTwo(state, insn);
        } else if (p && !w) {
            transferOne(cpu, insn, u);
        } else if (p != u) {
            transferMultiple(cpu, insn, u, w);
        } else {
            throw UndefinedInstruction.INSTANCE; // decrement-after, or increment-before with writeback
        }
    }

    /** VMOV between two core registers and two singles (Sm, Sm+1) or one double (low word in Rt). */
    private void moveTwo(CpuState state, int insn) {
        boolean toCore = (insn & (1 << 20)) != 0;
        int rt = (insn >>> 12) & 0xf;
        int rt2 = (insn >>> 16) & 0xf;
        int first;
        if ((insn & (1 << 8)) != 0) {
            int dm = ((insn >>> 1) & 0x10) | (insn & 0xf);
            if (dm >= 16) {
                throw UndefinedInstruction.INSTANCE;
            }
            first = 2 * dm;
        } else {
            first = ((insn << 1) & 0x1e) | ((insn >>> 5) & 1);
            if (first == 31) {
                throw UndefinedInstruction.INSTANCE; // S31 has no successor: UNPREDICTABLE
            }
        }
        if (toCore && (rt == 15 || rt2 == 15)) {
            throw UndefinedInstruction.INSTANCE; // UNPREDICTABLE
        }
        checkEnabled(state);
        if (toCore) {
            state.setReg(rt, s[first]);
            state.setReg(rt2, s[first + 1]);
        } else {
            s[first] = state.reg(rt);
            s[first + 1] = state.reg(rt2);
        }
    }

    /** The base address: Rn, or the word-aligned PC for literal addressing in both instruction sets. */
    private static int base(CpuState state, int rn) {
        return rn == 15 ? state.reg(15) & ~3 : state.reg(rn);
    }

    /** VLDR/VSTR, single or double, [Rn, #+/-imm8*4]. */
    private void transferOne(Cpu cpu, int insn, boolean add) {
        CpuState state = cpu.state;
        boolean dp = (insn & (1 << 8)) != 0;
        boolean load = (insn & (1 << 20)) != 0;
        int first = dp ? ((insn >>> 17) & 0x20) | ((insn >>> 11) & 0x1e) : ((insn >>> 11) & 0x1e) | ((insn >>> 22) & 1);
        if (dp && first >= 32) {
            throw UndefinedInstruction.INSTANCE;
        }
        checkEnabled(state);
        int offset = (insn & 0xff) << 2;
        int address = base(state, (insn >>> 16) & 0xf) + (add ? offset : -offset);
        transferWords(cpu, state, address, first, dp ? 2 : 1, dp, load);
    }

    /** VLDM/VSTM/VPUSH/VPOP: increment after (optionally writing back) or decrement before with writeback. */
    private void transferMultiple(Cpu cpu, int insn, boolean increment, boolean writeback) {
        CpuState state = cpu.state;
        boolean dp = (insn & (1 << 8)) != 0;
        boolean load = (insn & (1 << 20)) != 0;
        int rn = (insn >>> 16) & 0xf;
        int imm8 = insn & 0xff;
        int first;
        int words;
        if (dp) {
            int vd = ((insn >>> 18) & 0x10) | ((insn >>> 12) & 0xf);
            int count = imm8 >>> 1; // an odd imm8 is FLDMX/FSTMX: one more word of address space, not transferred
            if (count == 0 || count > 16 || vd + count > 16) {
                throw UndefinedInstruction.INSTANCE;
            }
            first = 2 * vd;
            words = 2 * count;
        } else {
            first = ((insn >>> 11) & 0x1e) | ((insn >>> 22) & 1);
            if (imm8 == 0 || first + imm8 > 32) {
                throw UndefinedInstruction.INSTANCE;
            }
            words = imm8;
        }
        if (rn == 15 && writeback) {
            throw UndefinedInstruction.INSTANCE; // UNPREDICTABLE; QEMU's choice
        }
        checkEnabled(state);
        int start = base(state, rn);
        int address = increment ? start : start - (imm8 << 2);
        transferWords(cpu, state, address, first, words, dp, load);
        if (writeback) {
            state.setReg(rn, increment ? start + (imm8 << 2) : address);
        }
    }

    /**
     * Moves {@code words} consecutive single registers from {@code first} to or from memory at
     * increasing word addresses. A double is one 64-bit access: both words are read before the
     * register changes, and with CPSR.E set it is big-endian, its high word at the lower address.
     */
    private void transferWords(Cpu cpu, CpuState state, int address, int first, int words, boolean doubles,
                               boolean load) {
        Memory memory = cpu.memory;
        boolean bigEndian = state.bigEndianData;
        if (!doubles) {
            for (int i = 0; i < words; i++) {
                int at = address + 4 * i;
                if (load) {
                    int value = memory.read32Aligned(at);
                    s[first + i] = bigEndian ? Integer.reverseBytes(value) : value;
                } else {
                    int value = s[first + i];
                    memory.write32Aligned(at, bigEndian ? Integer.reverseBytes(value) : value);
                }
            }
            return;
        }
        for (int i = 0; i < words; i += 2) {
            int at = address + 4 * i;
            int reg = first + i;
            if (load) {
                int lowAddressWord = memory.read32Aligned(at);
                int highAddressWord = memory.read32Aligned(at + 4);
                if (bigEndian) {
                    s[reg] = Integer.reverseBytes(highAddressWord);
                    s[reg + 1] = Integer.reverseBytes(lowAddressWord);
                } else {
                    s[reg] = lowAddressWord;
                    s[reg + 1] = highAddressWord;
                }
            } else if (bigEndian) {
                memory.write32Aligned(at, Integer.reverseBytes(s[reg + 1]));
                memory.write32Aligned(at + 4, Integer.reverseBytes(s[reg]));
            } else {
                memory.write32Aligned(at, s[reg]);
                memory.write32Aligned(at + 4, s[reg + 1]);
            }
        }
    }
}
