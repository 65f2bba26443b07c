package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.memory.Bus;
import dev.hilfarm.emulator.memory.MemoryAbort;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An MMU scenario (mmu-scenario.txt): a list of operations that either run here, against
 * {@link Cp15} and {@link MmuMemory}, or compile into the ops[] table of the bare-metal interpreter
 * bare-metal/mmu-scenario.c for QEMU. Both print the same lines, so one recording of QEMU's output
 * checks the emulator.
 */
final class MmuScenario {
    /** Operation codes, in the order of the OP_ constants the C interpreter uses. */
    enum Op {
        END, ECHO, PW, CP, TLBIALL, TLBIMVA, TLBIASID, TLBIMVAA, R8, R16, R32, W8, W16, W32,
        RT8, RT32, WT8, WT32, LDREX, EXEC, ATS
    }

    /** The CP15 registers a scenario may write, in the order of the C interpreter's set_reg. */
    private static final List<String> REGISTERS =
            List.of("SCTLR", "TTBR0", "TTBR1", "TTBCR", "DACR", "CONTEXTIDR", "PRRR", "NMRR", "FCSEIDR");
    /** opc1, CRn, CRm, opc2 of each register. */
    private static final int[][] ENCODINGS = {
            {0, 1, 0, 0}, {0, 2, 0, 0}, {0, 2, 0, 1}, {0, 2, 0, 2}, {0, 3, 0, 0}, {0, 13, 0, 1},
            {0, 10, 2, 0}, {0, 10, 2, 1}, {0, 13, 0, 0}};
    private static final Map<String, Op> WORDS = Map.of("tlb all", Op.TLBIALL, "tlb mva", Op.TLBIMVA,
            "tlb asid", Op.TLBIASID, "tlb mvaa", Op.TLBIMVAA, "x", Op.EXEC);

    record Step(Op op, int[] args, String text) {
    }

    private final List<Step> steps;

    private MmuScenario(List<Step> steps) {
        this.steps = steps;
    }

    static MmuScenario parse(String source) {
        List<Step> steps = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : source.split("\n")) {
            lineNumber++;
            String line = raw.strip();
            if (line.startsWith("echo ")) {
                steps.add(new Step(Op.ECHO, new int[0], line.substring(5)));
                continue;
            }
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                steps.add(step(words));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("mmu scenario line " + lineNumber + ": " + raw, e);
            }
        }
        return new MmuScenario(steps);
    }

    private static Step step(String[] words) {
        if (words[0].equals("cp")) {
            int register = REGISTERS.indexOf(words[1]);
            if (register < 0) {
                throw new IllegalArgumentException("unknown register " + words[1]);
            }
            return new Step(Op.CP, new int[] {register, number(words[2])}, null);
        }
        if (words[0].equals("tlb")) {
            Op op = WORDS.get("tlb " + words[1]);
            return new Step(op, words.length > 2 ? new int[] {number(words[2])} : new int[0], null);
        }
        Op op = WORDS.containsKey(words[0]) ? WORDS.get(words[0]) : Op.valueOf(words[0].toUpperCase());
        int[] args = new int[words.length - 1];
        for (int i = 1; i < words.length; i++) {
            args[i - 1] = number(words[i]);
        }
        return new Step(op, args, null);
    }

    private static int number(String text) {
        return text.startsWith("0x") ? Integer.parseUnsignedInt(text.substring(2), 16) : Integer.parseInt(text);
    }

    /** The scenario.h the C interpreter includes: OP_ constants and the ops[] table. */
    String cHeader() {
        StringBuilder h = new StringBuilder("/* Generated from mmu-scenario.txt by MmuScenario.java. */\n");
        for (Op op : Op.values()) {
            h.append("#define OP_").append(op.name()).append(' ').append(op.ordinal()).append('\n');
        }
        h.append("static const u32 ops[] = {\n");
        for (Step step : steps) {
            h.append("  OP_").append(step.op().name());
            if (step.op() == Op.ECHO) {
                byte[] text = (step.text() + "\0").getBytes(StandardCharsets.ISO_8859_1);
                int words = (text.length + 3) / 4;
                h.append(", ").append(words);
                for (int w = 0; w < words; w++) {
                    int value = 0;
                    for (int b = 0; b < 4 && w * 4 + b < text.length; b++) {
                        value |= (text[w * 4 + b] & 0xff) << (8 * b);
                    }
                    h.append(String.format(", 0x%08xu", value));
                }
            } else {
                for (int arg : step.args()) {
                    h.append(String.format(", 0x%08xu", arg));
                }
            }
            h.append(",\n");
        }
        h.append("  OP_END\n};\n");
        return h.toString();
    }

    /** Runs the scenario on the emulator's MMU and returns what the interpreter would print. */
    String run(Cp15 cp15, MmuMemory memory, Bus bus, CpuState state) {
        StringBuilder out = new StringBuilder();
        for (Step step : steps) {
            int[] a = step.args();
            switch (step.op()) {
                case ECHO -> out.append("# ").append(step.text()).append('\n');
                case PW -> bus.write32(a[0], a[1]);
                case CP -> {
                    int[] e = ENCODINGS[a[0]];
                    cp15.mcr(state, e[0], e[1], e[2], e[3], a[1]);
                }
                case TLBIALL -> cp15.mcr(state, 0, 8, 7, 0, 0);
                case TLBIMVA -> cp15.mcr(state, 0, 8, 7, 1, a[0]);
                case TLBIASID -> cp15.mcr(state, 0, 8, 7, 2, a[0]);
                case TLBIMVAA -> cp15.mcr(state, 0, 8, 7, 3, a[0]);
                case ATS -> {
                    cp15.mcr(state, 0, 7, 8, a[0], a[1]);
                    out.append(String.format("ats%d %08x PAR=%08x\n", a[0], a[1], cp15.par()));
                }
                case END -> {
                    return out.toString();
                }
                default -> out.append(access(step.op(), a, cp15, memory)).append('\n');
            }
        }
        return out.toString();
    }

    private static String access(Op op, int[] a, Cp15 cp15, MmuMemory memory) {
        String name = op == Op.EXEC ? "x" : op.name().toLowerCase();
        String head = String.format("%s %08x", name, a[0]);
        try {
            switch (op) {
                case R8:
                    return head + String.format(" = %08x", memory.read8(a[0]));
                case R16:
                    return head + String.format(" = %08x", memory.read16(a[0]));
                case R32:
                    return head + String.format(" = %08x", memory.read32(a[0]));
                case RT8:
                    return head + String.format(" = %08x", memory.readUnprivileged(a[0], 1));
                case RT32:
                    return head + String.format(" = %08x", memory.readUnprivileged(a[0], 4));
                case LDREX:
                    return head + String.format(" = %08x", memory.read32Aligned(a[0]));
                case W8:
                    memory.write8(a[0], a[1]);
                    return head + " ok";
                case W16:
                    memory.write16(a[0], a[1]);
                    return head + " ok";
                case W32:
                    memory.write32(a[0], a[1]);
                    return head + " ok";
                case WT8:
                    memory.writeUnprivileged(a[0], 1, a[1]);
                    return head + " ok";
                case WT32:
                    memory.writeUnprivileged(a[0], 4, a[1]);
                    return head + " ok";
                case EXEC:
                    memory.fetch32(a[0]);
                    return head + " ok";
                default:
                    throw new IllegalStateException("not an access: " + op);
            }
        } catch (MemoryAbort abort) {
            if (abort.isPrefetch()) {
                return head + String.format(" PABT IFSR=%08x IFAR=%08x", cp15.ifsr(), cp15.ifar());
            }
            return head + String.format(" DABT DFSR=%08x DFAR=%08x", cp15.dfsr(), cp15.dfar());
        }
    }
}
