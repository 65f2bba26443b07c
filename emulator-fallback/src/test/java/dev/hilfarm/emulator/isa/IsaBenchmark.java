package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.Cpu;

/**
 * Interpreter speed, not a test: runs a CPU-bound loop of ordinary integer instructions (ALU,
 * loads and stores, a multiply, conditional branches) in ARM and in Thumb state on a bare core and
 * prints millions of instructions per second. Run from the test classpath:
 * {@code java -cp ... dev.hilfarm.emulator.isa.IsaBenchmark [instructions]}.
 */
public final class IsaBenchmark {
    private static final String LOOP = """
              ldr r9, =buffer
              mov r0, #0
              ldr r1, =0x12345678
              mov r2, #0
            loop:
              add r0, r0, #1
              eor r3, r1, r0, lsl #3
              ldr r4, [r9, r2]
              add r4, r4, r3
              str r4, [r9, r2]
              and r2, r0, #0x3c
              mul r5, r3, r0
              subs r6, r5, r1
              orrmi r7, r7, #1
              cmp r0, #0
              bne loop
              .ltorg
            """;

    private IsaBenchmark() {
    }

    public static void main(String[] args) {
        long instructions = args.length > 0 ? Long.parseLong(args[0]) : 300_000_000L;
        String tail = "  .align 3\nbuffer:\n  .space 256\n";
        for (String state : new String[] {"ARM", "Thumb"}) {
            boolean thumb = state.equals("Thumb");
            String body = thumb ? LOOP.replace("  mov r0, #0", "  movs r0, #0").replace("  orrmi", "  it mi\n  orrmi") : LOOP;
            TestMachine machine = thumb ? TestMachine.thumb(body, tail) : TestMachine.arm(body, tail);
            Cpu cpu = machine.cpu;
            cpu.run(instructions / 10); // warm up the JIT
            long start = System.nanoTime();
            long retired = cpu.run(instructions);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-5s %,d instructions in %.2f s: %.1f MIPS%n", state, retired, seconds, retired / seconds / 1e6);
        }
    }
}
