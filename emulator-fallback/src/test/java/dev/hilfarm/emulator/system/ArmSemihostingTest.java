package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.Mode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Semihosting calls with the results QEMU 7.2 gives (observed with a bare-metal program on
 * qemu-system-arm -M vexpress-a9 -semihosting): console output, handles, the feature file,
 * command line, heap information, exits and errors.
 */
class ArmSemihostingTest {
    private static final int BLOCK = 0x60001000;
    private static final int TEXT = 0x60002000;
    private static final int BUFFER = 0x60003000;

    private final Cpu cpu = new Cpu();
    private final RamBus bus = new RamBus(0x60000000, 1 << 20);
    private final Cp15 cp15 = new Cp15(cpu, CpuModel.CORTEX_A9, 0x1e000000, bus);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Integer> exits = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final ArmSemihosting semihosting = new ArmSemihosting(bus, out, err, new ArmSemihosting.Listener() {
        @Override
        public void exited(int status) {
            exits.add(status);
        }

        @Override
        public void failed(String message) {
            failures.add(message);
        }
    });

    @BeforeEach
    void wire() {
        cpu.memory = new MmuMemory(cp15, cpu.state);
        cpu.coprocessors[15] = cp15;
        cpu.systemControl = cp15;
        cpu.semihosting = semihosting;
    }

    private int call(int operation, int argument) {
        cpu.state.r[0] = operation;
        cpu.state.r[1] = argument;
        assertTrue(semihosting.handle(cpu));
        return cpu.state.r[0];
    }

    private int callWithBlock(int operation, int... words) {
        for (int i = 0; i < words.length; i++) {
            bus.write32(BLOCK + 4 * i, words[i]);
        }
        return call(operation, BLOCK);
    }

    private void string(int address, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            bus.write8(address + i, bytes[i]);
        }
    }

    private String output() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void writecAndWrite0PrintAndLeaveNoResult() {
        bus.write32(BUFFER, 'A');
        assertEquals(0xdeadbeef, call(ArmSemihosting.SYS_WRITEC, BUFFER));
        string(TEXT, "hello\n");
        assertEquals(0xdeadbeef, call(ArmSemihosting.SYS_WRITE0, TEXT));
        assertEquals("Ahello\n", output());
    }

    @Test
    void writeNeedsAnOpenedHandle() {
        string(TEXT, "0123456789");
        assertEquals(10, callWithBlock(ArmSemihosting.SYS_WRITE, 1, TEXT, 10), "nothing is open before SYS_OPEN");
        assertEquals(0, call(ArmSemihosting.SYS_ERRNO, 0), "and errno is left alone, as on QEMU");
        assertEquals("", output());
        string(BUFFER, ":tt");
        assertEquals(1, callWithBlock(ArmSemihosting.SYS_OPEN, BUFFER, 4, 3), "':tt' for writing: stdout, handle 1");
        assertEquals(2, callWithBlock(ArmSemihosting.SYS_OPEN, BUFFER, 8, 3), "for appending: stderr");
        assertEquals(3, callWithBlock(ArmSemihosting.SYS_OPEN, BUFFER, 0, 3), "for reading: stdin");
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_WRITE, 1, TEXT, 4));
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_WRITE, 2, TEXT + 4, 3));
        assertEquals(5, callWithBlock(ArmSemihosting.SYS_WRITE, 3, TEXT, 5), "stdin is not writable");
        assertEquals("0123", output());
        assertEquals("456", err.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_ISTTY, 1), "the console is a stream");
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_ISTTY, 9));
        assertEquals(9, call(ArmSemihosting.SYS_ERRNO, 0), "EBADF");
    }

    @Test
    void featureFileReportsExitExtendedAndStdoutStderr() {
        string(TEXT, ":semihosting-features");
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_OPEN, TEXT, 4, 21), "only for reading");
        assertEquals(13, call(ArmSemihosting.SYS_ERRNO, 0));
        int handle = callWithBlock(ArmSemihosting.SYS_OPEN, TEXT, 0, 21);
        assertEquals(1, handle);
        assertEquals(5, callWithBlock(ArmSemihosting.SYS_FLEN, handle));
        assertEquals(3, callWithBlock(ArmSemihosting.SYS_READ, handle, BUFFER, 8), "five of eight bytes read");
        assertEquals(0x42464853, bus.read32(BUFFER), "SHFB");
        assertEquals(3, bus.read8(BUFFER + 4), "SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR");
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_SEEK, handle, 2));
        assertEquals(5, callWithBlock(ArmSemihosting.SYS_READ, handle, BUFFER, 8));
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_CLOSE, handle));
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_CLOSE, handle));
        assertEquals(9, call(ArmSemihosting.SYS_ERRNO, 0));
    }

    @Test
    void hostFilesAndCommandsAreOutOfReach() {
        string(TEXT, "/etc/passwd");
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_OPEN, TEXT, 0, 11));
        assertEquals(13, call(ArmSemihosting.SYS_ERRNO, 0), "EACCES");
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_SYSTEM, TEXT, 11));
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_REMOVE, TEXT, 11));
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_OPEN, TEXT, 12, 11), "mode 12 is invalid");
        assertEquals(22, call(ArmSemihosting.SYS_ERRNO, 0), "EINVAL");
    }

    @Test
    void consoleInput() {
        semihosting.setInput(new ByteArrayInputStream("xyz".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals('x', call(ArmSemihosting.SYS_READC, 0));
        string(TEXT, ":tt");
        int stdin = callWithBlock(ArmSemihosting.SYS_OPEN, TEXT, 0, 3);
        assertEquals(8, callWithBlock(ArmSemihosting.SYS_READ, stdin, BUFFER, 10), "two of ten bytes");
        assertEquals('y', bus.read8(BUFFER));
        assertEquals(-1, call(ArmSemihosting.SYS_READC, 0), "end of input");
    }

    @Test
    void commandLine() {
        semihosting.setCommandLine("semi.elf");
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_GET_CMDLINE, BUFFER, 300));
        assertEquals(8, bus.read32(BLOCK + 4), "the length is written back");
        assertEquals(0x696d6573, bus.read32(BUFFER), "semi");
        assertEquals(0, bus.read8(BUFFER + 8));
        assertEquals(-1, callWithBlock(ArmSemihosting.SYS_GET_CMDLINE, BUFFER, 8), "no room for the NUL");
        assertEquals(7, call(ArmSemihosting.SYS_ERRNO, 0), "E2BIG");
    }

    @Test
    void heapInfo() {
        semihosting.setHeapInfo(0x60210234, 0x68000000, 0x68000000, 0x60210234);
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_HEAPINFO, BUFFER));
        assertEquals(0x60210234, bus.read32(BUFFER));
        assertEquals(0x68000000, bus.read32(BUFFER + 4));
        assertEquals(0x68000000, bus.read32(BUFFER + 8));
        assertEquals(0x60210234, bus.read32(BUFFER + 12));
    }

    @Test
    void exitStatusAsQemuGivesIt() {
        call(ArmSemihosting.SYS_EXIT, ArmSemihosting.ADP_STOPPED_APPLICATION_EXIT);
        call(ArmSemihosting.SYS_EXIT, 0x20023);
        callWithBlock(ArmSemihosting.SYS_EXIT_EXTENDED, ArmSemihosting.ADP_STOPPED_APPLICATION_EXIT, 42);
        callWithBlock(ArmSemihosting.SYS_EXIT_EXTENDED, 0x20024, 42);
        assertEquals(List.of(0, 1, 42, 1), exits);
    }

    @Test
    void exitStopsTheCpu() {
        cpu.arm = (c, insn) -> {
            c.state.r[0] = ArmSemihosting.SYS_EXIT;
            c.state.r[1] = ArmSemihosting.ADP_STOPPED_APPLICATION_EXIT;
            c.semihosting.handle(c);
        };
        assertEquals(1, cpu.run(1000), "the run ends after the exiting instruction");
    }

    @Test
    void clocksAndErrors() {
        semihosting.setClock(() -> 1_234_567_890_123L);
        semihosting.setWallClock(() -> 1_700_000_000L);
        assertEquals(123_456, call(ArmSemihosting.SYS_CLOCK, 0), "centiseconds");
        assertEquals(1_700_000_000, call(ArmSemihosting.SYS_TIME, 0));
        assertEquals(1_000_000_000, call(ArmSemihosting.SYS_TICKFREQ, 0));
        assertEquals(0, call(ArmSemihosting.SYS_ELAPSED, BUFFER));
        assertEquals((int) 1_234_567_890_123L, bus.read32(BUFFER));
        assertEquals((int) (1_234_567_890_123L >>> 32), bus.read32(BUFFER + 4));
        assertEquals(1, callWithBlock(ArmSemihosting.SYS_ISERROR, -2));
        assertEquals(0, callWithBlock(ArmSemihosting.SYS_ISERROR, 5));
    }

    @Test
    void untranslatableParameterBlockIsEfault() {
        bus.write32(0x60004000 + (0x600 << 2), 0x60000c02); // only 0x600xxxxx mapped
        cp15.mcr(cpu.state, 0, 2, 0, 0, 0x60004000);
        cp15.mcr(cpu.state, 0, 3, 0, 0, 1);
        cp15.mcr(cpu.state, 0, 1, 0, 0, Cp15.SCTLR_RESET | Cp15.SCTLR_M);
        assertEquals(-1, call(ArmSemihosting.SYS_EXIT_EXTENDED, 0x70000000));
        assertEquals(14, call(ArmSemihosting.SYS_ERRNO, 0), "EFAULT");
        assertEquals(List.of(), exits, "no exit without a readable block");
        assertEquals(0, cp15.dfsr(), "no fault registers touched");
    }

    @Test
    void userModeCallsAreOrdinarySupervisorCalls() {
        cpu.state.switchMode(Mode.USR);
        cpu.state.r[0] = ArmSemihosting.SYS_WRITEC;
        assertFalse(semihosting.handle(cpu));
    }

    @Test
    void unsupportedCallStopsTheMachine() {
        cpu.state.pc = 0x60000100;
        call(0x19, 0);
        assertEquals(List.of("unsupported semihosting call 0x19 at pc 0x60000100"), failures);
    }
}
