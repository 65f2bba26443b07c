package dev.hilfarm.emulator.isa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A bare-metal program that runs generated instruction sequences and reports the register file
 * after each, for running unchanged on QEMU and on the emulator. Each case is a function in ARM
 * or Thumb state that loads r0-r12 and NZCVQ/GE from a table, runs its sequence, and stores
 * r0-r12 and APSR; a C driver calls every case, then prints one line per case over semihosting
 * (SYS_WRITE0) and exits (SYS_EXIT).
 */
final class DifferentialProgram {
    /** Words per case in the init and result tables: r0-r12 and the PSR. */
    static final int WORDS = 14;

    /**
     * One generated case. A memory case has a scratch buffer; its base registers start at the
     * buffer's middle ({@code baseRegisters}), whatever {@code initial} says for them.
     */
    record Case(int index, boolean thumb, List<String> instructions, int[] initial, byte[] scratch, int[] baseRegisters) {
        boolean memory() {
            return scratch != null;
        }

        String describe() {
            StringBuilder b = new StringBuilder("case " + index + (thumb ? " (Thumb" : " (ARM")
                    + (memory() ? ", memory)" : ")") + "\n  initial:");
            for (int i = 0; i < WORDS; i++) {
                b.append(i == 13 ? " psr=" : " r" + i + "=").append(isBase(i) ? "scratch+" + SCRATCH_MIDDLE : Integer.toHexString(initial[i]));
            }
            for (String insn : instructions) {
                b.append("\n    ").append(insn);
            }
            return b.toString();
        }

        boolean isBase(int register) {
            for (int r : baseRegisters) {
                if (r == register) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final int SCRATCH_MIDDLE = MemoryInstructionGenerator.SCRATCH_BYTES / 2;

    private static final String DRIVER = """
            typedef void (*case_fn)(void);
            extern const case_fn case_table[];
            extern const unsigned case_count;
            extern unsigned case_results[];
            extern const unsigned char *const case_scratch[];

            /* FNV-1a over a case's scratch buffer: what its stores left behind. */
            static unsigned scratch_hash(const unsigned char *p) {
                unsigned h = 2166136261u;
                if (!p) {
                    return 0;
                }
                for (int i = 0; i < %d; i++) {
                    h = (h ^ p[i]) * 16777619u;
                }
                return h;
            }

            static void semihost(int op, const void *arg) {
                register int r0 __asm__("r0") = op;
                register const void *r1 __asm__("r1") = arg;
                __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
            }

            static char *hex(char *p, unsigned v) {
                for (int shift = 28; shift >= 0; shift -= 4) {
                    *p++ = "0123456789abcdef"[(v >> shift) & 15];
                }
                return p;
            }

            static char line[256];

            void main(void) {
                for (unsigned i = 0; i < case_count; i++) {
                    case_table[i]();
                }
                for (unsigned i = 0; i < case_count; i++) {
                    char *p = hex(line, i);
                    for (int w = 0; w < %d; w++) {
                        *p++ = ' ';
                        p = hex(p, case_results[i * %d + w]);
                    }
                    *p++ = ' ';
                    p = hex(p, scratch_hash(case_scratch[i]));
                    *p++ = '\\n';
                    *p = 0;
                    semihost(4, line);
                }
                semihost(0x18, (const void *) 0x20026);
            }
            """.formatted(MemoryInstructionGenerator.SCRATCH_BYTES, WORDS, WORDS);

    private static final String START = """
              .syntax unified
              .arm
              .section .text.start, "ax"
              .global _start
            _start:
              ldr sp, =stack_top
              bl main
            1:
              b 1b
              .ltorg
            """;

    private static final String LINKER_SCRIPT = """
            ENTRY(_start)
            SECTIONS
            {
              . = 0x60000000;
              .text : { *(.text.start) *(.text*) *(.rodata*) }
              .data : { *(.data*) }
              .bss : { *(.bss*) *(COMMON) }
              . = ALIGN(8);
              . = . + 0x10000;
              stack_top = .;
            }
            """;

    private final List<Case> cases = new ArrayList<>();

    /**
     * Generates {@code armCases} ARM and {@code thumbCases} Thumb cases of 2 to {@code length}
     * instructions; every third case is a load/store case with its own scratch buffer.
     */
    static DifferentialProgram generate(long seed, int armCases, int thumbCases, int length) {
        Random random = new Random(seed);
        DifferentialProgram program = new DifferentialProgram();
        InstructionGenerator arm = new InstructionGenerator(random, false);
        InstructionGenerator thumb = new InstructionGenerator(random, true);
        MemoryInstructionGenerator armMemory = new MemoryInstructionGenerator(random, false);
        MemoryInstructionGenerator thumbMemory = new MemoryInstructionGenerator(random, true);
        for (int i = 0; i < armCases + thumbCases; i++) {
            boolean isThumb = i >= armCases;
            boolean memory = i % 3 == 2;
            int[] initial = new int[WORDS];
            for (int r = 0; r < 13; r++) {
                initial[r] = InstructionGenerator.registerValue(random);
            }
            // NZCV and Q random, GE random; everything else in APSR is ignored by MSR.
            initial[13] = (random.nextInt() & 0xf8000000) | ((random.nextInt() & 0xf) << 16);
            int count = 2 + random.nextInt(length);
            if (!memory) {
                List<String> seq = (isThumb ? thumb : arm).sequence(count);
                program.cases.add(new Case(i, isThumb, List.copyOf(seq), initial, null, new int[0]));
                continue;
            }
            MemoryInstructionGenerator generator = isThumb ? thumbMemory : armMemory;
            initial[generator.index] = random.nextInt(MemoryInstructionGenerator.INDEX_LIMIT);
            byte[] scratch = new byte[MemoryInstructionGenerator.SCRATCH_BYTES];
            random.nextBytes(scratch);
            program.cases.add(new Case(i, isThumb, List.copyOf(generator.sequence(count)), initial, scratch,
                    new int[] {generator.base, generator.writebackBase}));
        }
        return program;
    }

    List<Case> cases() {
        return cases;
    }

    /** The cases' assembly: functions, the function table, the init tables and the result space. */
    String casesSource() {
        StringBuilder s = new StringBuilder("  .syntax unified\n  .text\n");
        for (Case c : cases) {
            int n = c.index();
            s.append(c.thumb() ? "  .thumb\n  .thumb_func\n" : "  .arm\n");
            s.append("  .align 2\n  .type case_").append(n).append(", %function\ncase_").append(n).append(":\n");
            s.append("  push {r4-r11, lr}\n  ldr r0, =saved_sp\n  str sp, [r0]\n");
            s.append("  ldr sp, =init_").append(n).append("\n  ldr r0, [sp, #52]\n  msr APSR_nzcvqg, r0\n  ldm sp, {r0-r12}\n");
            for (String insn : c.instructions()) {
                s.append("  ").append(insn).append('\n');
            }
            s.append("  ldr sp, =case_results + ").append(n * WORDS * 4).append('\n');
            s.append("  stm sp, {r0-r12}\n  mrs r0, APSR\n  str r0, [sp, #52]\n");
            s.append("  ldr r0, =saved_sp\n  ldr sp, [r0]\n  pop {r4-r11, pc}\n  .ltorg\n");
        }
        s.append("  .section .rodata\n  .align 2\n  .global case_table\ncase_table:\n");
        for (Case c : cases) {
            s.append("  .word case_").append(c.index()).append('\n');
        }
        s.append("  .global case_count\ncase_count:\n  .word ").append(cases.size()).append('\n');
        s.append("  .data\n  .align 2\nsaved_sp:\n  .word 0\n");
        for (Case c : cases) {
            s.append("init_").append(c.index()).append(":\n  .word ");
            for (int w = 0; w < WORDS; w++) {
                s.append(w == 0 ? "" : ", ");
                if (c.isBase(w)) {
                    s.append("scratch_").append(c.index()).append(" + ").append(SCRATCH_MIDDLE);
                } else {
                    s.append("0x").append(Integer.toHexString(c.initial()[w]));
                }
            }
            s.append('\n');
        }
        for (Case c : cases) {
            if (c.memory()) {
                s.append("  .align 3\nscratch_").append(c.index()).append(":\n  .byte ");
                for (int i = 0; i < c.scratch().length; i++) {
                    s.append(i == 0 ? "" : ",").append(c.scratch()[i] & 0xff);
                }
                s.append('\n');
            }
        }
        s.append("  .section .rodata\n  .align 2\n  .global case_scratch\ncase_scratch:\n");
        for (Case c : cases) {
            s.append("  .word ").append(c.memory() ? "scratch_" + c.index() : "0").append('\n');
        }
        s.append("  .bss\n  .align 3\n  .global case_results\ncase_results:\n  .space ")
                .append(cases.size() * WORDS * 4).append('\n');
        return s.toString();
    }

    /** Writes the sources into {@code dir} and builds {@code prog.elf}; returns its bytes. */
    byte[] build(Path dir) {
        try {
            Files.writeString(dir.resolve("start.s"), START);
            Files.writeString(dir.resolve("driver.c"), DRIVER);
            Files.writeString(dir.resolve("cases.s"), casesSource());
            Files.writeString(dir.resolve("link.ld"), LINKER_SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Toolchain.build(dir, List.of("start.s", "driver.c", "cases.s"), "link.ld");
    }
}
