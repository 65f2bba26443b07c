package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hil emulate --board}: the machine follows the board profile; a SoC without one is refused in one line. */
class EmulateCommandBoardsTest {
    /**
     * ARM code at 0x40010000: prints "hi\n" on the A10's UART0 THR (0x01c28000), then SYS_EXIT
     * (ADP_Stopped_ApplicationExit) through semihosting.
     */
    private static final int[] CUBIEBOARD_HELLO = {
        0xe3081000, // movw r1, #0x8000
        0xe34011c2, // movt r1, #0x01c2
        0xe3a00068, // mov  r0, #'h'
        0xe5810000, // str  r0, [r1]
        0xe3a00069, // mov  r0, #'i'
        0xe5810000, // str  r0, [r1]
        0xe3a0000a, // mov  r0, #'\n'
        0xe5810000, // str  r0, [r1]
        0xe3a00018, // mov  r0, #0x18 (SYS_EXIT)
        0xe3001026, // movw r1, #0x0026
        0xe3401002, // movt r1, #0x0002 (ADP_Stopped_ApplicationExit)
        0xef123456, // svc  0x123456
        0xeafffffe, // b    .
    };
    private static final int LOAD_ADDRESS = 0x40010000;

    @Test
    void aCubieboardProgramRunsOnTheCortexA8Machine(@TempDir Path dir) throws IOException {
        Path elf = dir.resolve("hello.elf");
        Files.write(elf, elf(LOAD_ADDRESS, CUBIEBOARD_HELLO));
        assertEquals(0, Hil.execute("emulate", "--board", "cubieboard", "--kernel", elf.toString(), "--semihosting",
                "--timeout", "30s"));
    }

    @Test
    void aBoardWhoseSocHasNoMachineIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        Path elf = dir.resolve("hello.elf");
        Files.write(elf, elf(LOAD_ADDRESS, CUBIEBOARD_HELLO));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int status;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            status = Hil.execute("emulate", "--board", "pandaboard", "--kernel", elf.toString());
        } finally {
            System.setErr(saved);
        }
        assertEquals(Hil.EXIT_INFRASTRUCTURE, status);
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("hil: board pandaboard: the emulator has no machine for its SoC, TI OMAP4430"), message);
    }

    /** A minimal ARM ELF executable: one loadable segment holding {@code code}, entered at its start. */
    private static byte[] elf(int address, int[] code) {
        int headerSize = 52;
        int programHeaderSize = 32;
        ByteBuffer b = ByteBuffer.allocate(headerSize + programHeaderSize + 4 * code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 40).putInt(1).putInt(address).putInt(headerSize).putInt(0)
                .putInt(0x05000000).putShort((short) headerSize).putShort((short) programHeaderSize).putShort((short) 1)
                .putShort((short) 40).putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(headerSize + programHeaderSize).putInt(address).putInt(address)
                .putInt(4 * code.length).putInt(4 * code.length).putInt(5).putInt(4);
        for (int word : code) {
            b.putInt(word);
        }
        return b.array();
    }
}
