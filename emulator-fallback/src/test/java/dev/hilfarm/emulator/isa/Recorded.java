package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Snippets that record results as they go: {@link #PROLOGUE} points r11 at a buffer and defines
 * {@code rec REG}, which appends the register and APSR (NZCVQ, GE) to it. Tests then check the
 * pairs in order, so one assembly run covers many cases. Uses r11 and r12.
 */
final class Recorded {
    static final String PROLOGUE = """
              .macro rec reg
              str \\reg, [r11], #4
              mrs r12, apsr
              str r12, [r11], #4
              .endm
              ldr r11, =results
            """;
    static final String TAIL = """
              .ltorg
              .align 3
            results:
              .space 2048
            """;

    private final TestMachine machine;
    private int index;

    private Recorded(TestMachine machine) {
        this.machine = machine;
    }

    static Recorded arm(String body) {
        return new Recorded(TestMachine.arm(PROLOGUE + body, TAIL).runToDone());
    }

    static Recorded thumb(String body) {
        return new Recorded(TestMachine.thumb(PROLOGUE + body, TAIL).runToDone());
    }

    TestMachine machine() {
        return machine;
    }

    /** The next recorded value and its flags, as "nzcv" letters (capitals set). */
    Recorded next(int value, String flags) {
        int v = machine.word("results", index * 8);
        int psr = machine.word("results", index * 8 + 4);
        String label = "record " + index;
        assertEquals(TestMachine.hex(value), TestMachine.hex(v), label + " value");
        assertEquals(flags, flagLetters(psr), label + " flags");
        index++;
        return this;
    }

    /** The next recorded value, with Q and GE[3:0] as well: e.g. "nzcv q ge=0101". */
    Recorded nextWithQGe(int value, boolean q, int ge) {
        int v = machine.word("results", index * 8);
        int psr = machine.word("results", index * 8 + 4);
        String label = "record " + index;
        assertEquals(TestMachine.hex(value), TestMachine.hex(v), label + " value");
        assertEquals((q ? "Q" : "q") + " ge=" + Integer.toBinaryString(0x10 | ((psr >>> 16) & 0xf)).substring(1),
                ((psr & (1 << 27)) != 0 ? "Q" : "q") + " ge=" + Integer.toBinaryString(0x10 | ge).substring(1),
                label + " Q/GE");
        index++;
        return this;
    }

    /** The next recorded value, flags not checked. */
    Recorded next(int value) {
        assertEquals(TestMachine.hex(value), TestMachine.hex(machine.word("results", index * 8)), "record " + index + " value");
        index++;
        return this;
    }

    /** Asserts that exactly the expected number of records was made. */
    void end() {
        int written = (machine.r(11) - machine.symbol("results")) / 8;
        assertEquals(index, written, "records written");
    }

    static String flagLetters(int psr) {
        return ((psr & 0x80000000) != 0 ? "N" : "n") + ((psr & 0x40000000) != 0 ? "Z" : "z")
                + ((psr & 0x20000000) != 0 ? "C" : "c") + ((psr & 0x10000000) != 0 ? "V" : "v");
    }
}
