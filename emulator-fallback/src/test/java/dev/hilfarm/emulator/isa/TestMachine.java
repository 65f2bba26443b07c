package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.memory.DirectMemory;
import dev.hilfarm.emulator.memory.Ram;

/**
 * A bare core for instruction tests: RAM at 0x60000000 (one MiB for snippets, as much as a whole
 * program needs otherwise) behind {@link DirectMemory}
 * (MMU off), the ARM and Thumb executors, vectors at the snippet's table (VBAR), and a snippet of
 * assembly assembled with the real toolchain around a fixed frame:
 *
 * <pre>
 * vectors:   eight branches to handler_und, handler_svc, handler_pabt, handler_dabt, handler_irq, handler_fiq
 * _start:    the snippet (ARM or Thumb)
 * done:      udf marker
 *            the optional tail (data, handlers); any handler it does not define stops at a marker
 * </pre>
 *
 * The core starts at {@code _start} in SVC mode with interrupts masked and SP near the top of
 * RAM, and runs until it reaches a marker UDF ({@code udf #0xfeed} in ARM state, {@code udf #0xfe}
 * in Thumb state) without executing it.
 */
final class TestMachine {
    static final int RAM_BASE = Toolchain.TEXT_BASE;
    static final int SNIPPET_RAM_SIZE = 1 << 20;
    static final int STACK_TOP = RAM_BASE + 0x80000;
    static final int ARM_MARKER = 0xe7ffeefd;
    static final int THUMB_MARKER = 0xdefe;
    static final String[] HANDLERS = {"handler_und", "handler_svc", "handler_pabt", "handler_dabt", "handler_irq", "handler_fiq"};

    final Cpu cpu = new Cpu();
    final CpuState s = cpu.state;
    final Ram ram;
    final TestSystemControl systemControl = new TestSystemControl();
    final TestSemihosting semihosting = new TestSemihosting();
    final ElfImage image;
    private long steps;

    /** A whole program built elsewhere, started at its entry point in SVC mode; vectors at 0 (nothing there). */
    static TestMachine fromElf(ElfImage image) {
        long end = image.highestAddress() & 0xffffffffL;
        int size = (int) ((end - RAM_BASE + (1 << 20) + 0xfffff) & ~0xfffffL);
        return new TestMachine(image, (image.entry() & 1) != 0, size);
    }

    private TestMachine(ElfImage image, boolean thumb, int ramSize) {
        this.image = image;
        this.ram = new Ram(RAM_BASE, ramSize);
        cpu.memory = DirectMemory.withCodeCache(new TestBus(ram)); // runs the fast tier, as the machine does
        cpu.arm = new ArmInstructions();
        cpu.thumb = new ThumbInstructions();
        cpu.systemControl = systemControl;
        cpu.semihosting = semihosting;
        image.loadInto(ram);
        cpu.reset(image.entry() & ~1);
        s.thumb = thumb;
        s.r[13] = STACK_TOP;
        systemControl.vectorBase = image.hasSymbol("vectors") ? image.symbol("vectors") : 0;
    }

    static TestMachine arm(String body) {
        return build(body, "", false);
    }

    static TestMachine arm(String body, String tail) {
        return build(body, tail, false);
    }

    static TestMachine thumb(String body) {
        return build(body, "", true);
    }

    static TestMachine thumb(String body, String tail) {
        return build(body, tail, true);
    }

    private static TestMachine build(String body, String tail, boolean thumb) {
        StringBuilder src = new StringBuilder();
        src.append("  .syntax unified\n  .text\n  .arm\n  .balign 32\nvectors:\n  b done_unexpected_reset\n");
        for (int i = 0; i < 4; i++) {
            src.append("  b ").append(HANDLERS[i]).append('\n');
        }
        src.append("  b done_unexpected_reset\n  b handler_irq\n  b handler_fiq\n");
        src.append("  .global _start\n");
        src.append(thumb ? "  .thumb\n  .thumb_func\n" : "  .arm\n");
        src.append("_start:\n").append(body).append('\n');
        src.append("done:\n").append(thumb ? "  udf #0xfe\n" : "  udf #0xfeed\n");
        src.append("  .align 2\n").append(tail).append('\n');
        src.append("  .arm\n  .align 2\ndone_unexpected_reset:\n  udf #0xfeed\n");
        for (String handler : HANDLERS) {
            src.append("  .ifndef ").append(handler).append('\n')
                    .append(handler).append(":\n  udf #0xfeed\n  .endif\n");
        }
        return new TestMachine(ElfImage.parse(Toolchain.assembleAndLink(src.toString())), thumb, SNIPPET_RAM_SIZE);
    }

    /** Runs to the next marker; fails after a million instructions. */
    TestMachine run() {
        return run(1_000_000);
    }

    TestMachine run(int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            if (atMarker() || semihosting.exited) {
                return this;
            }
            cpu.step();
            steps++;
        }
        fail("no marker reached after " + maxSteps + " instructions; pc=" + hex(s.pc) + " near " + nearestSymbol(s.pc));
        return this;
    }

    /** Runs to the marker after {@code done}, failing with where it stopped otherwise. */
    TestMachine runToDone() {
        run();
        assertStoppedAt("done");
        return this;
    }

    boolean atMarker() {
        if (s.thumb) {
            return cpu.memory.fetch16(s.pc) == THUMB_MARKER;
        }
        return cpu.memory.fetch32(s.pc) == ARM_MARKER;
    }

    void assertStoppedAt(String label) {
        int expected = image.symbol(label) & ~1;
        if (s.pc != expected) {
            fail("stopped at " + hex(s.pc) + " (" + nearestSymbol(s.pc) + ", mode " + Integer.toHexString(s.mode())
                    + ", lr " + hex(s.r[14]) + ") instead of " + label);
        }
    }

    String nearestSymbol(int address) {
        String best = "?";
        long bestDistance = Long.MAX_VALUE;
        for (String name : symbolNames()) {
            long distance = (address & 0xffffffffL) - (image.symbol(name) & ~1 & 0xffffffffL);
            if (distance >= 0 && distance < bestDistance) {
                bestDistance = distance;
                best = name + "+" + distance;
            }
        }
        return best;
    }

    private Iterable<String> symbolNames() {
        return image.symbolNames();
    }

    int r(int index) {
        return s.r[index];
    }

    int symbol(String name) {
        return image.symbol(name);
    }

    int word(String label, int offset) {
        return ram.read32(image.symbol(label) + offset);
    }

    long steps() {
        return steps;
    }

    /** Asserts N, Z, C, V as a string such as "nZcV" (capital = set). */
    void assertFlags(String expected) {
        String actual = (s.n != 0 ? "N" : "n") + (s.z != 0 ? "Z" : "z") + (s.c != 0 ? "C" : "c") + (s.v != 0 ? "V" : "v");
        assertEquals(expected, actual, "flags");
    }

    void assertReg(int index, int expected) {
        assertEquals(hex(expected), hex(s.r[index]), "r" + index);
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
