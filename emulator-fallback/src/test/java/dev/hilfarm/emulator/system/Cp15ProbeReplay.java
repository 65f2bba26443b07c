package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Coprocessor;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * Runs the sequence of bare-metal/cp15-probe.c against {@link Cp15} and {@link Cp14Debug} directly,
 * in the same order and with the same output format, so that its output can be compared line by
 * line with what the probe printed on QEMU.
 */
final class Cp15ProbeReplay {
    private static final int ENCODINGS = 8 * 16 * 16 * 8;
    private static final int ALL_CRN = 0xffff;
    private static final int PMU_CRN = (1 << 9) | (1 << 14);

    private final Cpu cpu = new Cpu();
    private final Cp15 cp15;
    private final Cp14Debug cp14;
    private final StringBuilder out = new StringBuilder();
    private boolean privileged = true;

    /** {@code vectorBase}: the VBAR the probe's start-up code set (where its vectors were linked). */
    Cp15ProbeReplay(CpuModel model, int privatePeripheralBase, int vectorBase) {
        cp15 = new Cp15(cpu, model, privatePeripheralBase, new RamBus(0, 0x1000));
        cp14 = new Cp14Debug(model);
        cp15.mcr(cpu.state, 0, 12, 0, 0, vectorBase);
    }

    String run() {
        line("probe start");
        boolean[][] pl1 = new boolean[2][ENCODINGS];
        readPass(15, pl1[0], ALL_CRN);
        readPass(14, pl1[1], ALL_CRN);
        read64Pass(15);
        read64Pass(14);
        writePass(15, pl1[0], ALL_CRN);
        writePass(14, pl1[1], ALL_CRN);
        line("pl1 done");

        user();
        line("in user");
        boolean[][] pl0 = new boolean[2][ENCODINGS];
        readPass(15, pl0[0], ALL_CRN);
        readPass(14, pl0[1], ALL_CRN);
        read64Pass(15);
        read64Pass(14);
        writePass(15, pl0[0], ALL_CRN);
        writePass(14, pl0[1], ALL_CRN);
        supervisor();

        tryWrite(15, 0, 9, 14, 0, 1);
        line("pmuserenr=1");
        user();
        boolean[] pmu = new boolean[ENCODINGS];
        readPass(15, pmu, PMU_CRN);
        writePass(15, pmu, PMU_CRN);
        supervisor();
        tryWrite(15, 0, 9, 14, 0, 0);
        line("probe end");
        return out.toString();
    }

    private void user() {
        cpu.state.switchMode(Mode.USR);
        privileged = false;
    }

    private void supervisor() {
        cpu.state.switchMode(Mode.SVC);
        privileged = true;
    }

    private Coprocessor coprocessor(int cp) {
        return cp == 15 ? cp15 : cp14;
    }

    private static int index(int opc1, int crn, int crm, int opc2) {
        return ((opc1 * 16 + crn) * 16 + crm) * 8 + opc2;
    }

    private void readPass(int cp, boolean[] readable, int crnSet) {
        for (int opc1 = 0; opc1 < 8; opc1++) {
            for (int crn = 0; crn < 16; crn++) {
                if (((crnSet >> crn) & 1) == 0) {
                    continue;
                }
                for (int crm = 0; crm < 16; crm++) {
                    for (int opc2 = 0; opc2 < 8; opc2++) {
                        try {
                            int value = coprocessor(cp).mrc(cpu.state, opc1, crn, crm, opc2);
                            readable[index(opc1, crn, crm, opc2)] = true;
                            line(head("read", cp, opc1, crn, crm, opc2) + " = " + hex(value));
                        } catch (UndefinedInstruction trapped) {
                            // not readable at this privilege
                        }
                    }
                }
            }
        }
    }

    private void writePass(int cp, boolean[] readable, int crnSet) {
        for (int opc1 = 0; opc1 < 8; opc1++) {
            for (int crn = 0; crn < 16; crn++) {
                if (((crnSet >> crn) & 1) == 0) {
                    continue;
                }
                for (int crm = 0; crm < 16; crm++) {
                    for (int opc2 = 0; opc2 < 8; opc2++) {
                        if (cp == 15 && crn == 7 && crm == 0 && opc2 == 4) {
                            continue;
                        }
                        if (readable[index(opc1, crn, crm, opc2)]) {
                            boolean sctlrOrScr = cp == 15 && opc1 == 0 && crn == 1 && (crm == 0 || crm == 1) && opc2 == 0;
                            writeMasks(cp, opc1, crn, crm, opc2, sctlrOrScr ? 0xfffffffe : 0xffffffff);
                        } else if (tryWrite(cp, opc1, crn, crm, opc2, 0)) {
                            line(head("wonly", cp, opc1, crn, crm, opc2));
                        }
                    }
                }
            }
        }
    }

    /** The probe's save / write ones / read / write zero / read / restore sequence; any trap marks it undef. */
    private void writeMasks(int cp, int opc1, int crn, int crm, int opc2, int ones) {
        boolean trapped = false;
        int original = 0;
        int afterOnes = 0;
        int afterZero = 0;
        Coprocessor c = coprocessor(cp);
        try {
            original = c.mrc(cpu.state, opc1, crn, crm, opc2);
        } catch (UndefinedInstruction e) {
            trapped = true;
        }
        trapped |= !tryWrite(cp, opc1, crn, crm, opc2, ones);
        try {
            afterOnes = c.mrc(cpu.state, opc1, crn, crm, opc2);
        } catch (UndefinedInstruction e) {
            trapped = true;
        }
        trapped |= !tryWrite(cp, opc1, crn, crm, opc2, 0);
        try {
            afterZero = c.mrc(cpu.state, opc1, crn, crm, opc2);
        } catch (UndefinedInstruction e) {
            trapped = true;
        }
        trapped |= !tryWrite(cp, opc1, crn, crm, opc2, original);
        String head = head("wmask", cp, opc1, crn, crm, opc2);
        line(trapped ? head + " undef" : head + " " + hex(ones) + "->" + hex(afterOnes) + " 0->" + hex(afterZero));
    }

    /** Returns true when the write did not trap. */
    private boolean tryWrite(int cp, int opc1, int crn, int crm, int opc2, int value) {
        try {
            coprocessor(cp).mcr(cpu.state, opc1, crn, crm, opc2, value);
            return true;
        } catch (UndefinedInstruction trapped) {
            return false;
        }
    }

    private void read64Pass(int cp) {
        for (int opc1 = 0; opc1 < 16; opc1++) {
            for (int crm = 0; crm < 16; crm++) {
                try {
                    long value = coprocessor(cp).mrrc(cpu.state, opc1, crm);
                    line((privileged ? "read64 pl1 p" : "read64 pl0 p") + cp + " " + opc1 + " c" + crm + " = "
                            + hex((int) (value >>> 32)) + hex((int) value));
                } catch (UndefinedInstruction trapped) {
                    // no 64-bit register here
                }
            }
        }
    }

    private String head(String what, int cp, int opc1, int crn, int crm, int opc2) {
        return what + (privileged ? " pl1 p" : " pl0 p") + cp + " " + opc1 + " c" + crn + " c" + crm + " " + opc2;
    }

    private static String hex(int value) {
        return String.format("%08x", value);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
