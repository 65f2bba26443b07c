package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * A32 loads and stores: word and byte (A5.3) with immediate and scaled register offsets, the
 * extra forms (halfword, signed, dual; A5.2.8), their unprivileged T variants, LDM/STM (A5.5),
 * SWP/SWPB and the exclusives (A5.2.10).
 *
 * <p>Pre-indexed (P = 1) accesses use base +/- offset and write it back when W = 1; post-indexed
 * (P = 0) accesses use the base and always write back; P = 0 with W = 1 selects the unprivileged
 * form. A load's value is written after the base writeback, so a load into the base wins.
 */
final class ArmLoadStore {
    private static final int P = 1 << 24;
    private static final int U = 1 << 23;
    private static final int B = 1 << 22;
    private static final int W = 1 << 21;
    private static final int L = 1 << 20;

    private ArmLoadStore() {
    }

    /** LDR/STR/LDRB/STRB with a 12-bit immediate offset. */
    static void immediateOffset(Cpu cpu, CpuState s, int insn) {
        singleWordOrByte(cpu, s, insn, insn & 0xfff);
    }

    /** LDR/STR/LDRB/STRB with a shifted register offset. */
    static void registerOffset(Cpu cpu, CpuState s, int insn) {
        int offset = Alu.shiftImm(s.reg(insn & 0xf), (insn >>> 5) & 3, (insn >>> 7) & 0x1f, s.c);
        singleWordOrByte(cpu, s, insn, offset);
    }

    private static void singleWordOrByte(Cpu cpu, CpuState s, int insn, int offset) {
        int rn = (insn >>> 16) & 0xf;
        int rt = (insn >>> 12) & 0xf;
        int base = s.reg(rn);
        int offsetAddress = (insn & U) != 0 ? base + offset : base - offset;
        boolean byteAccess = (insn & B) != 0;
        if ((insn & P) == 0) {
            boolean unprivileged = (insn & W) != 0;
            if ((insn & L) != 0) {
                int value = unprivileged
                        ? DataAccess.readUnprivileged(cpu, base, byteAccess ? 1 : 4)
                        : byteAccess ? DataAccess.read8(cpu, base) : DataAccess.read32(cpu, base);
                s.r[rn] = offsetAddress;
                writeLoaded(s, rt, value);
            } else {
                int value = s.reg(rt);
                if (unprivileged) {
                    DataAccess.writeUnprivileged(cpu, base, byteAccess ? 1 : 4, value);
                } else if (byteAccess) {
                    DataAccess.write8(cpu, base, value);
                } else {
                    DataAccess.write32(cpu, base, value);
                }
                s.r[rn] = offsetAddress;
            }
            return;
        }
        if ((insn & L) != 0) {
            int value = byteAccess ? DataAccess.read8(cpu, offsetAddress) : DataAccess.read32(cpu, offsetAddress);
            if ((insn & W) != 0) {
                s.r[rn] = offsetAddress;
            }
            writeLoaded(s, rt, value);
        } else {
            int value = s.reg(rt);
            if (byteAccess) {
                DataAccess.write8(cpu, offsetAddress, value);
            } else {
                DataAccess.write32(cpu, offsetAddress, value);
            }
            if ((insn & W) != 0) {
                s.r[rn] = offsetAddress;
            }
        }
    }

    /** A loaded value to Rt; loading the PC branches with interworking. */
    private static void writeLoaded(CpuState s, int rt, int value) {
        if (rt == 15) {
            s.loadWritePc(value);
        } else {
            s.r[rt] = value;
        }
    }

    /** STRH, LDRH, LDRSB, LDRSH, LDRD, STRD and their unprivileged forms (bit 7 = bit 4 = 1, bits 6-5 != 0). */
    static void extra(Cpu cpu, CpuState s, int insn) {
        int rn = (insn >>> 16) & 0xf;
        int rt = (insn >>> 12) & 0xf;
        int offset;
        if ((insn & B) != 0) {
            offset = ((insn >>> 4) & 0xf0) | (insn & 0xf);
        } else {
            if ((insn & 0xf00) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            offset = s.reg(insn & 0xf);
        }
        int base = s.reg(rn);
        int offsetAddress = (insn & U) != 0 ? base + offset : base - offset;
        boolean preIndexed = (insn & P) != 0;
        boolean writeback = !preIndexed || (insn & W) != 0;
        boolean unprivileged = !preIndexed && (insn & W) != 0;
        int address = preIndexed ? offsetAddress : base;
        int op2 = (insn >>> 5) & 3;
        boolean load = (insn & L) != 0;
        if (!load && op2 != 1) {
            if (unprivileged || (rt & 1) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            dual(cpu, s, op2 == 3, rn, rt, address, writeback, offsetAddress);
            return;
        }
        if (load) {
            int value;
            if (unprivileged) {
                value = DataAccess.readUnprivileged(cpu, address, op2 == 2 ? 1 : 2);
            } else {
                value = op2 == 2 ? DataAccess.read8(cpu, address) : DataAccess.read16(cpu, address);
            }
            if (op2 == 2) {
                value = (byte) value;
            } else if (op2 == 3) {
                value = (short) value;
            }
            if (writeback) {
                s.r[rn] = offsetAddress;
            }
            writeLoaded(s, rt, value);
        } else {
            int value = s.reg(rt);
            if (unprivileged) {
                DataAccess.writeUnprivileged(cpu, address, 2, value);
            } else {
                DataAccess.write16(cpu, address, value);
            }
            if (writeback) {
                s.r[rn] = offsetAddress;
            }
        }
    }

    /**
     * LDRD/STRD: Rt (even) at the address, Rt+1 four bytes above; both word accesses
     * alignment-checked. As in QEMU, each loaded register is written as its word arrives and the
     * base is written back last (so with LDRD r14, r15 the second word is a branch target).
     */
    private static void dual(Cpu cpu, CpuState s, boolean store, int rn, int rt, int address, boolean writeback, int newBase) {
        if (store) {
            DataAccess.write32Aligned(cpu, address, s.reg(rt));
            DataAccess.write32Aligned(cpu, address + 4, s.reg(rt + 1));
        } else {
            s.r[rt] = DataAccess.read32Aligned(cpu, address);
            Registers.write(s, rt + 1, DataAccess.read32Aligned(cpu, address + 4));
        }
        if (writeback) {
            s.r[rn] = newBase;
        }
    }

    /** SWP, SWPB and the exclusives (bits 27-24 = 0001, 7-4 = 1001). */
    static void synchronization(Cpu cpu, CpuState s, int insn) {
        int rn = (insn >>> 16) & 0xf;
        int rt = (insn >>> 12) & 0xf;
        int low = insn & 0xf;
        int op = (insn >>> 20) & 0xf;
        if (op == 0 || op == 4) {
            if ((insn & 0xf00) != 0) {
                throw UndefinedInstruction.INSTANCE;
            }
            int address = s.reg(rn);
            if (op == 0) {
                int old = DataAccess.read32Aligned(cpu, address);
                DataAccess.write32Aligned(cpu, address, s.reg(low));
                Registers.write(s, rt, old);
            } else {
                int old = DataAccess.read8(cpu, address);
                DataAccess.write8(cpu, address, s.reg(low));
                Registers.write(s, rt, old);
            }
            return;
        }
        if ((op & 8) == 0 || (insn & 0xf00) != 0xf00 || rn == 15) {
            throw UndefinedInstruction.INSTANCE;
        }
        int address = s.r[rn];
        int size = (op >>> 1) & 3; // 0 word, 1 doubleword, 2 byte, 3 halfword
        if ((op & 1) != 0) {
            if (low != 15 || rt == 15) {
                throw UndefinedInstruction.INSTANCE;
            }
            if (size == 1) {
                if ((rt & 1) != 0 || rt == 14) {
                    throw UndefinedInstruction.INSTANCE;
                }
                Exclusives.loadDual(cpu, address, rt, rt + 1);
            } else {
                s.r[rt] = Exclusives.load(cpu, address, exclusiveSize(size));
            }
            return;
        }
        // STREX*: Rd = bits 15-12 (here rt), Rt = bits 3-0 (here low).
        int rd = rt;
        if (rd == 15 || low == 15 || rd == rn || rd == low) {
            throw UndefinedInstruction.INSTANCE;
        }
        if (size == 1) {
            if ((low & 1) != 0 || low == 14 || rd == low + 1) {
                throw UndefinedInstruction.INSTANCE;
            }
            s.r[rd] = Exclusives.storeDual(cpu, address, s.r[low], s.r[low + 1]);
        } else {
            s.r[rd] = Exclusives.store(cpu, address, exclusiveSize(size), s.r[low]);
        }
    }

    private static int exclusiveSize(int sizeField) {
        switch (sizeField) {
            case 0:
                return Exclusives.WORD;
            case 2:
                return Exclusives.BYTE;
            default:
                return Exclusives.HALFWORD;
        }
    }

    /** LDM/STM in all four address modes, with ^ for User registers or exception return. */
    static void multiple(Cpu cpu, CpuState s, int insn) {
        int rn = (insn >>> 16) & 0xf;
        int list = insn & 0xffff;
        int n = Integer.bitCount(list);
        if (n == 0 || rn == 15) {
            throw UndefinedInstruction.INSTANCE;
        }
        boolean increment = (insn & U) != 0;
        boolean writeback = (insn & W) != 0;
        boolean load = (insn & L) != 0;
        if (load && writeback && (list & (1 << rn)) != 0) {
            throw UndefinedInstruction.INSTANCE; // UNPREDICTABLE from ARMv7 on; QEMU UNDEFs
        }
        int base = s.r[rn];
        int start = BlockTransfer.startAddress(base, n, increment, (insn & P) != 0);
        int newBase = BlockTransfer.finalBase(base, n, increment);
        if ((insn & B) == 0) {
            if (load) {
                BlockTransfer.load(cpu, rn, list, start, writeback, newBase);
            } else {
                BlockTransfer.store(cpu, rn, list, start, writeback, newBase);
            }
            return;
        }
        if (!s.privileged()) {
            throw UndefinedInstruction.INSTANCE;
        }
        if (load && (list & 0x8000) != 0) {
            BlockTransfer.loadExceptionReturn(cpu, rn, list, start, writeback, newBase);
            return;
        }
        if (writeback) {
            throw UndefinedInstruction.INSTANCE;
        }
        if (load) {
            BlockTransfer.loadUser(cpu, list, start);
        } else {
            BlockTransfer.storeUser(cpu, list, start);
        }
    }
}
