package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hilfarm.emulator.cpu.Mode;
import org.junit.jupiter.api.Test;

/** Thumb IT blocks: conditional execution, skipping, flag setting inside blocks, and ITSTATE across exceptions. */
class ItBlockTest {
    /** IT[7:2] lives in CPSR bits 15-10 and IT[1:0] in bits 26-25. */
    private static int itState(int psr) {
        return ((psr >>> 8) & 0xfc) | ((psr >>> 25) & 3);
    }

    @Test
    void skippedInstructionsIncludingThirtyTwoBitOnesAdvanceTheBlock() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #1
                  movs r1, #0
                  movs r2, #0
                  movs r3, #0
                  movs r4, #0
                  cmp r0, #1
                  itete ne
                  movne r1, #1
                  moveq r2, #2
                  addne.w r3, r3, #0x100
                  movweq r4, #0x1234
                  movs r5, #5
                """).runToDone();
        m.assertReg(1, 0);
        m.assertReg(2, 2);
        m.assertReg(3, 0);
        m.assertReg(4, 0x1234);
        m.assertReg(5, 5);
        assertEquals(0, m.s.itState);
    }

    @Test
    void eachInstructionTestsTheFlagsAsTheyAreWhenItRuns() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #0
                  movs r1, #0
                  movs r2, #0
                  cmp r0, #0
                  itte eq
                  cmpeq r0, #1
                  moveq r1, #1
                  movne r2, #2
                  movs r3, #3
                  cmp r0, #0
                  itet eq
                  addeq r0, r0, #1
                  addne r0, r0, #2
                  addeq r0, r0, #4
                """).runToDone();
        m.assertReg(1, 0);
        m.assertReg(2, 2);
        m.assertReg(3, 3);
        m.assertReg(0, 5);
    }

    @Test
    void sixteenBitArithmeticInsideABlockLeavesTheFlagsAlone() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #0
                  mvns r1, r0
                  cmp r0, #0
                  itttt eq
                  addeq r2, r1, #1
                  lsleq r3, r1, #1
                  subeq r4, r0, r1
                  mvneq r5, r0
                  mrs r6, apsr
                """).runToDone();
        m.assertReg(2, 0);
        m.assertReg(3, 0xfffffffe);
        m.assertReg(4, 1);
        m.assertReg(5, 0xffffffff);
        assertEquals(0x60000000, m.r(6) & 0xf0000000, "Z and C from the CMP only");
    }

    @Test
    void aBranchMayEndABlock() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #1
                  cmp r0, #1
                  itt eq
                  moveq r1, #7
                  beq target
                  movs r2, #1
                target:
                  movs r3, #3
                """).runToDone();
        m.assertReg(1, 7);
        m.assertReg(2, 0);
        m.assertReg(3, 3);
    }

    @Test
    void svcInsideABlockSavesTheFollowingStateAndReturnsIntoIt() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #0
                  movs r6, #0
                  cmp r0, #0
                  itt eq
                  svceq #1
                  moveq r6, #6
                  movs r5, #5
                """, """
                  .arm
                  .align 2
                handler_svc:
                  mrs r7, spsr
                  movs pc, lr
                """).runToDone();
        assertEquals(0x08, itState(m.r(7)), "ITSTATE of the instruction after the SVC");
        m.assertReg(6, 6);
        m.assertReg(5, 5);
        assertEquals(0, m.s.itState);
    }

    @Test
    void anUndefinedInstructionInsideABlockSavesItsOwnState() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #0
                  cmp r0, #0
                  itt eq
                  udfeq #1
                  moveq r1, #8
                """, """
                  .arm
                  .align 2
                handler_und:
                  mrs r9, spsr
                  mov r10, lr
                  ldr r0, =done + 1
                  bx r0
                  .ltorg
                """).runToDone();
        assertEquals(0x04, itState(m.r(9)), "ITSTATE of the UDF itself");
        assertEquals(Mode.UND, m.s.mode());
        m.assertReg(10, m.symbol("done") - 4 + 2);
    }

    @Test
    void aFailedConditionSkipsAnUndefinedInstruction() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #1
                  cmp r0, #0
                  ite eq
                  udfeq #2
                  movne r1, #1
                """).runToDone();
        m.assertReg(1, 1);
        assertEquals(Mode.SVC, m.s.mode());
    }

    @Test
    void bkptInsideABlockExecutesUnconditionallyWithTheBlockIntact() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #1
                  cmp r0, #0
                  itt eq
                  bkpt #5
                  moveq r1, #1
                """, """
                  .arm
                  .align 2
                handler_pabt:
                  mrs r2, spsr
                  mov r3, lr
                  ldr r0, =done + 1
                  bx r0
                  .ltorg
                """).runToDone();
        assertEquals(0x04, itState(m.r(2)));
        assertEquals(Mode.ABT, m.s.mode());
        m.assertReg(3, m.symbol("done") - 4 + 4);
        assertEquals(2, m.systemControl.lastIfsr, "IFSR: debug event");
        assertEquals(0, m.systemControl.lastIfar);
    }
}
