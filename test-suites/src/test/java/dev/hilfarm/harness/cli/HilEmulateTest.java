package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hil emulate} as a user runs it, in its own JVM: a bare-metal program prints on the
 * emulated UART exactly what it prints on QEMU, semihosting exit statuses come back as the exit
 * status, and a runaway guest or a bad image ends with one clear line and a non-zero status.
 */
@Tag("qemu")
class HilEmulateTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {
    }

    private Outcome hil(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.hilfarm.harness.cli.Hil"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("hil " + String.join(" ", args) + " did not finish");
        }
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void bareMetalProgramPrintsWhatItPrintsOnQemu() throws Exception {
        for (boolean thumb : new boolean[] {false, true}) {
            Path elf = CpuBenchmark.build(tmp.resolve(thumb ? "thumb" : "arm"), thumb, 20);
            String qemu = HostCommand.of("qemu-system-arm", "-M", "vexpress-a9", "-m", "1024M", "-nographic",
                    "-audiodev", "none,id=a", "-kernel", elf.toString()).timeout(Duration.ofMinutes(1)).runChecked().stdout();
            Outcome emulated = hil("emulate", "--kernel", elf.toString(), "--stats");
            assertEquals(0, emulated.exit(), emulated.err());
            assertTrue(emulated.out().startsWith("sha256-chain "), emulated.out());
            assertEquals(qemu.replace("\r", ""), emulated.out().replace("\r", ""), thumb ? "Thumb" : "ARM");
            assertTrue(emulated.err().matches("(?s).*hil: \\d+ instructions in [0-9.]+ s: [0-9.]+ MIPS.*"), emulated.err());
        }
    }

    @Test
    void lockstepRunsToTheGivenInstructionBeforeComparing() throws Exception {
        Path elf = CpuBenchmark.build(tmp.resolve("lockstep"), true, 20);
        Outcome run = hil("lockstep", "--kernel", elf.toString(), "--no-semihosting", "--from", "20000", "--max", "23000");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().startsWith("lockstep: LIMIT_REACHED after 3000 compared instructions (from instruction 20001)"),
                run.out());
        Outcome bad = hil("lockstep", "--kernel", elf.toString(), "--from", "10", "--max", "5");
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("hil: need 0 <= --from <= --max"), bad.err());
    }

    @Test
    void gdbMultiarchCanStepAndContinueTheGuest() throws Exception {
        Path elf = CpuBenchmark.build(tmp.resolve("gdb"), false, 5);
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.hilfarm.harness.cli.Hil", "emulate", "--kernel",
                elf.toString(), "--gdb", String.valueOf(port));
        Path out = tmp.resolve("gdb-out.txt");
        Process emulator = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(tmp.resolve("gdb-err.txt").toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(tmp.resolve("gdb-err.txt")).contains("waiting for gdb"));
            String gdb = HostCommand.of("gdb-multiarch", "-batch", "-ex", "target remote :" + port,
                            "-ex", "info registers pc", "-ex", "stepi", "-ex", "info registers pc", "-ex", "continue",
                            elf.toString())
                    .providedBy("gdb-multiarch").timeout(Duration.ofMinutes(1)).run().stdout();
            assertTrue(gdb.matches("(?s).*pc\s+0x60010000.*pc\s+0x60010004.*exited normally.*"), gdb);
            assertTrue(emulator.waitFor(30, TimeUnit.SECONDS), "emulator ends when the guest powers off");
            assertEquals(0, emulator.exitValue());
            assertTrue(Files.readString(out).startsWith("sha256-chain "));
        } finally {
            emulator.destroyForcibly();
        }
    }

    @Test
    void semihostingExitStatusBecomesTheExitStatus() throws Exception {
        Path elf = assemble("exit", """
                    .syntax unified
                    .arm
                    .global _start
                _start:
                    ldr   r1, =message
                    mov   r0, #0x04          @ SYS_WRITE0
                    svc   0x123456
                    ldr   r1, =block
                    mov   r0, #0x20          @ SYS_EXIT_EXTENDED
                    svc   0x123456
                    b     .
                message: .asciz "leaving with 3\\n"
                    .align 2
                block: .word 0x20026, 3
                """);
        Outcome run = hil("emulate", "--kernel", elf.toString(), "--semihosting");
        assertEquals(3, run.exit(), run.err());
        assertEquals("leaving with 3\n", run.out());
    }

    /**
     * {@code hil emulate --fastboot tcp:PORT}: while the board runs (here a guest that idles),
     * Debian's fastboot client flashes its SD card image, sparse pieces and all (-S 1M), and reads
     * the partition size; the card file then holds exactly the image.
     */
    @Test
    void debiansFastbootFlashesTheRunningBoardsSdCard() throws Exception {
        Path elf = assemble("idle", """
                    .syntax unified
                    .arm
                    .global _start
                _start:
                    wfi
                    b     _start
                """);
        Path sd = tmp.resolve("sd.img");
        Files.write(sd, new byte[8 << 20]);
        byte[] image = new byte[3 << 20];
        new java.util.Random(12).nextBytes(image);
        Path imageFile = tmp.resolve("card.img");
        Files.write(imageFile, image);
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.hilfarm.harness.cli.Hil", "emulate", "--kernel", elf.toString(),
                "--sd", sd.toString(), "--fastboot", "tcp:" + port, "--timeout", "90s"));
        Path err = tmp.resolve("emulate-err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("emulate-out.txt").toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(err).contains("hil: fastboot on tcp:127.0.0.1:" + port)) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "hil emulate did not start fastboot: " + Files.readString(err));
                Thread.sleep(100);
            }
            HostCommand.Result size = HostCommand.of("fastboot", "-s", "tcp:127.0.0.1:" + port, "getvar", "partition-size:sd")
                    .providedBy("fastboot").timeout(Duration.ofMinutes(1)).run();
            assertTrue(size.stderr().contains("partition-size:sd: 0x0000000000800000"), size.stderr());
            HostCommand.Result flash = HostCommand.of("fastboot", "-s", "tcp:127.0.0.1:" + port, "-S", "1M", "flash", "sd",
                    imageFile.toString()).providedBy("fastboot").timeout(Duration.ofMinutes(1)).run();
            assertEquals(0, flash.exitStatus(), flash.stderr());
            assertTrue(p.isAlive(), "the board ran on while it was flashed");
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        assertArrayEquals(image, java.util.Arrays.copyOf(Files.readAllBytes(sd), image.length));
    }

    @Test
    void runawayGuestIsStoppedAtTheTimeoutNamingPcAndMode() throws Exception {
        Path elf = assemble("spin", """
                    .syntax unified
                    .arm
                    .global _start
                _start:
                    nop
                loop:
                    b     loop
                """);
        Path trail = tmp.resolve("trail.txt");
        Outcome run = hil("emulate", "--kernel", elf.toString(), "--timeout", "2s", "--trail-file", trail.toString());
        assertEquals(2, run.exit());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).matches("hil: no exit within 2 s; stopped at pc 0x600100(04|08) \\(svc, ARM\\);"
                + " last instructions in " + java.util.regex.Pattern.quote(trail.toString())), lines.get(0));
        // The trail shows the loop it was stuck in: the branch, disassembled, and the registers.
        String text = Files.readString(trail);
        assertTrue(text.startsWith("last 256 instructions (oldest first;"), text);
        assertTrue(text.contains("60010004 A eafffffe      b\t0x60010004") || text.contains("60010004 A eafffffe      b"), text);
        assertTrue(text.contains("registers: pc 60010004 cpsr 400001d3 (svc, ARM)"), text);
    }

    @Test
    void traceListsExceptionsAndDeviceAccesses() throws Exception {
        Path elf = assemble("trace", """
                    .syntax unified
                    .arm
                    .global _start
                _start:
                    ldr   r0, =vectors
                    mcr   p15, 0, r0, c12, c0, 0   @ VBAR
                    ldr   r1, =0x10009000
                    mov   r2, #'A'
                    str   r2, [r1]          @ UART0 data register
                    svc   #7
                    ldr   r1, =0x10000000
                    ldr   r2, =0xc0800000   @ SYS_CFG: start, write, shutdown
                    str   r2, [r1, #0xa4]
                    b     .
                    .ltorg
                    .align 5
                vectors:
                    b     .
                    b     .
                    movs  pc, lr            @ SVC returns
                    b     .
                    b     .
                    b     .
                    b     .
                    b     .
                """);
        Path traceFile = tmp.resolve("trace.txt");
        Outcome run = hil("emulate", "--kernel", elf.toString(), "--timeout", "20s", "--trace", "exceptions,devices",
                "--trace-file", traceFile.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("A", run.out());
        String trace = Files.readString(traceFile);
        assertTrue(trace.matches("(?s).*\\[\\d+\\] device write32 [^\\n]*UART[^\\n]* \\+0x000 <- 0x00000041\n.*"), trace);
        assertTrue(trace.matches("(?s).*\\[\\d+\\] exception SVC from 0x600100\\p{XDigit}{2} \\(svc, ARM\\) to 0x600100\\p{XDigit}{2} \\(svc\\)\n.*"),
                trace);
        Outcome bad = hil("emulate", "--kernel", elf.toString(), "--trace", "exceptions,irq");
        assertEquals(2, bad.exit());
        assertEquals("hil: --trace: unknown category 'irq' (known: exceptions, mmu, devices)", bad.err().strip());
    }

    @Test
    void guestLoopingOnTheSameExceptionIsStoppedNamingPcAndMode() throws Exception {
        Path elf = assemble("undef-loop", """
                    .syntax unified
                    .arm
                    .global _start
                _start:
                    ldr   r0, =table
                    mcr   p15, 0, r0, c12, c0, 0   @ VBAR: every vector is itself UNDEFINED
                    isb
                    udf   #1
                    .align 5
                table:
                    .rept 8
                    udf   #2
                    .endr
                """);
        Outcome run = hil("emulate", "--kernel", elf.toString(), "--timeout", "60s");
        assertEquals(2, run.exit());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).matches("hil: the guest loops taking the same exception at pc 0x600100\\p{XDigit}{2}"
                + " \\(und, ARM\\): .*"), lines.get(0));
    }

    @Test
    void notAnArmImageIsOneClearLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "this is not a kernel\n");
        Outcome run = hil("emulate", "--kernel", text.toString());
        assertEquals(2, run.exit());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("hil: ") && lines.get(0).contains("notes.txt"), lines.get(0));
    }

    private Path assemble(String name, String source) throws Exception {
        Path s = Files.writeString(tmp.resolve(name + ".S"), source);
        Path o = tmp.resolve(name + ".o");
        Path elf = tmp.resolve(name + ".elf");
        HostCommand.of("arm-none-eabi-as", "-mcpu=cortex-a9", s.toString(), "-o", o.toString()).runChecked();
        HostCommand.of("arm-none-eabi-ld", "-Ttext=0x60010000", o.toString(), "-o", elf.toString()).runChecked();
        return elf;
    }
}
