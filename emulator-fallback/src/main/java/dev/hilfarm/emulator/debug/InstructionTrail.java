package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.RecentInstructions;
import dev.hilfarm.emulator.memory.Bus;
import java.util.Locale;

/**
 * The last instructions a core executed, as a user reads them after a kernel panic, a timeout or
 * an emulator fault: address, encoding and, for the most recent ones, the disassembly (when
 * Debian's arm-none-eabi-objdump is installed; one process per instruction, so only a few).
 */
public final class InstructionTrail {
    private static final int DISASSEMBLED = 16;

    private InstructionTrail() {
    }

    /** Up to {@code count} instructions, oldest first, then the registers. */
    public static String describe(Cpu cpu, Bus bus, RecentInstructions recent, int count) {
        DebugMemory memory = new DebugMemory(cpu, bus);
        boolean objdump = Disassembler.available();
        int n = Math.min(count, recent.size());
        StringBuilder out = new StringBuilder(64 * (n + 6));
        out.append(String.format(Locale.ROOT, "last %d instructions (oldest first; %d executed in all):%n", n,
                cpu.instructionsExecuted()));
        byte[] bytes = new byte[4];
        for (int age = n - 1; age >= 0; age--) {
            int pc = recent.pc(age);
            boolean thumb = recent.thumb(age);
            out.append(String.format(Locale.ROOT, "  %08x %s ", pc, thumb ? "T" : "A"));
            int read = memory.read(pc, bytes, 4);
            int size = !thumb ? 4 : read >= 2 ? Disassembler.thumbSize((bytes[0] & 0xff) | (bytes[1] & 0xff) << 8) : 2;
            if (read < size) {
                out.append("(not mapped now)\n");
                continue;
            }
            out.append(encoding(bytes, thumb, size));
            if (objdump && age < DISASSEMBLED) {
                byte[] one = java.util.Arrays.copyOf(bytes, size);
                try {
                    out.append("  ").append(Disassembler.disassemble(pc, thumb, one));
                } catch (RuntimeException e) {
                    // disassembly is a courtesy; the encoding is there
                }
            }
            out.append('\n');
        }
        var s = cpu.state;
        out.append(String.format(Locale.ROOT, "registers: pc %08x cpsr %08x (%s, %s)%n", s.pc, s.cpsr(), Mode.name(s.mode()),
                s.thumb ? "Thumb" : "ARM"));
        for (int r = 0; r < 15; r++) {
            out.append(String.format(Locale.ROOT, "  %-3s %08x", "r" + r, s.r[r]));
            if (r % 5 == 4) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String encoding(byte[] b, boolean thumb, int size) {
        if (!thumb) {
            return String.format(Locale.ROOT, "%08x    ", (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24);
        }
        int first = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        if (size == 2) {
            return String.format(Locale.ROOT, "%04x        ", first);
        }
        int second = (b[2] & 0xff) | (b[3] & 0xff) << 8;
        return String.format(Locale.ROOT, "%04x %04x   ", first, second);
    }
}
