package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Thumb (T16 and T32): flags of the 16-bit forms, loads and stores, branches and interworking. */
class ThumbInstructionsTest {
    private static final String DATA = """
              .align 3
            data:
              .word 0x11111111, 0x22222222, 0x33333333, 0x44444444
            bytes:
              .byte 0x81, 0x7f, 0xfe, 0x01, 0x34, 0x12, 0x80, 0xff
            buffer:
              .space 64
            """;

    @Test
    void sixteenBitOperationsSetFlagsOutsideItBlocks() {
        Recorded.thumb("""
                  movs r0, #0
                  rec r0
                  movs r1, #0x80
                  lsls r0, r1, #24
                  rec r0
                  lsls r0, r0, #1
                  rec r0
                  movs r1, #1
                  negs r0, r1
                  rec r0
                  movs r2, #3
                  asrs r0, r2
                  rec r0
                  adds r0, r1, #7
                  rec r0
                  subs r0, r1, r1
                  rec r0
                  movs r3, #2
                  muls r3, r0, r3
                  rec r3
                  movs r4, #0xff
                  mvns r4, r4
                  rec r4
                  movs r5, #0x0f
                  bics r4, r5
                  rec r4
                  movs r6, #4
                  movs r7, #1
                  rors r7, r6
                  rec r7
                  cmp r7, #1
                  rec r7
                  adcs r7, r7
                  rec r7
                  sbcs r6, r1
                  rec r6
                """)
                .next(0, "nZcv")
                .next(0x80000000, "Nzcv")
                .next(0, "nZCv")
                .next(0xffffffff, "Nzcv")
                .next(0xffffffff, "NzCv")
                .next(8, "nzcv")
                .next(0, "nZCv")
                .next(0, "nZCv")
                .next(0xffffff00, "NzCv")
                .next(0xffffff00, "NzCv")
                .next(0x10000000, "nzcv")
                .next(0x10000000, "nzCv")
                .next(0x20000001, "nzcv")
                .next(2, "nzCv")
                .end();
    }

    @Test
    void highRegisterOperationsLeaveFlagsAlone() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #0
                  movs r1, #5
                  mov r8, r1
                  add r8, r8
                  mov r9, sp
                  add r9, r8
                  cmp r8, r1
                  mrs r2, apsr
                  add r3, pc
                  adr r4, after_add
                  mov r5, pc
                after_add:
                  add sp, #16
                  sub sp, #8
                  add r6, sp, #4
                """).runToDone();
        m.assertReg(8, 10);
        m.assertReg(9, TestMachine.STACK_TOP + 10);
        assertEquals(0x20000000, m.r(2) & 0xf0000000, "CMP r8, r1: 10 - 5, carry set");
        m.assertReg(13, TestMachine.STACK_TOP + 8);
        m.assertReg(6, TestMachine.STACK_TOP + 12);
        m.assertReg(5, m.symbol("after_add") + 2);
    }

    @Test
    void sixteenBitLoadsAndStores() {
        TestMachine m = TestMachine.thumb("""
                  adr r0, data
                  ldr r1, [r0, #4]
                  ldr r2, =bytes
                  ldrb r3, [r2, #2]
                  ldrh r4, [r2, #4]
                  movs r5, #1
                  ldrsb r6, [r2, r5]
                  movs r5, #6
                  ldrsh r7, [r2, r5]
                  ldr r5, =buffer
                  str r1, [r5, #4]
                  strh r4, [r5, #8]
                  strb r3, [r5, #10]
                  movs r6, #12
                  str r4, [r5, r6]
                  sub sp, #8
                  str r1, [sp, #4]
                  ldr r6, [sp, #4]
                  add sp, #8
                  ldr r7, literal
                  b over
                  .align 2
                literal:
                  .word 0xfeedface
                over:
                """, DATA).runToDone();
        m.assertReg(1, 0x22222222);
        m.assertReg(3, 0xfe);
        m.assertReg(4, 0x1234);
        m.assertReg(6, 0x22222222);
        m.assertReg(7, 0xfeedface);
        assertEquals(0x22222222, m.word("buffer", 4));
        assertEquals(0x00fe1234, m.word("buffer", 8));
        assertEquals(0x1234, m.word("buffer", 12));
    }

    @Test
    void signedByteAndHalfwordLoads() {
        TestMachine m = TestMachine.thumb("""
                  ldr r2, =bytes
                  movs r5, #1
                  ldrsb r6, [r2, r5]
                  movs r5, #0
                  ldrsb r7, [r2, r5]
                  movs r5, #6
                  ldrsh r1, [r2, r5]
                """, DATA).runToDone();
        m.assertReg(6, 0x7f);
        m.assertReg(7, 0xffffff81);
        m.assertReg(1, 0xffffff80);
    }

    @Test
    void thirtyTwoBitAddressingModes() {
        TestMachine m = TestMachine.thumb("""
                  ldr r0, =data + 4
                  ldr.w r1, [r0, #4]
                  ldr r2, [r0, #-4]!
                  ldr r3, [r0], #8
                  ldr r4, [r0, #4]!
                  movs r5, #1
                  ldr.w r6, [r0, r5, lsl #2]
                  ldrsb.w r7, [r0, #4]
                  ldrsh r8, [r0, #10]
                  ldrb r9, [r0, #-1]
                  ldrt r10, [r0, #4]
                  ldrh.w r11, [r0, #8]
                  ldr.w r12, far_literal
                  pld [r0]
                  pli [r0, #4]
                  b.w over_literal
                  .align 2
                far_literal:
                  .word 0x0badcafe
                over_literal:
                  ldr.w r1, far_literal
                """, DATA).runToDone();
        int data = m.symbol("data");
        m.assertReg(2, 0x11111111);
        m.assertReg(3, 0x11111111);
        m.assertReg(0, data + 12);
        m.assertReg(4, 0x44444444);
        m.assertReg(6, 0x01fe7f81);
        m.assertReg(7, 0xffffff81);
        m.assertReg(8, 0xffffff80);
        m.assertReg(9, 0x33);
        m.assertReg(10, 0x01fe7f81);
        m.assertReg(11, 0x1234);
        m.assertReg(12, 0x0badcafe);
        m.assertReg(1, 0x0badcafe);
    }

    @Test
    void dualAndMultipleTransfers() {
        TestMachine m = TestMachine.thumb("""
                  ldr r0, =data
                  ldrd r1, r2, [r0, #8]
                  ldrd r3, r4, [r0], #8
                  ldr r5, =buffer
                  strd r1, r3, [r5, #8]!
                  ldr r6, =data
                  ldmia.w r6!, {r7, r8, r9}
                  ldr r10, =buffer + 32
                  stmdb r10!, {r7, r9}
                  push.w {r7, r8, r9, r10, r11, r12}
                  pop.w {r0, r1}
                  add sp, #16
                  ldmdb r6, {r11, r12}
                """, DATA).runToDone();
        int data = m.symbol("data");
        int buffer = m.symbol("buffer");
        m.assertReg(2, 0x44444444);
        m.assertReg(3, 0x11111111);
        m.assertReg(4, 0x22222222);
        m.assertReg(5, buffer + 8);
        assertEquals(0x33333333, m.word("buffer", 8));
        assertEquals(0x11111111, m.word("buffer", 12));
        m.assertReg(6, data + 12);
        m.assertReg(10, buffer + 24);
        assertEquals(0x11111111, m.word("buffer", 24));
        assertEquals(0x33333333, m.word("buffer", 28));
        m.assertReg(0, 0x11111111);
        m.assertReg(1, 0x22222222);
        m.assertReg(13, TestMachine.STACK_TOP);
        m.assertReg(11, 0x22222222);
        m.assertReg(12, 0x33333333);
    }

    @Test
    void branchesCompareAndBranchAndTables() {
        TestMachine m = TestMachine.thumb("""
                  movs r0, #0
                  movs r1, #0
                  cbz r0, zero
                  movs r1, #1
                zero:
                  cbnz r0, nonzero
                  adds r1, #2
                nonzero:
                  movs r2, #2
                  tbb [pc, r2]
                byte_table:
                  .byte (case0 - byte_table) / 2
                  .byte (case1 - byte_table) / 2
                  .byte (case2 - byte_table) / 2
                  .byte 0
                case0:
                  movs r3, #10
                  b tables_done
                case1:
                  movs r3, #11
                  b tables_done
                case2:
                  movs r3, #12
                  movs r4, #1
                  adr r5, half_table
                  tbh [r5, r4, lsl #1]
                tbh_base:
                  .align 2
                half_table:
                  .hword (h0 - tbh_base) / 2
                  .hword (h1 - tbh_base) / 2
                h0:
                  movs r6, #20
                  b tables_done
                h1:
                  movs r6, #21
                tables_done:
                  cmp r3, #12
                  bne.w done
                  movs r7, #1
                """).run();
        m.assertStoppedAt("done");
        m.assertReg(1, 2);
        m.assertReg(3, 12);
        m.assertReg(7, 1);
    }

    @Test
    void interworkingCallsAndReturns() {
        TestMachine m = TestMachine.thumb("""
                  bl thumb_sub
                  blx arm_sub
                  ldr r2, =arm_sub2
                  blx r2
                  b after
                thumb_sub:
                  movs r0, #1
                  bx lr
                  .ltorg
                  .arm
                  .align 2
                arm_sub:
                  mov r1, #2
                  bx lr
                arm_sub2:
                  mov r3, #3
                  bx lr
                  .thumb
                  .thumb_func
                after:
                  movs r4, #4
                """).runToDone();
        m.assertReg(0, 1);
        m.assertReg(1, 2);
        m.assertReg(3, 3);
        m.assertReg(4, 4);
        assertTrue(m.s.thumb);
    }

    @Test
    void popIntoPcSwitchesToArm() {
        TestMachine m = TestMachine.thumb("""
                  ldr r0, =arm_part
                  push {r0}
                  pop {pc}
                  .ltorg
                  .arm
                  .align 2
                arm_part:
                  mov r1, #5
                  ldr r0, =thumb_again
                  bx r0
                  .ltorg
                  .thumb
                  .thumb_func
                thumb_again:
                  movs r2, #6
                """).runToDone();
        m.assertReg(1, 5);
        m.assertReg(2, 6);
    }

    @Test
    void branchWithLinkSetsTheThumbBit() {
        TestMachine m = TestMachine.thumb("""
                  bl sub
                returned:
                  b done
                sub:
                  mov r0, lr
                  bx lr
                """).runToDone();
        m.assertReg(0, m.symbol("returned") | 1);
        assertTrue(m.s.thumb);
    }
}
