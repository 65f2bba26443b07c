package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hilfarm.emulator.cpu.Mode;
import org.junit.jupiter.api.Test;

/** A32 loads and stores in every addressing mode, block transfers, swaps and exclusives. */
class ArmLoadStoreTest {
    private static final String DATA = """
              .align 3
            data:
              .word 0x11111111, 0x22222222, 0x33333333, 0x44444444
              .word 0x55555555, 0x66666666, 0x77777777, 0x88888888
            bytes:
              .byte 0x81, 0x7f, 0xfe, 0x01, 0x34, 0x12, 0x80, 0xff
            buffer:
              .space 64
            """;

    @Test
    void wordAndByteAddressingModes() {
        TestMachine m = TestMachine.arm("""
                  adr r0, data
                  ldr r1, [r0, #4]          @ offset
                  mov r2, r0
                  ldr r3, [r2, #8]!         @ pre-indexed, writeback
                  mov r4, r0
                  ldr r5, [r4], #12         @ post-indexed
                  add r6, r0, #16
                  ldr r7, [r6, #-4]         @ negative offset
                  mov r8, #3
                  ldr r9, [r0, r8, lsl #2]  @ scaled register
                  add r10, r0, #28
                  ldr r11, [r10, -r8, lsl #3]!
                  ldrb r12, [r0, #5]
                """, DATA).runToDone();
        int data = m.symbol("data");
        m.assertReg(1, 0x22222222);
        m.assertReg(2, data + 8);
        m.assertReg(3, 0x33333333);
        m.assertReg(4, data + 12);
        m.assertReg(5, 0x11111111);
        m.assertReg(7, 0x44444444);
        m.assertReg(9, 0x44444444);
        m.assertReg(10, data + 4);
        m.assertReg(11, 0x22222222);
        m.assertReg(12, 0x22);
    }

    @Test
    void storesWriteTheRightBytesAndWriteBack() {
        TestMachine m = TestMachine.arm("""
                  adr r0, buffer
                  ldr r1, =0xcafef00d
                  str r1, [r0]
                  strb r1, [r0, #4]
                  add r2, r0, #8
                  str r1, [r2], #4
                  strh r1, [r2, #2]!
                  mov r3, #2
                  strb r1, [r0, r3, lsl #3]
                  add r4, r0, #32
                  str r4, [r4, #-4]!
                  str pc, [r0, #40]
                pc_store:
                """, DATA).runToDone();
        int buffer = m.symbol("buffer");
        assertEquals(0xcafef00d, m.word("buffer", 0));
        assertEquals(0x0000000d, m.word("buffer", 4));
        assertEquals(0xcafef00d, m.word("buffer", 8));
        assertEquals(0xf00d0000, m.word("buffer", 12));
        m.assertReg(2, buffer + 14);
        assertEquals(0x0000000d, m.word("buffer", 16));
        assertEquals(buffer + 32, m.word("buffer", 28), "STR stores the base's old value");
        m.assertReg(4, buffer + 28);
        assertEquals(m.symbol("pc_store") - 4 + 8, m.word("buffer", 40), "STR PC stores the instruction's address + 8");
    }

    @Test
    void halfwordSignedAndDualForms() {
        TestMachine m = TestMachine.arm("""
                  adr r0, bytes
                  ldrh r1, [r0]
                  ldrsh r2, [r0]
                  ldrsb r3, [r0]
                  ldrsb r4, [r0, #1]
                  mov r5, #2
                  ldrh r6, [r0, r5]!
                  ldrsh r7, [r0], #2
                  sub r0, r0, #2
                  ldrsh r8, [r0, #4]
                  adr r10, data
                  ldrd r2, r3, [r10, #8]
                  add r11, r10, #16
                  ldrd r4, r5, [r11, #-16]!
                """, DATA).runToDone();
        int bytes = m.symbol("bytes");
        m.assertReg(1, 0x7f81);
        m.assertReg(2, 0x33333333);
        m.assertReg(3, 0x44444444);
        m.assertReg(4, 0x11111111);
        m.assertReg(5, 0x22222222);
        m.assertReg(6, 0x01fe);
        m.assertReg(7, 0x000001fe);
        m.assertReg(0, bytes + 2);
        m.assertReg(8, 0xffffff80);
        m.assertReg(11, m.symbol("data"));
    }

    @Test
    void signedLoadsSignExtend() {
        TestMachine m = TestMachine.arm("""
                  adr r0, bytes
                  ldrsb r1, [r0]
                  ldrsb r2, [r0, #1]
                  ldrsh r3, [r0, #6]
                  ldrsh r4, [r0, #4]
                  adr r5, buffer
                  mov r6, #0x12
                  add r6, r6, #0x3400
                  ldr r7, =0x89abcdef
                  mov r8, r7
                  strd r6, r7, [r5]
                  strd r6, r7, [r5, #8]!
                """, DATA).runToDone();
        m.assertReg(1, 0xffffff81);
        m.assertReg(2, 0x0000007f);
        m.assertReg(3, 0xffffff80);
        m.assertReg(4, 0x00001234);
        assertEquals(0x3412, m.word("buffer", 0));
        assertEquals(0x89abcdef, m.word("buffer", 4));
        assertEquals(0x3412, m.word("buffer", 8));
        m.assertReg(5, m.symbol("buffer") + 8);
    }

    @Test
    void unprivilegedFormsUseTheUserView() {
        TestMachine m = TestMachine.arm("""
                  adr r0, data
                  ldrt r1, [r0], #4
                  ldrbt r2, [r0], #1
                  adr r3, buffer
                  mov r4, #0x5a
                  strbt r4, [r3], #2
                  strt r4, [r3], #-1
                  adr r5, bytes
                  ldrsbt r6, [r5], #1
                  ldrht r7, [r5], #2
                """, DATA).runToDone();
        int data = m.symbol("data");
        m.assertReg(1, 0x11111111);
        m.assertReg(0, data + 5);
        m.assertReg(2, 0x22);
        m.assertReg(3, m.symbol("buffer") + 1);
        m.assertReg(6, 0xffffff81);
        m.assertReg(7, 0xfe7f);
        m.assertReg(5, m.symbol("bytes") + 3);
        assertEquals(0x005a005a, m.word("buffer", 0));
    }

    @Test
    void blockTransfersInAllFourModes() {
        TestMachine m = TestMachine.arm("""
                  adr r0, data
                  ldmia r0, {r1, r2}
                  add r3, r0, #8
                  ldmib r3!, {r4, r5}
                  add r6, r0, #8
                  ldmda r6, {r7, r8}
                  add r9, r0, #16
                  ldmdb r9!, {r10, r11}
                """, DATA).runToDone();
        int data = m.symbol("data");
        m.assertReg(1, 0x11111111);
        m.assertReg(2, 0x22222222);
        m.assertReg(4, 0x44444444);
        m.assertReg(5, 0x55555555);
        m.assertReg(3, data + 16);
        m.assertReg(7, 0x22222222);
        m.assertReg(8, 0x33333333);
        m.assertReg(10, 0x33333333);
        m.assertReg(11, 0x44444444);
        m.assertReg(9, data + 8);
    }

    @Test
    void storeMultipleAndPushPop() {
        TestMachine m = TestMachine.arm("""
                  adr r0, buffer
                  mov r1, #1
                  mov r2, #2
                  mov r3, #3
                  stmia r0!, {r1-r3}
                  add r4, r0, #4
                  stmda r4, {r1, r2}
                  push {r1-r3, lr}
                  mov r1, #0
                  mov r2, #0
                  pop {r1, r2}
                  mov r5, sp
                  add sp, sp, #8
                  adr r6, buffer + 32
                  stmib r6, {r0, r6}
                  stmdb r6!, {r0, r6}
                """, DATA).runToDone();
        int buffer = m.symbol("buffer");
        assertEquals(1, m.word("buffer", 0));
        assertEquals(2, m.word("buffer", 4));
        assertEquals(3, m.word("buffer", 8));
        m.assertReg(0, buffer + 12);
        assertEquals(1, m.word("buffer", 12));
        assertEquals(2, m.word("buffer", 16));
        m.assertReg(1, 1);
        m.assertReg(2, 2);
        m.assertReg(5, TestMachine.STACK_TOP - 8);
        assertEquals(buffer + 12, m.word("buffer", 36));
        assertEquals(buffer + 32, m.word("buffer", 40));
        assertEquals(buffer + 12, m.word("buffer", 24));
        assertEquals(buffer + 32, m.word("buffer", 28), "STM with writeback stores the base's old value");
        m.assertReg(6, buffer + 24);
    }

    @Test
    void loadMultipleIntoPcInterworks() {
        TestMachine m = TestMachine.arm("""
                  adr r0, target_table
                  ldr r1, =thumb_code
                  str r1, [r0]
                  ldmia r0, {pc}
                  .thumb
                  .thumb_func
                thumb_code:
                  movs r2, #42
                  ldr r3, =arm_code
                  push {r3}
                  pop {pc}
                  .ltorg
                  .arm
                  .align 2
                arm_code:
                  mov r4, #7
                  ldr r5, =back_to_thumb
                  push {r5}
                  ldr pc, [sp], #4
                  .thumb
                  .thumb_func
                back_to_thumb:
                  movs r6, #9
                  ldr r7, =done
                  bx r7
                  .ltorg
                  .arm
                  .align 2
                """, """
                target_table:
                  .word 0
                """).runToDone();
        m.assertReg(2, 42);
        m.assertReg(4, 7);
        m.assertReg(6, 9);
        assertFalse(m.s.thumb);
    }

    @Test
    void userRegisterTransfersFromAPrivilegedMode() {
        TestMachine m = TestMachine.arm("""
                  cps #0x1f             @ System mode shares the User bank
                  ldr sp, =0x60070000
                  ldr lr, =0x12345678
                  cps #0x13
                  adr r0, buffer
                  add r7, r0, #16
                  stmia r7, {sp, lr}^
                  mov r1, #0x6000
                  mov r2, #0x55
                  stmia r0, {r1, r2}
                  ldmia r0, {sp, lr}^
                  mov r3, sp
                  cps #0x1f
                  mov r4, sp
                  mov r5, lr
                  cps #0x13
                """, DATA).runToDone();
        assertEquals(0x60070000, m.word("buffer", 16));
        assertEquals(0x12345678, m.word("buffer", 20));
        m.assertReg(3, TestMachine.STACK_TOP);
        m.assertReg(4, 0x6000);
        m.assertReg(5, 0x55);
    }

    @Test
    void loadMultipleWithPcAndCaretReturnsFromAnException() {
        TestMachine m = TestMachine.arm("""
                  ldr r0, =0x80000030                 @ USR, Thumb, N
                  msr spsr_cxsf, r0
                  mov r1, #0x77
                  adr r2, buffer
                  ldr r3, =thumb_user
                  stmia r2, {r1, r3}
                  ldmia r2!, {r4, pc}^
                  .thumb
                  .thumb_func
                thumb_user:
                  mrs r5, apsr
                  ldr r6, =done
                  bx r6
                  .ltorg
                  .arm
                  .align 2
                """, DATA).runToDone();
        assertEquals(Mode.USR, m.s.mode());
        m.assertReg(4, 0x77);
        assertEquals(0x80000010, m.r(5) & 0xf000001f, "the Thumb code ran in User mode with N from the SPSR");
        m.assertReg(2, m.symbol("buffer") + 8);
    }

    @Test
    void swapExchangesWordsAndBytes() {
        TestMachine m = TestMachine.arm("""
                  adr r0, buffer
                  ldr r1, =0xaabbccdd
                  str r1, [r0]
                  mov r2, #0x11
                  swp r3, r2, [r0]
                  mov r4, #0x99
                  swpb r5, r4, [r0]
                  ldr r6, [r0]
                """, DATA).runToDone();
        m.assertReg(3, 0xaabbccdd);
        m.assertReg(5, 0x11);
        m.assertReg(6, 0x99);
    }

    @Test
    void storeExclusiveSucceedsOnlyWhileTheMonitorHoldsTheAddressAndValue() {
        TestMachine m = TestMachine.arm("""
                  adr r0, buffer
                  mov r1, #0x99
                  str r1, [r0]
                  ldrex r7, [r0]
                  add r7, r7, #1
                  strex r8, r7, [r0]
                  strex r9, r7, [r0]          @ the monitor is clear now: fails
                  ldrexb r10, [r0]
                  clrex
                  strexb r11, r10, [r0]       @ cleared by CLREX: fails
                  ldrexh r12, [r0]
                  add r12, r12, #1
                  strexh r1, r12, [r0]
                  ldrexb r2, [r0]
                  strexh r3, r2, [r0]         @ another size, same value at the address: succeeds, as on QEMU
                  ldrex r5, [r0]
                  mov r6, #0x55
                  str r6, [r0]                @ a plain store changes the value...
                  strex r6, r5, [r0]          @ ...so the store-exclusive fails, as QEMU's compare-and-swap does
                  ldrex r5, [r0]
                  str r5, [r0]                @ the same value stored again...
                  strex r13, r5, [r0]         @ ...succeeds
                  ldr r4, [r0]
                """, DATA).runToDone();
        m.assertReg(7, 0x9a);
        m.assertReg(8, 0);
        m.assertReg(9, 1);
        m.assertReg(10, 0x9a);
        m.assertReg(11, 1);
        m.assertReg(12, 0x9b);
        m.assertReg(1, 0);
        m.assertReg(3, 0);
        m.assertReg(6, 1);
        m.assertReg(13, 0);
        m.assertReg(4, 0x55);
    }

    @Test
    void doublewordExclusives() {
        TestMachine m = TestMachine.arm("""
                  adr r2, data
                  adr r0, buffer
                  ldrexd r4, r5, [r2]
                  strexd r3, r4, r5, [r0]     @ a different address: fails
                  ldrexd r4, r5, [r2]
                  mov r6, #1
                  mov r7, #2
                  strexd r8, r6, r7, [r2]
                  ldrd r10, r11, [r2]
                """, DATA).runToDone();
        m.assertReg(3, 1);
        m.assertReg(4, 0x11111111);
        m.assertReg(5, 0x22222222);
        m.assertReg(8, 0);
        m.assertReg(10, 1);
        m.assertReg(11, 2);
    }

    @Test
    void exceptionReturnClearsTheMonitor() {
        TestMachine m = TestMachine.arm("""
                  adr r0, buffer
                  ldrex r1, [r0]
                  svc #0
                  strex r2, r1, [r0]
                """, DATA + """
                handler_svc:
                  movs pc, lr
                """).runToDone();
        m.assertReg(2, 1);
    }

    @Test
    void unalignedWordLoadsAreAllowedWithAlignmentCheckingOff() {
        TestMachine m = TestMachine.arm("""
                  adr r0, data
                  ldr r1, [r0, #1]
                  ldrh r2, [r0, #3]
                """, DATA).runToDone();
        m.assertReg(1, 0x22111111);
        m.assertReg(2, 0x2211);
    }

    @Test
    void setendSwapsDataBytes() {
        TestMachine m = TestMachine.arm("""
                  adr r0, data
                  setend be
                  ldr r1, [r0, #32]
                  ldrh r2, [r0, #32]
                  ldrb r3, [r0, #32]
                  adr r4, buffer
                  str r1, [r4]
                  setend le
                  ldr r5, [r4]
                """, DATA).runToDone();
        m.assertReg(1, 0x817ffe01);
        m.assertReg(2, 0x817f);
        m.assertReg(3, 0x81);
        m.assertReg(5, 0x01fe7f81);
    }
}
