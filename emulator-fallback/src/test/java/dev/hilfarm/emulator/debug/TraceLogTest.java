package dev.hilfarm.emulator.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import dev.hilfarm.emulator.system.Cp15;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code --trace}: what a user reads when a guest takes exceptions, faults and touches devices. */
class TraceLogTest {
    private static final int VECTORS = 0x60000000;
    private static final int ENTRY = 0x60010000;

    /** SVC, an undefined instruction and an alignment fault, each returning; a UART write and read; an unmapped read. */
    private static final int[] PROGRAM = {
        0xe3000000, // movw r0, #0
        0xe3460000, // movt r0, #0x6000
        0xee0c0f10, // mcr p15, 0, r0, c12, c0, 0   VBAR = 0x60000000
        0xe3091000, // movw r1, #0x9000
        0xe3411000, // movt r1, #0x1000             r1 = UART0
        0xe3a02041, // mov r2, #'A'
        0xe5812000, // str r2, [r1]                 UARTDR
        0xe5913018, // ldr r3, [r1, #0x18]          UARTFR
        0xef000000, // svc #0
        0xe7f000f0, // udf #0
        0xee117f10, // mrc p15, 0, r7, c1, c0, 0
        0xe3877002, // orr r7, r7, #2               SCTLR.A: alignment checks on
        0xee017f10, // mcr p15, 0, r7, c1, c0, 0
        0xe5904001, // ldr r4, [r0, #1]             unaligned: alignment fault
        0xe3a06103, // mov r6, #0xc0000000          nothing decodes it on vexpress-a9
        0xe5965000, // ldr r5, [r6]
        0xeafffffe, // b .
    };

    private static final int[] HANDLERS = {
        0xeafffffe, // reset
        0xe1b0f00e, // undefined: movs pc, lr
        0xe1b0f00e, // svc: movs pc, lr
        0xeafffffe, // prefetch abort
        0xe25ef004, // data abort: subs pc, lr, #4 (skip the faulting load)
    };

    private static byte[] words(int[] words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    private static List<String> trace(Set<TraceLog.Category> categories) {
        VexpressA9Machine m = VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"), MachineOptions.defaults());
        m.loadRaw("vectors", words(HANDLERS), VECTORS);
        m.loadRaw("program", words(PROGRAM), ENTRY);
        m.setEntry(ENTRY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceLog.install(categories, m.cpu(), (Cp15) m.cpu().coprocessors[15], m.bus(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        m.run(PROGRAM.length + 3 + 5);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void exceptionsAreListedWithWhereFromAndWhereTo() {
        List<String> lines = trace(EnumSet.of(TraceLog.Category.EXCEPTIONS));
        assertEquals(List.of(
                "[8] exception SVC from 0x60010020 (svc, ARM) to 0x60000008 (svc)",
                "[10] exception undefined instruction from 0x60010024 (svc, ARM) to 0x60000004 (und)",
                "[15] exception data abort from 0x60010034 (svc, ARM) to 0x60000010 (abt): DFSR 0x00000001"
                        + " alignment fault, domain 0, DFAR 0x60000001"), lines);
    }

    @Test
    void mmuAloneShowsOnlyAborts() {
        List<String> lines = trace(EnumSet.of(TraceLog.Category.MMU));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("data abort") && lines.get(0).contains("alignment fault"), lines.get(0));
    }

    @Test
    void devicesShowRegisterAccessesAndUnmappedAddresses() {
        List<String> lines = trace(EnumSet.of(TraceLog.Category.DEVICES));
        assertTrue(lines.get(0).matches("\\[6\\] device write32 .*\\+0x000 <- 0x00000041"), lines.toString());
        assertTrue(lines.get(1).matches("\\[7\\] device read32 .*\\+0x018 = 0x[0-9a-f]{8}"), lines.toString());
        assertEquals("[18] unmapped read32 0xc0000000 = 0 (nothing decodes it) (pc 0x6001003c)", lines.get(2));
        assertEquals(3, lines.size(), lines.toString());
    }

    @Test
    void noCategoryInstallsNothing() {
        VexpressA9Machine m = VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"), MachineOptions.defaults());
        TraceLog.install(EnumSet.of(TraceLog.Category.DEVICES), m.cpu(), null, m.bus(), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(null, m.cpu().exceptionTrace, "devices alone leaves exception entry untraced");
    }

    @Test
    void categoriesParseAndBadOnesAreNamed() {
        assertEquals(EnumSet.allOf(TraceLog.Category.class), TraceLog.Category.parseList("devices, exceptions,MMU"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceLog.Category.parseList("exceptions,irq"));
        assertEquals("--trace: unknown category 'irq' (known: exceptions, mmu, devices)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
