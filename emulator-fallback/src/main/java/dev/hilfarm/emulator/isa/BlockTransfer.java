package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * Multiple-register transfers of both instruction sets: LDM/STM (PUSH/POP) in all four address
 * modes, their User-register and exception-return forms, and SRS/RFE. Registers are transferred
 * lowest-numbered at the lowest address, every word access alignment-checked.
 *
 * <p>Ordering follows QEMU: loaded registers are written as they arrive, except the base and the
 * PC, which are written after the base writeback; an exception return writes back the base in
 * the old mode and only then restores CPSR.
 */
final class BlockTransfer {
    private BlockTransfer() {
    }

    /** Lowest address of an {@code n}-word transfer (IA, IB, DA, DB). */
    static int startAddress(int base, int n, boolean increment, boolean before) {
        if (increment) {
            return before ? base + 4 : base;
        }
        return before ? base - 4 * n : base - 4 * n + 4;
    }

    static int finalBase(int base, int n, boolean increment) {
        return increment ? base + 4 * n : base - 4 * n;
    }

    /** LDM (and POP): the PC, when listed, is loaded with interworking. */
    static void load(Cpu cpu, int rn, int list, int address, boolean writeback, int newBase) {
        CpuState s = cpu.state;
        int baseValue = 0;
        boolean loadsBase = false;
        for (int bits = list & 0x7fff; bits != 0; bits &= bits - 1) {
            int i = Integer.numberOfTrailingZeros(bits);
            int value = DataAccess.read32Aligned(cpu, address);
            address += 4;
            if (i == rn) {
                baseValue = value;
                loadsBase = true;
            } else {
                s.r[i] = value;
            }
        }
        int pcValue = (list & 0x8000) != 0 ? DataAccess.read32Aligned(cpu, address) : 0;
        if (writeback) {
            s.r[rn] = newBase;
        }
        if (loadsBase) {
            s.r[rn] = baseValue;
        }
        if ((list & 0x8000) != 0) {
            s.loadWritePc(pcValue);
        }
    }

    /** LDM (User registers): r0-r14 of User mode, from a privileged mode; no writeback, no PC. */
    static void loadUser(Cpu cpu, int list, int address) {
        CpuState s = cpu.state;
        for (int bits = list & 0x7fff; bits != 0; bits &= bits - 1) {
            int value = DataAccess.read32Aligned(cpu, address);
            address += 4;
            s.setUserReg(Integer.numberOfTrailingZeros(bits), value);
        }
    }

    /** LDM (exception return): the current mode's registers and the PC, then CPSR from SPSR. */
    static void loadExceptionReturn(Cpu cpu, int rn, int list, int address, boolean writeback, int newBase) {
        CpuState s = cpu.state;
        int baseValue = 0;
        boolean loadsBase = false;
        for (int bits = list & 0x7fff; bits != 0; bits &= bits - 1) {
            int i = Integer.numberOfTrailingZeros(bits);
            int value = DataAccess.read32Aligned(cpu, address);
            address += 4;
            if (i == rn) {
                baseValue = value;
                loadsBase = true;
            } else {
                s.r[i] = value;
            }
        }
        int pcValue = DataAccess.read32Aligned(cpu, address);
        if (writeback) {
            s.r[rn] = newBase;
        }
        if (loadsBase) {
            s.r[rn] = baseValue;
        }
        StatusRegisters.exceptionReturn(cpu, pcValue, s.spsr());
    }

    /** STM (and PUSH): the base is stored as it was before writeback. */
    static void store(Cpu cpu, int rn, int list, int address, boolean writeback, int newBase) {
        CpuState s = cpu.state;
        for (int bits = list; bits != 0; bits &= bits - 1) {
            DataAccess.write32Aligned(cpu, address, s.reg(Integer.numberOfTrailingZeros(bits)));
            address += 4;
        }
        if (writeback) {
            s.r[rn] = newBase;
        }
    }

    /** STM (User registers). */
    static void storeUser(Cpu cpu, int list, int address) {
        CpuState s = cpu.state;
        for (int bits = list; bits != 0; bits &= bits - 1) {
            DataAccess.write32Aligned(cpu, address, s.userReg(Integer.numberOfTrailingZeros(bits)));
            address += 4;
        }
    }

    /**
     * SRS: stores LR and SPSR of the current mode to the stack of {@code mode}. UNDEFINED in User
     * mode and for invalid modes (QEMU's choice for these UNPREDICTABLE cases).
     */
    static void storeReturnState(Cpu cpu, int mode, boolean increment, boolean before, boolean writeback) {
        CpuState s = cpu.state;
        if (!s.privileged() || !Mode.isValid(mode)) {
            throw UndefinedInstruction.INSTANCE;
        }
        int base = StatusRegisters.bankedSp(s, mode);
        int address = startAddress(base, 2, increment, before);
        DataAccess.write32Aligned(cpu, address, s.r[14]);
        DataAccess.write32Aligned(cpu, address + 4, s.spsr());
        if (writeback) {
            StatusRegisters.setBankedSp(s, mode, finalBase(base, 2, increment));
        }
    }

    /** RFE: loads PC and CPSR and returns from the exception. UNDEFINED in User mode. */
    static void returnFromException(Cpu cpu, int rn, boolean increment, boolean before, boolean writeback) {
        CpuState s = cpu.state;
        if (!s.privileged() || rn == 15) {
            throw UndefinedInstruction.INSTANCE;
        }
        int base = s.r[rn];
        int address = startAddress(base, 2, increment, before);
        int pc = DataAccess.read32Aligned(cpu, address);
        int cpsr = DataAccess.read32Aligned(cpu, address + 4);
        if (writeback) {
            s.r[rn] = finalBase(base, 2, increment);
        }
        StatusRegisters.exceptionReturn(cpu, pc, cpsr);
    }
}
