package dev.hilfarm.emulator.debug;

import static dev.hilfarm.emulator.debug.TinyArm.NOP;
import static dev.hilfarm.emulator.debug.TinyArm.WFI;
import static dev.hilfarm.emulator.debug.TinyArm.movImm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.cpu.TimedEvents;
import org.junit.jupiter.api.Test;

/** Exact single steps: one instruction, or one interrupt taken, never both. */
class CoreStepperTest {
    private static final int BASE = TestBoard.RAM_BASE;

    /** Raises the IRQ line once virtual time reaches {@code at}. */
    private static TimedEvents irqAt(TestBoard board, long at) {
        return now -> {
            if (now >= at) {
                board.cpu.irqLine = true;
                return Long.MAX_VALUE;
            }
            return at;
        };
    }

    @Test
    void stepsOneInstructionAtATime() {
        TestBoard board = new TestBoard().load(BASE, movImm(0, 1), movImm(1, 2), NOP);
        CoreStepper stepper = new CoreStepper(board.cpu);
        assertTrue(stepper.stepOne());
        assertEquals(1, board.cpu.state.r[0]);
        assertEquals(0, board.cpu.state.r[1]);
        assertEquals(BASE + 4, board.cpu.state.pc);
        assertTrue(stepper.stepOne());
        assertEquals(2, board.cpu.state.r[1]);
        assertEquals(2, board.cpu.instructionsRetired());
    }

    @Test
    void aPendingInterruptIsOneStepOfItsOwn() {
        TestBoard board = new TestBoard().load(BASE, NOP, NOP, NOP, NOP);
        board.cpu.state.maskI = false;
        board.cpu.events = irqAt(board, 2);
        CoreStepper stepper = new CoreStepper(board.cpu);
        stepper.stepOne();
        stepper.stepOne();
        assertEquals(BASE + 8, board.cpu.state.pc);
        assertEquals(Mode.SVC, board.cpu.state.mode());
        stepper.stepOne();
        assertEquals(0x18, board.cpu.state.pc, "stopped at the vector, the handler's first instruction not run");
        assertEquals(Mode.IRQ, board.cpu.state.mode());
        assertEquals(BASE + 8 + 4, board.cpu.state.r[14], "LR = preferred return address + 4");
        assertEquals(2, board.cpu.instructionsRetired());
    }

    @Test
    void wfiSleepsUntilADeviceRaisesAnInterrupt() {
        TestBoard board = new TestBoard().load(BASE, WFI, movImm(3, 3), NOP);
        board.cpu.events = irqAt(board, 1000); // masked: wakes the core without being taken
        CoreStepper stepper = new CoreStepper(board.cpu);
        stepper.stepOne();
        assertTrue(board.cpu.waitingForInterrupt);
        assertTrue(stepper.stepOne());
        assertFalse(board.cpu.waitingForInterrupt);
        assertEquals(3, board.cpu.state.r[3], "the instruction after WFI ran, once");
        assertEquals(BASE + 8, board.cpu.state.pc);
        assertTrue(board.cpu.instructionsRetired() >= 1000, "virtual time went on while it slept");
    }

    @Test
    void wfiWithNothingToWakeTheCoreReportsThatAndDoesNothing() {
        TestBoard board = new TestBoard().load(BASE, WFI, movImm(3, 3));
        CoreStepper stepper = new CoreStepper(board.cpu);
        stepper.stepOne();
        assertFalse(stepper.stepOne());
        assertEquals(BASE + 4, board.cpu.state.pc);
        assertEquals(0, board.cpu.state.r[3]);
    }
}
