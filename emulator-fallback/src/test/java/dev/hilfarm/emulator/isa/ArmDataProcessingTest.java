package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A32 data processing: every operation's result and flags at the edges, every shifter operand. */
class ArmDataProcessingTest {

    @Test
    void additionFlagsAtTheEdges() {
        Recorded.arm("""
                  msr apsr_nzcvq, #0
                  ldr r1, =0x7fffffff
                  adds r0, r1, #1
                  rec r0
                  mvn r1, #0
                  adds r0, r1, #1
                  rec r0
                  mov r1, #0x80000000
                  adds r0, r1, r1
                  rec r0
                  mov r1, #0
                  adds r0, r1, #0
                  rec r0
                  msr apsr_nzcvq, #0x20000000
                  mvn r1, #0
                  adcs r0, r1, #0
                  rec r0
                  msr apsr_nzcvq, #0x20000000
                  ldr r1, =0x7ffffffe
                  adcs r0, r1, #1
                  rec r0
                  mvn r1, #0
                  mvn r2, #0
                  msr apsr_nzcvq, #0x20000000
                  adcs r0, r1, r2
                  rec r0
                  cmn r1, #1
                  rec r1
                """)
                .next(0x80000000, "NzcV")
                .next(0x00000000, "nZCv")
                .next(0x00000000, "nZCV")
                .next(0x00000000, "nZcv")
                .next(0x00000000, "nZCv")
                .next(0x80000000, "NzcV")
                .next(0xffffffff, "NzCv")
                .next(0xffffffff, "nZCv")
                .end();
    }

    @Test
    void subtractionFlagsAtTheEdges() {
        Recorded.arm("""
                  mov r1, #0
                  subs r0, r1, #1
                  rec r0
                  mov r1, #0x80000000
                  subs r0, r1, #1
                  rec r0
                  mov r1, #5
                  subs r0, r1, #5
                  rec r0
                  mov r1, #0x80000000
                  rsbs r0, r1, #0
                  rec r0
                  msr apsr_nzcvq, #0
                  mov r1, #0
                  sbcs r0, r1, #0
                  rec r0
                  msr apsr_nzcvq, #0x20000000
                  mov r1, #0
                  sbcs r0, r1, #0
                  rec r0
                  msr apsr_nzcvq, #0
                  mov r1, #1
                  rscs r0, r1, #0
                  rec r0
                  ldr r1, =0x7fffffff
                  mvn r2, #0
                  cmp r1, r2
                  rec r1
                  cmp r2, r2
                  rec r2
                  mov r1, #0x80000000
                  cmp r1, #1
                  rec r1
                """)
                .next(0xffffffff, "Nzcv")
                .next(0x7fffffff, "nzCV")
                .next(0x00000000, "nZCv")
                .next(0x80000000, "NzcV")
                .next(0xffffffff, "Nzcv")
                .next(0x00000000, "nZCv")
                .next(0xfffffffe, "Nzcv")
                .next(0x7fffffff, "NzcV")
                .next(0xffffffff, "nZCv")
                .next(0x80000000, "nzCV")
                .end();
    }

    @Test
    void logicalOperationsTakeCarryFromTheShifter() {
        Recorded.arm("""
                  msr apsr_nzcvq, #0x10000000
                  ldr r1, =0x80000001
                  movs r0, r1, lsl #1
                  rec r0
                  mov r1, #0x80000000
                  movs r0, r1, lsr #32
                  rec r0
                  movs r0, r1, asr #32
                  rec r0
                  msr apsr_nzcvq, #0x20000000
                  mov r1, #1
                  movs r0, r1, rrx
                  rec r0
                  msr apsr_nzcvq, #0
                  mov r1, #0x18
                  movs r0, r1, ror #4
                  rec r0
                  msr apsr_nzcvq, #0x20000000
                  mov r1, #0xff
                  ands r0, r1, #0x0f
                  rec r0
                  msr apsr_nzcvq, #0
                  mvn r1, #0
                  ands r0, r1, #0xf0000000
                  rec r0
                  mov r1, #0xf0
                  eors r0, r1, #0xf0
                  rec r0
                  mov r1, #0x0f
                  orrs r0, r1, #0xf0
                  rec r0
                  mvn r1, #0
                  bics r0, r1, #0xff
                  rec r0
                  mvns r0, #0
                  rec r0
                  mov r1, #3
                  tst r1, #4
                  rec r1
                  teq r1, #3
                  rec r1
                """)
                .next(0x00000002, "nzCV")
                .next(0x00000000, "nZCV")
                .next(0xffffffff, "NzCV")
                .next(0x80000000, "NzCv")
                .next(0x80000001, "NzCv")
                .next(0x0000000f, "nzCv")
                .next(0xf0000000, "NzCv")
                .next(0x00000000, "nZCv")
                .next(0x000000ff, "nzCv")
                .next(0xffffff00, "NzCv")
                .next(0xffffffff, "NzCv")
                .next(0x00000003, "nZCv")
                .next(0x00000003, "nZCv")
                .end();
    }

    @Test
    void registerShiftsOfThirtyTwoAndMore() {
        Recorded.arm("""
                  ldr r1, =0x80000001
                  msr apsr_nzcvq, #0
                  mov r2, #32
                  movs r0, r1, lsl r2
                  rec r0
                  mov r2, #33
                  movs r0, r1, lsl r2
                  rec r0
                  mov r2, #32
                  movs r0, r1, lsr r2
                  rec r0
                  mov r2, #33
                  movs r0, r1, lsr r2
                  rec r0
                  mov r2, #200
                  movs r0, r1, asr r2
                  rec r0
                  mov r2, #32
                  movs r0, r1, ror r2
                  rec r0
                  msr apsr_nzcvq, #0
                  mov r2, #36
                  movs r0, r1, ror r2
                  rec r0
                  msr apsr_nzcvq, #0x20000000
                  mov r2, #0x100
                  movs r0, r1, lsl r2
                  rec r0
                  msr apsr_nzcvq, #0
                  mov r2, #0x100
                  movs r0, r1, ror r2
                  rec r0
                  mov r2, #1
                  add r0, r1, r1, lsl r2
                  rec r0
                """)
                .next(0x00000000, "nZCv")
                .next(0x00000000, "nZcv")
                .next(0x00000000, "nZCv")
                .next(0x00000000, "nZcv")
                .next(0xffffffff, "NzCv")
                .next(0x80000001, "NzCv")
                .next(0x18000000, "nzcv")
                .next(0x80000001, "NzCv")
                .next(0x80000001, "Nzcv")
                .next(0x80000003, "Nzcv")
                .end();
    }

    @Test
    void operationsWithoutSLeaveFlagsAlone() {
        Recorded.arm("""
                  msr apsr_nzcvq, #0xf0000000
                  mov r1, #1
                  add r0, r1, #1
                  rec r0
                  sub r0, r1, #1
                  rec r0
                  rsb r0, r1, #0
                  rec r0
                  adc r0, r1, #0
                  rec r0
                  sbc r0, r1, #0
                  rec r0
                  rsc r0, r1, #0
                  rec r0
                  and r0, r1, #3
                  rec r0
                  orr r0, r1, #2
                  rec r0
                  eor r0, r1, #3
                  rec r0
                  bic r0, r1, #1
                  rec r0
                  mvn r0, r1
                  rec r0
                  movw r0, #0xbeef
                  movt r0, #0xdead
                  rec r0
                """)
                .next(2, "NZCV")
                .next(0, "NZCV")
                .next(-1, "NZCV")
                .next(2, "NZCV")
                .next(1, "NZCV")
                .next(-1, "NZCV")
                .next(1, "NZCV")
                .next(3, "NZCV")
                .next(2, "NZCV")
                .next(0, "NZCV")
                .next(0xfffffffe, "NZCV")
                .next(0xdeadbeef, "NZCV")
                .end();
    }

    @Test
    void pcReadsAsTheInstructionPlusEight() {
        TestMachine m = TestMachine.arm("""
                here:
                  mov r0, pc
                  add r1, pc, #4
                  adr r2, here
                """).runToDone();
        int start = m.symbol("here");
        m.assertReg(0, start + 8);
        m.assertReg(1, start + 4 + 8 + 4);
        m.assertReg(2, start);
    }

    @Test
    void conditionCodesSelectExecution() {
        TestMachine m = TestMachine.arm("""
                  mov r0, #0
                  cmp r0, #0
                  moveq r1, #1
                  movne r1, #2
                  mov r2, #5
                  cmp r2, #7
                  movlt r3, #1
                  movge r3, #2
                  movhi r4, #1
                  movls r4, #2
                  mvn r5, #0
                  cmp r5, #1
                  movhi r6, #1
                  movmi r7, #1
                  movpl r7, #2
                  movvs r8, #1
                  movvc r8, #2
                  movgt r9, #1
                  movle r9, #2
                  movcs r10, #1
                  movcc r10, #2
                """).runToDone();
        assertEquals(1, m.r(1));
        assertEquals(1, m.r(3));
        assertEquals(2, m.r(4));
        assertEquals(1, m.r(6));
        assertEquals(1, m.r(7));
        assertEquals(2, m.r(8));
        assertEquals(2, m.r(9));
        assertEquals(1, m.r(10));
    }

    @Test
    void movsPcLrReturnsFromAnException() {
        TestMachine m = TestMachine.arm("""
                  mov r0, #0x10
                  msr spsr_cxsf, r0
                  adr lr, user_code
                  movs pc, lr
                user_code:
                  mrs r1, cpsr
                  mov r2, #7
                  svc #1
                  b done
                handler_svc:
                  mrs r3, spsr
                  mov r4, lr
                  subs pc, lr, #0
                """).runToDone();
        assertEquals(0x10, m.r(1) & 0x1f, "user mode after MOVS PC, LR");
        assertEquals(7, m.r(2));
        assertEquals(0x10, m.s.mode(), "back in user mode after SUBS PC, LR");
        m.assertReg(4, m.symbol("user_code") + 12);
    }
}
