package dev.hilfarm.emulator.isa;

import org.junit.jupiter.api.Test;

/** Multiplies, saturating and parallel arithmetic, extend/pack/bit-field operations, checked against hand-worked values. */
class DspArithmeticTest {
    /** Clears NZCVQ and GE before each case, so every record shows only what its instruction set. */
    private static final String CLEAR = "  msr apsr_nzcvqg, #0\n";
    /** Thumb has no MSR with an immediate. */
    private static final String THUMB_CLEAR = "  mov r10, #0\n  msr apsr_nzcvqg, r10\n";

    @Test
    void multiplies() {
        Recorded.arm(CLEAR + """
                  ldr r1, =0x7fff
                  mov r2, r1
                  ldr r3, =0x7fffffff
                  smlabb r0, r1, r2, r3
                  rec r0
                """ + CLEAR + """
                  ldr r1, =0xffff8000
                  mov r2, #0x80000000
                  smulbt r0, r1, r2
                  rec r0
                  mov r1, #0x40000000
                  mov r2, #0x4000
                  mov r3, #0x10
                  smlawb r0, r1, r2, r3
                  rec r0
                  mvn r1, #0
                  mov r2, #0x20000
                  smulwt r0, r1, r2
                  rec r0
                  ldr r1, =0xffff
                  mov r2, #2
                  mvn r4, #0
                  mov r5, #0
                  smlalbb r4, r5, r1, r2
                  rec r4
                  rec r5
                  ldr r1, =0x80008000
                  smuad r0, r1, r1
                  rec r0
                """ + CLEAR + """
                  ldr r1, =0x00030002
                  ldr r2, =0x00050007
                  smusdx r0, r1, r2
                  rec r0
                  mov r4, #1
                  mov r5, #0
                  smlald r4, r5, r1, r2
                  rec r4
                  mov r1, #0x40000000
                  mov r2, #3
                  smmulr r0, r1, r2
                  rec r0
                  smmul r0, r1, r2
                  rec r0
                  mov r1, #0x10000
                  mov r3, #1
                  smmls r0, r1, r1, r3
                  rec r0
                  mvn r1, #0
                  mvn r4, #0
                  mvn r5, #0
                  umaal r4, r5, r1, r1
                  rec r4
                  rec r5
                  mov r1, #0x80000000
                  mov r2, #2
                  umulls r4, r5, r1, r2
                  rec r4
                  mov r1, #0
                  smulls r4, r5, r1, r2
                  rec r5
                  mov r1, #0x10000
                  muls r0, r1, r1
                  rec r0
                  mov r1, #3
                  mov r2, #4
                  mov r3, #10
                  mls r0, r1, r2, r3
                  rec r0
                """)
                .nextWithQGe(0xbfff0000, true, 0)
                .nextWithQGe(0x40000000, false, 0)
                .nextWithQGe(0x10000010, false, 0)
                .nextWithQGe(0xffffffff, false, 0)
                .nextWithQGe(0xfffffffd, false, 0)
                .nextWithQGe(0x00000000, false, 0)
                .nextWithQGe(0x80000000, true, 0)
                .nextWithQGe(0xfffffff5, false, 0)
                .next(30)
                .next(1)
                .next(0)
                .next(0)
                .next(0xffffffff)
                .next(0xffffffff)
                .next(0, "nzcv")
                .next(0, "nZcv")
                .next(0, "nZcv")
                .next(0xfffffffe)
                .end();
    }

    @Test
    void saturatingArithmeticSetsQ() {
        Recorded.arm(CLEAR + """
                  ldr r1, =0x7fffffff
                  mov r2, #1
                  qadd r0, r1, r2
                  rec r0
                """ + CLEAR + """
                  mov r1, #0x80000000
                  qsub r0, r1, r2
                  rec r0
                """ + CLEAR + """
                  mov r1, #0
                  mov r2, #0x40000000
                  qdadd r0, r1, r2
                  rec r0
                """ + CLEAR + """
                  qdsub r0, r1, r2
                  rec r0
                """ + CLEAR + """
                  mov r1, #5
                  qadd r0, r1, r1
                  rec r0
                  ldr r1, =300
                  ssat r0, #8, r1
                  rec r0
                """ + CLEAR + """
                  mov r1, #0x100000
                  ssat r0, #16, r1, asr #4
                  rec r0
                """ + CLEAR + """
                  mvn r1, #4
                  usat r0, #8, r1
                  rec r0
                """ + CLEAR + """
                  mov r1, #200
                  usat r0, #8, r1
                  rec r0
                  ldr r1, =0x0100ff00
                  ssat16 r0, #8, r1
                  rec r0
                """ + CLEAR + """
                  ldr r1, =0x0010fffe
                  usat16 r0, #4, r1
                  rec r0
                """)
                .nextWithQGe(0x7fffffff, true, 0)
                .nextWithQGe(0x80000000, true, 0)
                .nextWithQGe(0x7fffffff, true, 0)
                .nextWithQGe(0x80000001, true, 0)
                .nextWithQGe(10, false, 0)
                .nextWithQGe(127, true, 0)
                .nextWithQGe(0x7fff, true, 0)
                .nextWithQGe(0, true, 0)
                .nextWithQGe(200, false, 0)
                .nextWithQGe(0x007fff80, true, 0)
                .nextWithQGe(0x000f0000, true, 0)
                .end();
    }

    @Test
    void parallelArithmeticAndGe() {
        Recorded.arm(CLEAR + """
                  ldr r1, =0x80ff0102
                  ldr r2, =0x80010203
                  uadd8 r0, r1, r2
                  rec r0
                  ldr r4, =0x11111111
                  ldr r5, =0x22222222
                  sel r3, r4, r5
                  rec r3
                  ldr r1, =0x00010005
                  ldr r2, =0x00020003
                  ssub16 r0, r1, r2
                  rec r0
                  ldr r1, =0x7fff8000
                  ldr r2, =0x00010001
                  qadd16 r0, r1, r2
                  rec r0
                  ldr r1, =0x7f80ff01
                  ldr r2, =0x01800101
                  shadd8 r0, r1, r2
                  rec r0
                  ldr r1, =0x00010005
                  ldr r2, =0x00030001
                  uhsub16 r0, r1, r2
                  rec r0
                  ldr r1, =0x10ff0520
                  ldr r2, =0x20010510
                  uqsub8 r0, r1, r2
                  rec r0
                  ldr r1, =0x01020304
                  ldr r2, =0x04030201
                  mov r3, #100
                  usada8 r0, r1, r2, r3
                  rec r0
                  ldr r1, =0x00050003
                  ldr r2, =0x00010002
                  sasx r0, r1, r2
                  rec r0
                  ldr r1, =0x00010005
                  ldr r2, =0x00020003
                  usax r0, r1, r2
                  rec r0
                """)
                .nextWithQGe(0x00000305, false, 0b1100)
                .nextWithQGe(0x11112222, false, 0b1100)
                .nextWithQGe(0xffff0002, false, 0b0011)
                .nextWithQGe(0x7fff8001, false, 0b0011)
                .nextWithQGe(0x40800001, false, 0b0011)
                .nextWithQGe(0xffff0002, false, 0b0011)
                .nextWithQGe(0x00fe0010, false, 0b0011)
                .nextWithQGe(108, false, 0b0011)
                .nextWithQGe(0x00070002, false, 0b1111)
                .nextWithQGe(0xfffe0007, false, 0b0000)
                .end();
    }

    @Test
    void extendPackReverseAndBitFields() {
        Recorded.arm("""
                  ldr r1, =0x00010001
                  ldr r2, =0x80ff7f80
                  sxtab16 r0, r1, r2, ror #8
                  rec r0
                  mov r1, #0x10000
                  ldr r2, =0x1234ffff
                  uxtah r0, r1, r2
                  rec r0
                  ldr r1, =0x12345678
                  ldr r2, =0x87654321
                  pkhtb r0, r1, r2, asr #16
                  rec r0
                  pkhbt r0, r1, r2, lsl #16
                  rec r0
                  mov r1, #1
                  rbit r0, r1
                  rec r0
                  ldr r1, =0x11223344
                  rev16 r0, r1
                  rec r0
                  ldr r1, =0x000080ff
                  revsh r0, r1
                  rec r0
                  mov r1, #0
                  clz r0, r1
                  rec r0
                  mov r1, #0x10000
                  clz r0, r1
                  rec r0
                  mov r1, #0xf00
                  sbfx r0, r1, #8, #4
                  rec r0
                  ldr r1, =0xabcdef12
                  ubfx r0, r1, #28, #4
                  rec r0
                  mvn r0, #0
                  mov r1, #0
                  bfi r0, r1, #4, #8
                  rec r0
                  bfc r0, #0, #32
                  rec r0
                  ldr r1, =0x8081
                  sxtb r0, r1, ror #8
                  rec r0
                  uxtb16 r0, r2
                  rec r0
                """)
                .next(0xff810080)
                .next(0x0001ffff)
                .next(0x12348765)
                .next(0x43215678)
                .next(0x80000000)
                .next(0x22114433)
                .next(0xffffff80)
                .next(32)
                .next(15)
                .next(0xffffffff)
                .next(0xa)
                .next(0xfffff00f)
                .next(0)
                .next(0xffffff80)
                .next(0x00650021)
                .end();
    }

    @Test
    void thumbDspForms() {
        Recorded.thumb(THUMB_CLEAR + """
                  ldr r1, =0x80008000
                  smuad r0, r1, r1
                  rec r0
                """ + THUMB_CLEAR + """
                  ldr r1, =0x80ff0102
                  ldr r2, =0x80010203
                  uadd8 r0, r1, r2
                  rec r0
                  ldr r1, =0x7fffffff
                  movs r2, #1
                  qdadd r0, r2, r1
                  rec r0
                  mvn r4, #0
                  mvn r5, #0
                  umaal r4, r5, r4, r4
                  rec r5
                  ldr r1, =0x00030002
                  ldr r2, =0x00050007
                  movs r4, #1
                  movs r5, #0
                  smlsldx r4, r5, r1, r2
                  rec r4
                  rec r5
                """)
                .nextWithQGe(0x80000000, true, 0)
                .nextWithQGe(0x00000305, false, 0b1100)
                .nextWithQGe(0x7fffffff, true, 0b1100)
                .next(0xffffffff)
                .next(0xfffffff6)
                .next(0xffffffff)
                .end();
    }
}
