package dev.hilfarm.emulator.debug;

import java.util.ArrayList;
import java.util.List;

/**
 * The first point where QEMU and the emulator disagree, with what is needed to find the cause:
 * the instruction (number in the run, address, encoding), the register files before it and after
 * it on both sides, and the instructions that led there.
 *
 * @param kind            what disagreed
 * @param instruction     1-based number of the instruction after which the states differ; for
 *                        {@link Kind#BEFORE_COMPARED_RANGE} and {@link Kind#INITIAL_STATE}, the number
 *                        of instructions executed when the states were found to differ
 * @param pc              address of that instruction (at a sync point: of the next one)
 * @param thumb           whether it is a Thumb instruction
 * @param word            its encoding as read from the emulator's memory (Thumb 32-bit: first halfword high)
 * @param size            its size in bytes (0 when the address is unmapped)
 * @param qemuWord        its encoding as read from QEMU's memory (differs only if the images differ)
 * @param before          r0-r15 and CPSR before it, on which both agreed (null at a sync point)
 * @param qemu            r0-r15 and CPSR after it on QEMU
 * @param emulator        r0-r15 and CPSR after it on the emulator
 * @param qemuVfp         d0-d15 then FPSCR on QEMU, when VFP registers were compared and differ; else null
 * @param emulatorVfp     the same on the emulator
 * @param recent          the instructions executed before it, oldest first, ending with it
 * @param message         one line saying what happened
 */
public record Divergence(Kind kind, long instruction, int pc, boolean thumb, int word, int size, int qemuWord,
                         int[] before, int[] qemu, int[] emulator, long[] qemuVfp, long[] emulatorVfp,
                         List<Executed> recent, String message) {

    public enum Kind {
        /** r0-r15 or CPSR differ after an instruction. */
        REGISTERS,
        /** d0-d15 or FPSCR differ after a VFP instruction. */
        VFP_REGISTERS,
        /** One side's program ended and the other's did not, or with another status. */
        EXIT,
        /** The states differ where fast-forwarding met: the cause lies before the compared range. */
        BEFORE_COMPARED_RANGE,
        /** The states differ before the first instruction (reset state, image loading). */
        INITIAL_STATE
    }

    /** One instruction of the history: its number in the run, address, encoding and size. */
    public record Executed(long number, int pc, boolean thumb, int word, int size) {
    }

    public static final String[] REGISTER_NAMES = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc", "cpsr"
    };

    /** Names of the core registers that differ between QEMU and the emulator. */
    public List<String> differingRegisters() {
        List<String> names = new ArrayList<>();
        if (qemu != null && emulator != null) {
            for (int i = 0; i < REGISTER_NAMES.length; i++) {
                if (qemu[i] != emulator[i]) {
                    names.add(REGISTER_NAMES[i]);
                }
            }
        }
        if (qemuVfp != null && emulatorVfp != null) {
            for (int i = 0; i < qemuVfp.length; i++) {
                if (qemuVfp[i] != emulatorVfp[i]) {
                    names.add(i == qemuVfp.length - 1 ? "fpscr" : "d" + i);
                }
            }
        }
        return names;
    }

    /**
     * The full report: the instruction with its disassembly, both register files with the
     * differing ones marked, and the recent history. Disassembles with arm-none-eabi-objdump when
     * it is installed.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("lockstep divergence (").append(kind).append("): ").append(message).append('\n');
        if (size > 0) {
            boolean atSyncPoint = kind == Kind.BEFORE_COMPARED_RANGE || kind == Kind.INITIAL_STATE;
            out.append(String.format("%s %d at 0x%08x (%s): %s  %s%n", atSyncPoint ? "next instruction" : "instruction",
                    atSyncPoint ? instruction + 1 : instruction, pc, thumb ? "Thumb" : "ARM",
                    encoding(word, size, thumb), disassembly(pc, thumb, word, size)));
            if (qemuWord != word) {
                out.append(String.format("  QEMU's memory holds %s there%n", encoding(qemuWord, size, thumb)));
            }
        }
        if (qemu != null && emulator != null) {
            out.append(String.format("%-6s %-12s %-12s %-12s%n", "reg", before != null ? "before" : "", "qemu", "emulator"));
            for (int i = 0; i < REGISTER_NAMES.length; i++) {
                out.append(String.format("%-6s %-12s 0x%08x   0x%08x%s%n", REGISTER_NAMES[i],
                        before != null ? String.format("0x%08x", before[i]) : "", qemu[i], emulator[i],
                        qemu[i] != emulator[i] ? "   <<< differs" : ""));
            }
        }
        if (qemuVfp != null && emulatorVfp != null) {
            out.append(String.format("%-6s %-18s %-18s%n", "vfp", "qemu", "emulator"));
            for (int i = 0; i < qemuVfp.length; i++) {
                String name = i == qemuVfp.length - 1 ? "fpscr" : "d" + i;
                out.append(String.format("%-6s 0x%016x 0x%016x%s%n", name, qemuVfp[i], emulatorVfp[i],
                        qemuVfp[i] != emulatorVfp[i] ? "   <<< differs" : ""));
            }
        }
        if (!recent.isEmpty()) {
            out.append("last ").append(recent.size()).append(" instructions:\n");
            for (Executed e : recent) {
                out.append(String.format("  %10d  0x%08x  %-9s  %s%n", e.number(), e.pc(),
                        e.size() == 0 ? "?" : encoding(e.word(), e.size(), e.thumb()),
                        e.size() == 0 ? "(unmapped)" : disassembly(e.pc(), e.thumb(), e.word(), e.size())));
            }
        }
        return out.toString();
    }

    private static String encoding(int word, int size, boolean thumb) {
        if (size == 2) {
            return String.format("%04x", word & 0xffff);
        }
        return thumb ? String.format("%04x %04x", word >>> 16, word & 0xffff) : String.format("%08x", word);
    }

    private static String disassembly(int pc, boolean thumb, int word, int size) {
        if (!Disassembler.available()) {
            return "(install " + Disassembler.DEBIAN_PACKAGE + " for disassembly)";
        }
        byte[] bytes;
        if (thumb && size == 4) {
            // In memory: first halfword, then second, each little-endian.
            bytes = new byte[] {(byte) (word >>> 16), (byte) (word >>> 24), (byte) word, (byte) (word >>> 8)};
        } else if (size == 2) {
            bytes = new byte[] {(byte) word, (byte) (word >>> 8)};
        } else {
            bytes = new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)};
        }
        try {
            return Disassembler.disassemble(pc, thumb, bytes);
        } catch (RuntimeException e) {
            return "(objdump failed: " + e.getMessage() + ")";
        }
    }
}
