package dev.hilfarm.emulator.debug;

import static dev.hilfarm.emulator.debug.TinyArm.NOP;
import static dev.hilfarm.emulator.debug.TinyArm.addImm;
import static dev.hilfarm.emulator.debug.TinyArm.branch;
import static dev.hilfarm.emulator.debug.TinyArm.movImm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lockstep checker's pieces that need no QEMU. */
class LockstepPartsTest {
    private static final int BASE = TestBoard.RAM_BASE;

    @Test
    void pcCountsCountsManyKeys() {
        PcCounts counts = new PcCounts();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 50_000; i++) {
                counts.increment(BASE + 4 * i);
            }
        }
        counts.increment(BASE | 1);
        assertEquals(3, counts.get(BASE));
        assertEquals(3, counts.get(BASE + 4 * 49_999));
        assertEquals(1, counts.get(BASE | 1), "Thumb and ARM at one address are different keys");
        assertEquals(0, counts.get(BASE + 4 * 50_000));
        counts.clear();
        assertEquals(0, counts.get(BASE));
    }

    @Test
    void historyKeepsTheLastEntriesOldestFirst() {
        InstructionHistory history = new InstructionHistory(3);
        assertEquals(List.of(), history.entries());
        for (int i = 1; i <= 5; i++) {
            history.record(i, 0x100 * i, i % 2 == 0);
        }
        assertEquals(List.of(new InstructionHistory.Entry(3, 0x300, false), new InstructionHistory.Entry(4, 0x400, true),
                new InstructionHistory.Entry(5, 0x500, false)), history.entries());
        assertThrows(IllegalArgumentException.class, () -> new InstructionHistory(0));
    }

    @Test
    void registerNumbersFollowTheDescriptionsOrder() {
        String core = "<feature name=\"org.gnu.gdb.arm.core\"><reg name=\"r0\" bitsize=\"32\"/><reg name=\"r1\" bitsize=\"32\"/>"
                + "<reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/></feature>";
        String neon = "<feature name=\"org.gnu.gdb.arm.vfp\"><vector id=\"v\" type=\"uint8\" count=\"8\"/>"
                + "<reg name=\"d0\" bitsize=\"64\" type=\"neon_d\"/><reg name=\"d1\" bitsize=\"64\"/>"
                + "<reg name=\"q0\" bitsize=\"128\"/><reg name=\"q0\" bitsize=\"128\"/><reg name=\"fpscr\" bitsize=\"32\"/></feature>";
        QemuRegisterNumbers numbers = QemuRegisterNumbers.parse(core, neon);
        assertEquals(1, numbers.number("r1"));
        assertEquals(25, numbers.number("cpsr"));
        assertEquals(26, numbers.number("d0"));
        assertEquals(27, numbers.number("d1"));
        assertEquals(28, numbers.number("q0"), "a duplicated name keeps its first number");
        assertEquals(30, numbers.number("fpscr"));
        assertEquals(-1, numbers.number("d31"));
    }

    @Test
    void fastForwardPicksTheCheapestInstructionToReach() {
        // r0 = 1; loop: r0 += 1 (x2); b loop -- a loop of three, entered once.
        TestBoard straight = new TestBoard().load(BASE, movImm(0, 1), addImm(0, 0, 1), addImm(0, 0, 1), branch(BASE + 12, BASE + 4));
        FastForward.SyncPoint sync = FastForward.choose(straight, 10);
        // Instructions 0..9 run at 0, 4, 8, 12, 4, 8, 12, 4, 8, 12. Meeting before index j costs
        // 5 exchanges per arrival at its address plus one step per instruction up to 10: index 3
        // (12, first time) costs 5 + 7 = 12; index 2 costs 13, index 6 (12, second time) 10 + 4 = 14,
        // index 9 15 + 1 = 16, the state after all ten (pc 4, fourth arrival) 20.
        assertEquals(3, sync.instruction());
        assertEquals(BASE + 12, sync.pc());
        assertEquals(0, sync.priorExecutions());
        assertEquals(false, sync.thumb());
        assertEquals(10, straight.cpu.instructionsRetired(), "the scout ran to the target");

        TestBoard nops = new TestBoard().load(BASE, NOP, NOP, NOP, NOP, NOP, NOP);
        FastForward.SyncPoint first = FastForward.choose(nops, 4);
        assertEquals(4, first.instruction(), "straight-line code: meet right at the target");
        assertEquals(BASE + 16, first.pc());
        assertEquals(0, first.priorExecutions());
    }
}
