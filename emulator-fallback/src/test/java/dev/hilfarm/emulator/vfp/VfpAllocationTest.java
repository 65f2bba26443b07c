package dev.hilfarm.emulator.vfp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import dev.hilfarm.emulator.memory.DirectMemory;
import dev.hilfarm.emulator.memory.Ram;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Executing VFP instructions, the UNDEFINED trap of a disabled unit included, allocates nothing. */
class VfpAllocationTest {
    private static final int[] PROGRAM = {
        VfpEncoding.threeOperand(VfpEncoding.VADD, false, 0, 1, 2),
        VfpEncoding.threeOperand(VfpEncoding.VMLA, true, 0, 1, 2),
        VfpEncoding.threeOperand(VfpEncoding.VDIV, true, 3, 1, 2),
        VfpEncoding.threeOperand(VfpEncoding.VDIV, false, 3, 1, 2),
        VfpEncoding.threeOperand(VfpEncoding.VMUL, true, 4, 1, 2),
        VfpEncoding.vsqrt(true, 5, 1),
        VfpEncoding.vsqrt(false, 5, 1),
        VfpEncoding.vcmp(true, true, 1, 2),
        VfpEncoding.vcvtToInteger(true, true, true, 6, 1),
        VfpEncoding.vcvtFromInteger(true, true, 6, 6),
        VfpEncoding.vcvtPrecision(true, 7, 1),
        VfpEncoding.vcvtHalf(true, false, 8, 7),
        VfpEncoding.vcvtFixed(false, true, false, true, 9, 16),
        VfpEncoding.vmrs(1, 0),
        VfpEncoding.vmrs(1, 15),
        VfpEncoding.vldr(false, true, 1, 1, 8),
        VfpEncoding.vldm(true, true, true, false, 1, 0, 4),
    };

    @Test
    void theExecutionPathAllocatesNothing() {
        Cpu cpu = new Cpu();
        VfpUnit unit = new VfpUnit(() -> 0xf << 20);
        cpu.fpu = unit;
        cpu.memory = new DirectMemory(new Ram(0, 0x1000));
        cpu.state.setReg(1, 0x100);
        int vadd = PROGRAM[0];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long undefinedTraps = 0;
        long allocated = 0;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                unit.setFpexc(VfpUnit.FPEXC_EN);
                unit.setFpscr((i & 3) << Fpscr.RMODE_SHIFT);
                unit.setDoubleRegister(0, 0x3ff0000000000000L + i);
                unit.setDoubleRegister(1, 0x4008000000000000L - i);
                for (int insn : PROGRAM) {
                    unit.execute(cpu, insn);
                }
                unit.setFpexc(0);
                try {
                    unit.execute(cpu, vadd);
                } catch (UndefinedInstruction expected) {
                    undefinedTraps++;
                }
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before; // the last round counts: warmed up
        }
        assertEquals(60_000, undefinedTraps);
        assertEquals(0, allocated, "bytes allocated while executing");
    }
}
