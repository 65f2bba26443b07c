package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.cpu.Coprocessor;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.FloatingPoint;
import dev.hilfarm.emulator.cpu.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status registers, exceptions, semihosting, hints and the coprocessor interface, in both instruction sets. */
class SystemInstructionsTest {
    private static final String STACKS = """
              .align 3
            buffer:
              .space 64
            """;

    @Test
    void msrAndMrsWithFieldMasks() {
        TestMachine m = TestMachine.arm("""
                  mrs r0, cpsr
                  msr cpsr_f, #0xf0000000
                  mrs r1, cpsr
                  cps #0x1f
                  mrs r2, cpsr
                  msr cpsr_c, #0xd3
                  ldr r3, =0x000f0000
                  msr apsr_g, r3
                  mrs r4, apsr
                  mov r5, #0x1b
                  msr spsr_fsxc, r5
                  mrs r6, spsr
                """).runToDone();
        m.assertReg(0, 0x400001d3);
        m.assertReg(1, 0xf00001d3);
        m.assertReg(2, 0xf00001df);
        m.assertReg(4, 0xf00f01d3);
        m.assertReg(6, 0x1b);
        assertEquals(Mode.SVC, m.s.mode());
    }

    @Test
    void userModeMayOnlyWriteFlagsAndGe() {
        TestMachine m = TestMachine.arm("""
                  cps #0x10
                  msr cpsr_fsxc, #0x0000001f     @ tries SYS mode and unmasking: ignored
                  mrs r0, cpsr
                  ldr r1, =0xf80f01df
                  msr cpsr_fsxc, r1
                  mrs r2, cpsr
                  cpsie if                       @ a no-op in User mode
                  cps #0x13
                  mrs r3, cpsr
                """).runToDone();
        m.assertReg(0, 0x000001d0);
        m.assertReg(2, 0xf80f01d0);
        m.assertReg(3, 0xf80f01d0);
        assertEquals(Mode.USR, m.s.mode());
    }

    @Test
    void mrsSpsrInUserModeIsUndefined() {
        TestMachine m = TestMachine.arm("""
                  cps #0x10
                trap:
                  mrs r0, spsr
                """, """
                handler_und:
                  mov r1, lr
                  b done
                """).runToDone();
        assertEquals(Mode.UND, m.s.mode());
        m.assertReg(1, m.symbol("trap") + 4);
    }

    @Test
    void cpsChangesMasksAndModeWhenPrivileged() {
        TestMachine m = TestMachine.arm("""
                  cpsie aif
                  mrs r0, cpsr
                  cpsid if, #0x1b
                  mrs r1, cpsr
                  cps #0x13
                """).runToDone();
        m.assertReg(0, 0x40000013);
        m.assertReg(1, 0x400000db);
        assertTrue(m.s.maskI);
        assertFalse(m.s.maskA);
    }

    @Test
    void thumbMrsMsrAndCps() {
        TestMachine m = TestMachine.thumb("""
                  mrs r0, cpsr
                  movs r1, #0
                  msr apsr_nzcvq, r1
                  cpsie i
                  mrs r2, cpsr
                  cpsid.w i, #0x1f
                  mrs r3, cpsr
                  ldr r4, =0x80000000
                  msr cpsr_f, r4
                  mrs r5, apsr
                """).runToDone();
        m.assertReg(0, 0x400001d3);
        m.assertReg(2, 0x00000153);
        m.assertReg(3, 0x000001df);
        m.assertReg(5, 0x800001df);
    }

    @Test
    void srsAndRfeSaveAndRestoreReturnState() {
        TestMachine m = TestMachine.arm("""
                  cps #0x1f
                  ldr sp, =stack_sys
                  cps #0x13
                  ldr lr, =resume
                  ldr r0, =0x200001d0
                  msr spsr_fsxc, r0
                  srsdb sp!, #0x1f
                  cps #0x1f
                  mov r1, sp
                  ldr r2, [sp]
                  ldr r3, [sp, #4]
                  rfeia sp!
                resume:
                  mrs r4, cpsr
                  mov r5, #5
                """, """
                  .space 32
                stack_sys:
                  .space 32
                """).runToDone();
        m.assertReg(1, m.symbol("stack_sys") - 8);
        m.assertReg(2, m.symbol("resume"));
        m.assertReg(3, 0x200001d0);
        m.assertReg(4, 0x200001d0);
        m.assertReg(5, 5);
        assertEquals(Mode.USR, m.s.mode());
    }

    @Test
    void svcUndefinedAndDivideTrapWithTheRightReturnAddresses() {
        TestMachine m = TestMachine.arm("""
                  mov r4, #0
                svc_here:
                  svc #0x42
                udf_here:
                  udf #3
                udiv_here:
                  .inst 0xe730f211      @ udiv r0, r1, r2: not on the Cortex-A9
                  mov r9, #9
                """, """
                handler_svc:
                  mov r5, lr
                  mrs r6, spsr
                  movs pc, lr
                handler_und:
                  add r4, r4, #1
                  cmp r4, #1
                  moveq r7, lr
                  movne r8, lr
                  movs pc, lr
                """).runToDone();
        m.assertReg(5, m.symbol("svc_here") + 4);
        m.assertReg(6, 0x400001d3);
        m.assertReg(7, m.symbol("udf_here") + 4);
        m.assertReg(8, m.symbol("udiv_here") + 4);
        m.assertReg(9, 9);
        assertEquals(2, m.r(4));
    }

    @Test
    void thumbUndefinedTrapsLeaveTheInstructionPlusTwoInLr() {
        TestMachine m = TestMachine.thumb("""
                  movs r4, #0
                svc_here:
                  svc #7
                udf16_here:
                  udf #1
                udf32_here:
                  udf.w #2
                sdiv_here:
                  .inst.w 0xfb91f0f2        @ sdiv r0, r1, r2: not on the Cortex-A9
                  movs r3, #3
                """, """
                  .arm
                  .align 2
                handler_svc:
                  mov r5, lr
                  movs pc, lr
                handler_und:
                  add r4, r4, #1
                  cmp r4, #1
                  moveq r6, lr
                  cmp r4, #2
                  moveq r7, lr
                  cmp r4, #3
                  moveq r8, lr
                  @ LR is the instruction + 2 whatever its size (as Linux's handler expects):
                  @ step over the second halfword of a 32-bit instruction, as Linux does.
                  ldrh r9, [lr, #-2]
                  cmp r9, #0xe800
                  addhs lr, lr, #2
                  movs pc, lr
                """).runToDone();
        m.assertReg(5, m.symbol("svc_here") + 2);
        m.assertReg(6, m.symbol("udf16_here") + 2);
        m.assertReg(7, m.symbol("udf32_here") + 2);
        m.assertReg(8, m.symbol("sdiv_here") + 2);
        m.assertReg(3, 3);
    }

    @Test
    void bkptIsAPrefetchAbortWithADebugEventStatus() {
        TestMachine m = TestMachine.arm("""
                bkpt_here:
                  bkpt #0xab
                  mov r2, #2
                """, """
                handler_pabt:
                  mov r0, lr
                  mrs r1, cpsr
                  subs pc, lr, #0
                """).runToDone();
        m.assertReg(0, m.symbol("bkpt_here") + 4);
        assertEquals(Mode.ABT, m.r(1) & 0x1f);
        assertEquals(0x1c0, m.r(1) & 0x1c0, "A, I, F masked");
        m.assertReg(2, 2);
        assertEquals(2, m.systemControl.lastIfsr);
        assertEquals(0, m.systemControl.lastIfar);
    }

    @Test
    void semihostingThroughSvcAndHlt() {
        TestMachine m = TestMachine.arm("""
                  mov r0, #4
                  adr r1, hello
                  svc #0x123456
                  mov r0, #3
                  adr r1, bang
                  hlt #0xf000
                  mov r0, #4
                  ldr r1, =thumb_part
                  bx r1
                  .thumb
                  .thumb_func
                thumb_part:
                  adr r1, world
                  svc #0xab
                  movs r0, #3
                  adr r1, bang
                  hlt #0x3c
                  ldr r0, =done
                  bx r0
                  .ltorg
                  .arm
                  .align 2
                """, """
                hello:
                  .asciz "hello "
                  .align 2
                world:
                  .asciz "world"
                  .align 2
                bang:
                  .ascii "!"
                """).runToDone();
        assertEquals("hello !world!", m.semihosting.output.toString());
        assertEquals(Mode.SVC, m.s.mode());
    }

    @Test
    void semihostingIsRefusedFromUserModeAsQemuDoes() {
        TestMachine m = TestMachine.arm("""
                  cps #0x10
                  mov r0, #4
                  adr r1, text
                  svc #0x123456
                """, """
                handler_svc:
                  mov r2, #1
                  b done
                text:
                  .asciz "no"
                """).runToDone();
        assertEquals("", m.semihosting.output.toString());
        m.assertReg(2, 1);
        assertEquals(Mode.SVC, m.s.mode());
    }

    @Test
    void hintsBarriersAndPreloadsAreHarmless() {
        TestMachine m = TestMachine.arm("""
                  nop
                  yield
                  sev
                  wfe
                  dmb ish
                  dsb sy
                  isb
                  pld [r0]
                  pldw [r0, #4]
                  pli [r0]
                  clrex
                  dbg #3
                  mov r0, #1
                  wfi
                """).runToDone();
        m.assertReg(0, 1);
        assertTrue(m.cpu.waitingForInterrupt, "WFI waits for an interrupt");
    }

    /**
     * UNPREDICTABLE encodings QEMU's decoder rejects, interleaved with valid ones: r5 collects the
     * running trap count after each. The expected value is what qemu-system-arm 7.2 (vexpress-a9,
     * cortex-a9) computes for the same instructions.
     */
    @Test
    void unpredictableEncodingsAreUndefinedAsOnQemu() {
        TestMachine m = TestMachine.arm("""
                  mov r4, #0
                  mov r5, #0
                  mov r2, #7
                  .inst 0xe1a10002      @ mov r0, r2 with Rn = 1
                  orr r5, r5, r4
                  .inst 0xe1101002      @ tst r0, r2 with Rd = 1
                  orr r5, r5, r4, lsl #4
                  .inst 0xe320e000      @ nop with bits 15-12 = 1110
                  orr r5, r5, r4, lsl #8
                  adr r1, buffer
                  .inst 0xe8b10003      @ ldmia r1!, {r0, r1}: writeback with the base in the list
                  orr r5, r5, r4, lsl #12
                  .inst 0xe6bf1f31      @ rev r1, r1 (valid)
                  orr r5, r5, r4, lsl #16
                  .inst 0xe6ba1f31      @ rev with bits 19-16 = 1010
                  orr r5, r5, r4, lsl #20
                  .inst 0xe7f000f0      @ udf #0
                  orr r5, r5, r4, lsl #24
                """, STACKS + """
                handler_und:
                  add r4, r4, #1
                  movs pc, lr
                """).runToDone();
        m.assertReg(5, 0x06544321);
    }

    /** The PC as the result register of a multiply, media op or LDRD branches there, as QEMU 7.2 does. */
    @Test
    void pcAsResultRegisterBranchesAsOnQemu() {
        TestMachine m = TestMachine.arm("""
                  mov r4, #0
                  adr r1, after_mul
                  mov r2, #1
                  .inst 0xe00f0291      @ mul pc, r1, r2
                  mov r4, #1            @ skipped by the branch
                after_mul:
                  adr r1, after_uadd8
                  mov r2, #0
                  .inst 0xe651ff92      @ uadd8 pc, r1, r2
                  mov r4, #2
                after_uadd8:
                  adr r3, buffer
                  adr r2, after_ldrd
                  str r2, [r3, #4]
                  .inst 0xe1c3e0d0      @ ldrd lr, pc, [r3]
                  mov r4, #3
                after_ldrd:
                  adr r1, after_sxtah
                  mov r2, #0
                  .inst 0xe6b1f072      @ sxtah pc, r1, r2
                  mov r4, #4
                after_sxtah:
                  mov r5, #5
                """, STACKS).runToDone();
        m.assertReg(4, 0);
        m.assertReg(5, 5);
    }

    @Test
    void coprocessorTransfersReachTheRegisteredCoprocessor() {
        RecordingCoprocessor cp15 = new RecordingCoprocessor();
        TestMachine m = TestMachine.arm("""
                  mrc p15, 0, r0, c0, c0, 0
                  mov r1, #0x55
                  mcr p15, 0, r1, c13, c0, 4
                  mrrc p15, 1, r2, r3, c2
                  mcrr p15, 0, r1, r0, c7
                  mrc p15, 0, apsr_nzcv, c7, c14, 3
                  mrs r4, apsr
                """);
        m.cpu.coprocessors[15] = cp15;
        m.runToDone();
        m.assertReg(0, 0x410fc090);
        m.assertReg(2, 0x22222222);
        m.assertReg(3, 0x11111111);
        assertEquals(0x40000000, m.r(4) & 0xf0000000);
        assertEquals(List.of("mrc 0 c0 c0 0", "mcr 0 c13 c0 4 =55", "mrrc 1 c2", "mcrr 0 c7 =410fc09000000055",
                "mrc 0 c7 c14 3"), cp15.log);
    }

    @Test
    void missingCoprocessorsVfpWithoutAUnitAndNeonAreUndefined() {
        TestMachine m = TestMachine.arm("""
                  mov r4, #0
                  mrc p14, 0, r0, c0, c0, 0
                  .inst 0xee300a00          @ vadd.f32 s0, s0, s0
                  .inst 0xf2200800          @ vadd.i32 d0, d0, d0 (Advanced SIMD)
                  .inst 0xf4200a0f          @ vld1.8 {d0, d1}, [r0]
                  mov r5, #5
                """, """
                handler_und:
                  add r4, r4, #1
                  movs pc, lr
                """).runToDone();
        assertEquals(4, m.r(4));
        m.assertReg(5, 5);
    }

    @Test
    void vfpInstructionsGoToTheFloatingPointUnitInA32Form() {
        RecordingFpu fpu = new RecordingFpu();
        TestMachine m = TestMachine.thumb("""
                  .inst.w 0xee300a00        @ vadd.f32 s0, s0, s0
                  .inst.w 0xeef10a10        @ vmrs r0, fpscr
                  .inst.w 0xed900a00        @ vldr s0, [r0]
                  .inst.w 0xec410b10        @ vmov d0, r0, r1
                  movs r0, #1
                  cmp r0, #1
                  it ne
                  .inst.w 0xee300a00        @ skipped
                """);
        m.cpu.fpu = fpu;
        m.runToDone();
        assertEquals(List.of(0xee300a00, 0xeef10a10, 0xed900a00, 0xec410b10), fpu.instructions);
        TestMachine arm = TestMachine.arm("""
                  movs r0, #0
                  .inst 0x0e300a00          @ vaddeq.f32 s0, s0, s0
                  .inst 0x1e300a00          @ vaddne: skipped
                """);
        RecordingFpu armFpu = new RecordingFpu();
        arm.cpu.fpu = armFpu;
        arm.runToDone();
        assertEquals(List.of(0x0e300a00), armFpu.instructions);
    }

    /** CP15 stand-in: answers MIDR, logs every access. */
    private static final class RecordingCoprocessor implements Coprocessor {
        final List<String> log = new ArrayList<>();

        @Override
        public int mrc(CpuState cpu, int opc1, int crn, int crm, int opc2) {
            log.add("mrc " + opc1 + " c" + crn + " c" + crm + " " + opc2);
            return crn == 0 ? 0x410fc090 : 0x40000000;
        }

        @Override
        public void mcr(CpuState cpu, int opc1, int crn, int crm, int opc2, int value) {
            log.add("mcr " + opc1 + " c" + crn + " c" + crm + " " + opc2 + " =" + Integer.toHexString(value));
        }

        @Override
        public long mrrc(CpuState cpu, int opc1, int crm) {
            log.add("mrrc " + opc1 + " c" + crm);
            return 0x1111111122222222L;
        }

        @Override
        public void mcrr(CpuState cpu, int opc1, int crm, long value) {
            log.add("mcrr " + opc1 + " c" + crm + " =" + Long.toHexString(value));
        }
    }

    private static final class RecordingFpu implements FloatingPoint {
        final List<Integer> instructions = new ArrayList<>();

        @Override
        public void execute(Cpu cpu, int insn) {
            instructions.add(insn);
        }

        @Override
        public void reset() {
        }
    }
}
