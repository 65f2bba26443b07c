package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.cpu.Mode;
import org.junit.jupiter.api.Test;

/** Thumb-2 system forms (SRS, RFE, SUBS PC, LR, SETEND, exclusives) and banked registers. */
class ThumbSystemTest {
    private static final String BUFFER = """
              .align 3
            buffer:
              .space 64
            stack_top_irq:
              .space 16
            """;

    @Test
    void subsPcLrReturnsFromAThumbHandler() {
        TestMachine m = TestMachine.arm("""
                  mov r0, #0
                  svc #0
                  mov r2, #2
                  blx thumb_done
                """, """
                handler_svc:
                  ldr r1, =thumb_handler
                  bx r1
                  .ltorg
                  .thumb
                  .thumb_func
                thumb_handler:
                  movs r0, #1
                  subs pc, lr, #0
                  .thumb_func
                thumb_done:
                  movs r3, #3
                  ldr r4, =done
                  bx r4
                  .ltorg
                  .arm
                  .align 2
                """).runToDone();
        m.assertReg(0, 1);
        m.assertReg(2, 2);
        m.assertReg(3, 3);
        assertEquals(Mode.SVC, m.s.mode());
        assertFalse(m.s.thumb);
    }

    @Test
    void thumbSrsAndRfe() {
        TestMachine m = TestMachine.thumb("""
                  cps #0x12
                  ldr sp, =stack_top_irq
                  ldr lr, =resume + 1
                  ldr r0, =0x80000030
                  msr spsr_fsxc, r0
                  srsdb sp!, #0x12
                  mov r1, sp
                  ldr r2, [sp, #4]
                  rfeia sp!
                resume:
                  mrs r3, cpsr
                  mov r4, sp
                """, BUFFER).runToDone();
        m.assertReg(1, m.symbol("stack_top_irq") - 8);
        m.assertReg(2, 0x80000030);
        m.assertReg(3, 0x80000010);
        assertEquals(Mode.USR, m.s.mode());
        assertTrue(m.s.thumb);
    }

    @Test
    void thumbExclusivesAndSetend() {
        TestMachine m = TestMachine.thumb("""
                  ldr r0, =buffer
                  movs r1, #0x44
                  str r1, [r0, #8]
                  ldrex r2, [r0, #8]
                  adds r2, #1
                  add r3, r0, #8
                  strex r4, r2, [r3]
                  strex r5, r2, [r3]
                  ldrexh r6, [r3]
                  strexh r7, r6, [r3]
                  ldrexd r8, r9, [r0]
                  clrex
                  strexd r10, r8, r9, [r0]
                  setend be
                  ldr r11, [r0, #8]
                  setend le
                """, BUFFER).runToDone();
        m.assertReg(2, 0x45);
        m.assertReg(4, 0);
        m.assertReg(5, 1);
        m.assertReg(6, 0x45);
        m.assertReg(7, 0);
        m.assertReg(10, 1);
        m.assertReg(11, 0x45000000);
        assertFalse(m.s.bigEndianData);
    }

    @Test
    void armBlxImmediateEntersThumbAndReturns() {
        TestMachine m = TestMachine.arm("""
                  blx thumb_sub
                  mov r1, #1
                  b done
                  .thumb
                  .thumb_func
                thumb_sub:
                  movs r0, #9
                  bx lr
                  .arm
                  .align 2
                """).runToDone();
        m.assertReg(0, 9);
        m.assertReg(1, 1);
    }

    /**
     * UNPREDICTABLE Thumb-2 encodings, one per line, each preceded by a fresh trap flag: bit i of
     * r5 says whether encoding i trapped. QEMU 7.2 (vexpress-a9, cortex-a9) traps exactly STREX
     * with Rd = Rt, UDF.W, SSAT with a should-be-zero bit set and SDIV (0x5c0), and executes the
     * others, the PC-destination ones as branches to the next line.
     */
    @Test
    void unpredictableThumb2EncodingsFollowQemu() {
        String[][] probes = {
            {"e9d10000", ""},                  // ldrd r0, r0, [r1]
            {"f8500f04", ""},                  // ldr.w r0, [r0, #4]!  (Rn == Rt)
            {"e8912002", "sp"},                // ldmia.w r1, {r1, sp}
            {"e891c000", "pc in buffer"},      // ldmia.w r1, {lr, pc}
            {"e8818001", ""},                  // stmia.w r1, {r0, pc}
            {"f3ef8d00", "sp"},                // mrs sp, cpsr
            {"e8410000", ""},                  // strex r0, r0, [r1]
            {"f7f0a000", ""},                  // udf.w #0
            {"f3000020", ""},                  // ssat r0, #1, r0 with hw2 bit 5 set
            {"fa81f081", ""},                  // rev.w r0, r1
            {"fb90f0f1", ""},                  // sdiv r0, r0, r1
            {"e8d1f000", ""},                  // tbb [r1, r0]
            {"f1b10f00", ""},                  // cmp.w r1, #0
            {"ea4f0f01", "pc in r1"},          // mov.w pc, r1
            {"f1010f00", "pc in r1"},          // add.w pc, r1, #0
        };
        StringBuilder body = new StringBuilder("  movs r5, #0\n");
        for (int i = 0; i < probes.length; i++) {
            body.append("  movs r4, #0\n  movs r0, #0\n  ldr r1, =buffer\n");
            switch (probes[i][1]) {
                case "sp" -> body.append("  mov r10, sp\n");
                case "pc in buffer" -> body.append("  adr r2, next_").append(i).append(" + 1\n  str r2, [r1, #4]\n");
                case "pc in r1" -> body.append("  adr r1, next_").append(i).append(" + 1\n");
                default -> { }
            }
            body.append("  .inst.w 0x").append(probes[i][0]).append("\nnext_").append(i).append(":\n");
            if (probes[i][1].equals("sp")) {
                body.append("  mov sp, r10\n");
            }
            body.append("  lsls r4, r4, #").append(i).append("\n  orrs r5, r5, r4\n");
            body.append("  ldr r1, =buffer\n  movs r2, #0\n  str r2, [r1, #4]\n");
            if (i % 4 == 3) {
                body.append("  b.w skip_pool_").append(i).append("\n  .ltorg\nskip_pool_").append(i).append(":\n");
            }
        }
        TestMachine m = TestMachine.thumb(body.toString(), BUFFER + """
                  .arm
                  .align 2
                handler_und:
                  mov r4, #1
                  movs pc, lr
                """).runToDone();
        m.assertReg(5, 0x000005c0);
    }

    @Test
    void userRegisterTransfersSeeThroughTheFiqBank() {
        TestMachine m = TestMachine.arm("""
                  mov r8, #0x88
                  mov r9, #0x99
                  cps #0x11
                  mov r8, #0x18
                  mov r9, #0x19
                  adr r0, buffer
                  stmia r0, {r8, r9}^
                  add r1, r0, #8
                  stmia r1, {r8, r9}
                  mov r2, #0x28
                  mov r3, #0x29
                  add r4, r0, #16
                  stmia r4, {r2, r3}
                  ldmia r4, {r8, r9}^
                  mov r5, r8
                  cps #0x13
                  mov r6, r8
                  mov r7, r9
                """, BUFFER).runToDone();
        assertEquals(0x88, m.word("buffer", 0));
        assertEquals(0x99, m.word("buffer", 4));
        assertEquals(0x18, m.word("buffer", 8));
        assertEquals(0x19, m.word("buffer", 12));
        m.assertReg(5, 0x18);
        m.assertReg(6, 0x28);
        m.assertReg(7, 0x29);
    }

    @Test
    void userRegisterTransfersAreUndefinedInUserModeAndWithWriteback() {
        TestMachine m = TestMachine.arm("""
                  mov r4, #0
                  adr r0, buffer
                  .inst 0xe8e00300          @ stmia r0!, {r8, r9}^: writeback with ^
                  cps #0x10
                  stmia r0, {r8, r9}^
                  mov r5, #5
                """, BUFFER + """
                handler_und:
                  add r4, r4, #1
                  movs pc, lr
                """).runToDone();
        assertEquals(2, m.r(4));
        m.assertReg(5, 5);
        m.assertReg(0, m.symbol("buffer"));
    }
}
