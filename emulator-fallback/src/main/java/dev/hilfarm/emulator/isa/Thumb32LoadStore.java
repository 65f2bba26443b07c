package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * 32-bit Thumb loads and stores (A6.3.7-A6.3.11): single loads and stores with 12-bit, 8-bit
 * (pre/post-indexed, unprivileged) and register offsets, literal loads, preload hints, LDRD/STRD,
 * the exclusives, TBB/TBH, LDM/STM (PUSH/POP) and SRS/RFE. {@code insn} is hw1:hw2.
 */
final class Thumb32LoadStore {
    private static final int SIZE_BYTE = 0;
    private static final int SIZE_HALFWORD = 1;
    private static final int SIZE_WORD = 2;

    private Thumb32LoadStore() {
    }

    /** 1111 100 S U size L Rn: LDR/STR (B, H, SB, SH, T forms), PLD/PLI. */
    static void single(Cpu cpu, CpuState s, int insn) {
        boolean load = (insn & 0x00100000) != 0;
        boolean signed = (insn & 0x01000000) != 0;
        int size = (insn >>> 21) & 3;
        int rn = (insn >>> 16) & 0xf;
        int rt = (insn >>> 12) & 0xf;
        if (size == 3 || (signed && (!load || size == SIZE_WORD))) {
            throw UndefinedInstruction.INSTANCE; // includes the Advanced SIMD element loads/stores
        }
        int address;
        int offsetAddress = 0;
        boolean writeback = false;
        boolean unprivileged = false;
        if (rn == 15) {
            if (!load) {
                throw UndefinedInstruction.INSTANCE;
            }
            int base = (s.pc + 4) & ~3; // literal
            address = (insn & 0x00800000) != 0 ? base + (insn & 0xfff) : base - (insn & 0xfff);
        } else if ((insn & 0x00800000) != 0) {
            address = s.r[rn] + (insn & 0xfff);
        } else if ((insn & 0x800) != 0) {
            // imm8 forms, P U W in hw2 bits 10-8: 1U1 pre-indexed with writeback, 100 negative
            // offset, 110 unprivileged, 0U1 post-indexed; P = W = 0 is unallocated.
            int puw = (insn >>> 8) & 7;
            int imm8 = insn & 0xff;
            int base = s.r[rn];
            offsetAddress = (puw & 2) != 0 ? base + imm8 : base - imm8;
            if (puw == 6) {
                unprivileged = true;
                address = offsetAddress;
            } else if ((puw & 4) != 0) {
                address = offsetAddress;
                writeback = (puw & 1) != 0;
            } else if ((puw & 1) != 0) {
                address = base;
                writeback = true;
            } else {
                throw UndefinedInstruction.INSTANCE;
            }
        } else {
            if ((insn & 0xfc0) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            address = s.r[rn] + (s.reg(insn & 0xf) << ((insn >>> 4) & 3));
        }
        if (!load) {
            store(cpu, size, address, s.reg(rt), unprivileged);
            if (writeback) {
                s.r[rn] = offsetAddress;
            }
            return;
        }
        if (rt == 15 && size != SIZE_WORD) {
            return; // PLD, PLDW, PLI and the unallocated memory hints: no cache to preload
        }
        int value = load(cpu, size, signed, address, unprivileged);
        // The base is written back before the loaded value, so a load into the base wins (QEMU's order).
        if (writeback) {
            s.r[rn] = offsetAddress;
        }
        if (rt == 15) {
            s.loadWritePc(value);
        } else {
            s.r[rt] = value;
        }
    }

    private static int load(Cpu cpu, int size, boolean signed, int address, boolean unprivileged) {
        switch (size) {
            case SIZE_BYTE: {
                int value = unprivileged ? DataAccess.readUnprivileged(cpu, address, 1) : DataAccess.read8(cpu, address);
                return signed ? (byte) value : value;
            }
            case SIZE_HALFWORD: {
                int value = unprivileged ? DataAccess.readUnprivileged(cpu, address, 2) : DataAccess.read16(cpu, address);
                return signed ? (short) value : value;
            }
            default:
                return unprivileged ? DataAccess.readUnprivileged(cpu, address, 4) : DataAccess.read32(cpu, address);
        }
    }

    private static void store(Cpu cpu, int size, int address, int value, boolean unprivileged) {
        if (unprivileged) {
            DataAccess.writeUnprivileged(cpu, address, 1 << size, value);
        } else if (size == SIZE_BYTE) {
            DataAccess.write8(cpu, address, value);
        } else if (size == SIZE_HALFWORD) {
            DataAccess.write16(cpu, address, value);
        } else {
            DataAccess.write32(cpu, address, value);
        }
    }

    /** 1110 100 P U 1 W L Rn: LDRD/STRD, and with P = W = 0 the exclusives and TBB/TBH. */
    static void dualExclusiveTable(Cpu cpu, CpuState s, int insn) {
        int rn = (insn >>> 16) & 0xf;
        int rt = (insn >>> 12) & 0xf;
        int rt2 = (insn >>> 8) & 0xf;
        boolean load = (insn & 0x00100000) != 0;
        boolean preIndexed = (insn & 0x01000000) != 0;
        boolean writeback = (insn & 0x00200000) != 0;
        if (!preIndexed && !writeback) {
            exclusiveOrTable(cpu, s, insn, rn, rt, rt2, load);
            return;
        }
        int imm = (insn & 0xff) << 2;
        int base = rn == 15 ? (s.pc + 4) & ~3 : s.r[rn];
        int offsetAddress = (insn & 0x00800000) != 0 ? base + imm : base - imm;
        int address = preIndexed ? offsetAddress : base;
        if (writeback && rn == 15) {
            throw UndefinedInstruction.INSTANCE;
        }
        // QEMU's order: each register as its word arrives, the base last.
        if (load) {
            Registers.write(s, rt, DataAccess.read32Aligned(cpu, address));
            Registers.write(s, rt2, DataAccess.read32Aligned(cpu, address + 4));
        } else {
            DataAccess.write32Aligned(cpu, address, s.reg(rt));
            DataAccess.write32Aligned(cpu, address + 4, s.reg(rt2));
        }
        if (writeback) {
            s.r[rn] = offsetAddress;
        }
    }

    private static void exclusiveOrTable(Cpu cpu, CpuState s, int insn, int rn, int rt, int rt2, boolean load) {
        if (rn == 15 && !((insn & 0x00800000) != 0 && load && (insn & 0xe0) == 0)) {
            throw UndefinedInstruction.INSTANCE; // only TBB/TBH may use the PC as base
        }
        if ((insn & 0x00800000) == 0) {
            // LDREX / STREX with an 8-bit word offset
            int address = s.r[rn] + ((insn & 0xff) << 2);
            if (load) {
                if (rt2 != 15 || rt == 15 || rt == 13) {
                    throw UndefinedInstruction.INSTANCE;
                }
                s.r[rt] = Exclusives.load(cpu, address, Exclusives.WORD);
            } else {
                int rd = rt2;
                if (rd == 15 || rd == 13 || rt == 15 || rt == 13 || rd == rn || rd == rt) {
                    throw UndefinedInstruction.INSTANCE;
                }
                s.r[rd] = Exclusives.store(cpu, address, Exclusives.WORD, s.r[rt]);
            }
            return;
        }
        int op3 = (insn >>> 4) & 0xf;
        if (load) {
            if (op3 <= 1) { // TBB, TBH
                if ((insn & 0xffe0) != 0xf000) {
                    throw UndefinedInstruction.INSTANCE;
                }
                int table = s.reg(rn);
                int index = s.reg(insn & 0xf);
                int offset = op3 == 0 ? DataAccess.read8(cpu, table + index) : DataAccess.read16(cpu, table + (index << 1));
                s.nextPc = s.pc + 4 + (offset << 1);
                return;
            }
            if ((insn & 0xf) != 0xf || rt == 15 || rt == 13) {
                throw UndefinedInstruction.INSTANCE;
            }
            int address = s.r[rn];
            switch (op3) {
                case 4:
                    requireNoRt2(rt2);
                    s.r[rt] = Exclusives.load(cpu, address, Exclusives.BYTE);
                    return;
                case 5:
                    requireNoRt2(rt2);
                    s.r[rt] = Exclusives.load(cpu, address, Exclusives.HALFWORD);
                    return;
                case 7:
                    if (rt2 == 15 || rt2 == 13 || rt == rt2) {
                        throw UndefinedInstruction.INSTANCE;
                    }
                    Exclusives.loadDual(cpu, address, rt, rt2);
                    return;
                default:
                    throw UndefinedInstruction.INSTANCE;
            }
        }
        int rd = insn & 0xf;
        if (rd == 15 || rd == 13 || rt == 15 || rt == 13 || rd == rn || rd == rt) {
            throw UndefinedInstruction.INSTANCE;
        }
        int address = s.r[rn];
        switch (op3) {
            case 4:
                requireNoRt2(rt2);
                s.r[rd] = Exclusives.store(cpu, address, Exclusives.BYTE, s.r[rt]);
                return;
            case 5:
                requireNoRt2(rt2);
                s.r[rd] = Exclusives.store(cpu, address, Exclusives.HALFWORD, s.r[rt]);
                return;
            case 7:
                if (rt2 == 15 || rt2 == 13 || rd == rt2) {
                    throw UndefinedInstruction.INSTANCE;
                }
                s.r[rd] = Exclusives.storeDual(cpu, address, s.r[rt], s.r[rt2]);
                return;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    private static void requireNoRt2(int rt2) {
        if (rt2 != 15) {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    /** 1110 100 op 0 W L Rn, list: LDM/STM IA (op 01) and DB (op 10); SRS and RFE (op 00 and 11). */
    static void multiple(Cpu cpu, CpuState s, int insn) {
        int op = (insn >>> 23) & 3;
        int rn = (insn >>> 16) & 0xf;
        boolean writeback = (insn & 0x00200000) != 0;
        boolean load = (insn & 0x00100000) != 0;
        if (op == 0 || op == 3) {
            boolean increment = op == 3;
            if (load) {
                if ((insn & 0xffff) != 0xc000) {
                    throw UndefinedInstruction.INSTANCE;
                }
                BlockTransfer.returnFromException(cpu, rn, increment, !increment, writeback);
            } else {
                if (rn != 13 || (insn & 0xffe0) != 0xc000) {
                    throw UndefinedInstruction.INSTANCE;
                }
                BlockTransfer.storeReturnState(cpu, insn & 0x1f, increment, !increment, writeback);
            }
            return;
        }
        int list = insn & 0xffff;
        int n = Integer.bitCount(list);
        // SP, or both LR and PC, in the list are UNPREDICTABLE; QEMU transfers them, and so does this.
        if (n == 0 || rn == 15 || (writeback && (list & (1 << rn)) != 0)) {
            throw UndefinedInstruction.INSTANCE;
        }
        boolean increment = op == 1;
        int base = s.r[rn];
        int start = BlockTransfer.startAddress(base, n, increment, !increment);
        int newBase = BlockTransfer.finalBase(base, n, increment);
        if (load) {
            BlockTransfer.load(cpu, rn, list, start, writeback, newBase);
        } else {
            BlockTransfer.store(cpu, rn, list, start, writeback, newBase);
        }
    }
}
