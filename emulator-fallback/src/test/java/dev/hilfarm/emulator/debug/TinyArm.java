package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.InstructionSet;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * A test double for the ARM instruction set: just enough (MOV/ADD immediate, LDR/STR immediate
 * offset, B, NOP, WFI, all unconditional) to run the little programs the debug stub's protocol
 * tests step through, independent of the real executors.
 */
final class TinyArm implements InstructionSet {
    static final int NOP = 0xe320f000;
    static final int WFI = 0xe320f003;

    static int movImm(int rd, int imm8) {
        return 0xe3a00000 | (rd << 12) | imm8;
    }

    static int addImm(int rd, int rn, int imm8) {
        return 0xe2800000 | (rn << 16) | (rd << 12) | imm8;
    }

    static int str(int rt, int rn, int offset) {
        return 0xe5800000 | (rn << 16) | (rt << 12) | offset;
    }

    static int ldr(int rt, int rn, int offset) {
        return 0xe5900000 | (rn << 16) | (rt << 12) | offset;
    }

    /** B from {@code from} to {@code to}. */
    static int branch(int from, int to) {
        return 0xea000000 | (((to - from - 8) >> 2) & 0xffffff);
    }

    @Override
    public void execute(Cpu cpu, int insn) {
        CpuState s = cpu.state;
        if (insn == NOP) {
            return;
        }
        if (insn == WFI) {
            cpu.waitingForInterrupt = true;
            return;
        }
        int rd = (insn >>> 12) & 0xf;
        int rn = (insn >>> 16) & 0xf;
        switch (insn & 0xfff00000) {
            case 0xe3a00000:
                s.setReg(rd, rotatedImmediate(insn));
                return;
            case 0xe2800000:
                s.setReg(rd, s.reg(rn) + rotatedImmediate(insn));
                return;
            case 0xe5800000:
                cpu.memory.write32(s.reg(rn) + (insn & 0xfff), s.reg(rd));
                return;
            case 0xe5900000:
                s.setReg(rd, cpu.memory.read32(s.reg(rn) + (insn & 0xfff)));
                return;
            default:
                break;
        }
        if ((insn & 0xff000000) == 0xea000000) {
            s.branchWritePc(s.reg(15) + ((insn << 8) >> 6));
            return;
        }
        throw UndefinedInstruction.INSTANCE;
    }

    private static int rotatedImmediate(int insn) {
        return Integer.rotateRight(insn & 0xff, 2 * ((insn >>> 8) & 0xf));
    }
}
