package dev.hilfarm.emulator.vfp;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import dev.hilfarm.emulator.memory.DirectMemory;
import dev.hilfarm.emulator.memory.MemoryAbort;
import dev.hilfarm.emulator.memory.Ram;

/**
 * Runs one differential-test case on a {@link VfpUnit} the way the bare-metal runner runs it on
 * QEMU: VFP enabled, SVC mode, APSR flags clear, s0-s15, FPSCR, r0-r3 and the 64-byte memory window
 * at {@link #WINDOW} loaded, one instruction. The result is the same 40-word record the QEMU runner
 * prints: {FPSCR, s0..s15, undefined (1) or aborted (2), APSR flags, r0..r3, the window, FPEXC}.
 */
final class VfpCaseRunner {
    static final int RECORD_IN = 38;
    static final int RECORD_OUT = 40;
    /** Where the runner's case_buffer is linked (link.ld). */
    static final int WINDOW = 0x60010000;

    private final Ram ram = new Ram(WINDOW - 4096, 3 * 4096);
    private final Cpu cpu = new Cpu();
    private final VfpUnit unit = new VfpUnit(() -> 0xf << 20);

    VfpCaseRunner() {
        cpu.fpu = unit;
        cpu.memory = new DirectMemory(ram);
    }

    int[] run(int[] in) {
        unit.reset();
        unit.setFpexc(VfpUnit.FPEXC_EN);
        for (int i = 0; i < 16; i++) {
            unit.setSingle(i, in[2 + i]);
            ram.write32(WINDOW + 4 * i, in[22 + i]);
        }
        for (int i = 0; i < 4; i++) {
            cpu.state.setReg(i, in[18 + i]);
        }
        unit.setFpscr(in[1]);
        cpu.state.setFlags(0);
        int failed = 0;
        try {
            unit.execute(cpu, in[0]);
        } catch (UndefinedInstruction e) {
            failed = 1;
        } catch (MemoryAbort e) {
            failed = 2;
        }
        int[] out = new int[RECORD_OUT];
        out[0] = unit.fpscr();
        for (int i = 0; i < 16; i++) {
            out[1 + i] = unit.single(i);
            out[23 + i] = ram.read32(WINDOW + 4 * i);
        }
        out[17] = failed;
        out[18] = cpu.state.cpsr() & Fpscr.NZCV;
        for (int i = 0; i < 4; i++) {
            out[19 + i] = cpu.state.reg(i);
        }
        out[39] = unit.fpexc();
        return out;
    }
}
