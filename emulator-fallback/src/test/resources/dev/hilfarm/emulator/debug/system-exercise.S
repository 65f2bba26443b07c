@ System-level exercise for lockstep: exceptions, modes, banked registers, CP15 identity,
@ exclusives, DSP/media instructions, VFP configuration and conversions, Thumb-2 control flow.
        .syntax unified
        .arm
        .section .text.startup, "ax"
        .global _start
_start:
        b       reset
        b       und_handler
        b       svc_handler
        b       pabt_handler
        b       dabt_handler
        b       .
        b       irq_handler
        b       fiq_handler
reset:
        ldr     r0, =_start
        mcr     p15, 0, r0, c12, c0, 0  @ VBAR
        isb
        @ stacks per mode
        cps     #0x11
        ldr     sp, =stack_fiq
        mov     r8, #0x88
        mov     r9, #0x99
        cps     #0x12
        ldr     sp, =stack_irq
        cps     #0x17
        ldr     sp, =stack_abt
        cps     #0x1b
        ldr     sp, =stack_und
        cps     #0x1f
        ldr     sp, =stack_sys
        mov     lr, #0x1f
        cps     #0x13
        ldr     sp, =stack_svc
        @ identity registers
        mrc     p15, 0, r0, c0, c0, 0   @ MIDR
        mrc     p15, 0, r1, c0, c0, 1   @ CTR
        mrc     p15, 0, r2, c0, c0, 5   @ MPIDR
        mrc     p15, 0, r3, c0, c1, 0   @ ID_PFR0
        mrc     p15, 0, r4, c0, c2, 0   @ ID_ISAR0
        mrc     p15, 1, r5, c0, c0, 1   @ CLIDR
        mrc     p15, 0, r6, c1, c0, 0   @ SCTLR
        mrc     p15, 4, r7, c15, c0, 0  @ CBAR
        mrc     p15, 0, r8, c0, c1, 4   @ ID_MMFR0
        mov     r0, #0
        mcr     p15, 2, r0, c0, c0, 0   @ CSSELR = L1 D
        isb
        mrc     p15, 1, r9, c0, c0, 0   @ CCSIDR
        @ SVC and return
        mov     r0, #5
        svc     #0x42
        add     r0, r0, #1
        @ undefined instruction and return
        .word   0xe7f000f0              @ udf #0
        add     r0, r0, #1
        @ BKPT: prefetch abort
        bkpt    #0x12
        add     r0, r0, #1
        @ PSR manipulation
        mrs     r1, cpsr
        msr     cpsr_f, #0xf0000000
        mrs     r2, cpsr
        msr     cpsr_f, r1
        cps     #0x12
        mrs     r3, spsr
        mov     r3, #0x1d0
        orr     r3, r3, #3
        msr     spsr_fsxc, r3
        mrs     r3, spsr
        cps     #0x13
        @ saturating, parallel, DSP
        ldr     r1, =0x7ffffff0
        ldr     r2, =0x00000100
        qadd    r3, r1, r2
        mrs     r4, cpsr
        qsub    r5, r2, r1
        ldr     r6, =0x80ff7f01
        ldr     r7, =0x01017f80
        uadd8   r8, r6, r7
        sel     r9, r6, r7
        sadd16  r10, r6, r7
        mrs     r11, cpsr
        uqsub8  r12, r6, r7
        shadd8  r3, r6, r7
        smlabb  r4, r6, r7, r1
        smlawt  r5, r6, r7, r1
        smulwb  r3, r6, r7
        smmla   r4, r6, r7, r1
        smlald  r4, r5, r6, r7
        umaal   r4, r5, r6, r7
        usad8   r3, r6, r7
        ssat    r4, #8, r6
        usat    r5, #7, r6, asr #3
        ssat16  r3, #4, r7
        mrs     r4, cpsr
        mov     r3, #0x1d0
        orr     r3, r3, #3
        msr     cpsr_fsxc, r3
        rbit    r3, r6
        rev16   r4, r6
        revsh   r5, r6
        bfi     r3, r6, #4, #12
        ubfx    r4, r6, #3, #9
        sbfx    r5, r6, #7, #13
        pkhtb   r3, r6, r7, asr #16
        sxtab16 r4, r6, r7, ror #8
        clz     r5, r6
        @ exclusives
        ldr     r1, =scratch
        ldrex   r2, [r1]
        add     r2, r2, #1
        strex   r3, r2, [r1]
        strex   r4, r2, [r1]            @ fails: monitor already cleared
        ldrexd  r4, r5, [r1]
        clrex
        strexd  r6, r4, r5, [r1]
        .word   0xe1017096              @ swp r7, r6, [r1] (as a word: the assembler warns that SWP is deprecated)
        @ LDM/STM user bank
        cps     #0x1f
        mov     r13, #0x1300
        mov     r14, #0x1400
        cps     #0x13
        ldr     r1, =scratch
        stmia   r1, {r13, r14}^
        ldmia   r1, {r2, r3}
        add     r1, r1, #8
        mov     r4, #0x55
        mov     r5, #0x66
        stmia   r1, {r4, r5}
        ldmia   r1, {r13, r14}^
        cps     #0x1f
        mov     r6, r13
        mov     r7, r14
        ldr     sp, =stack_sys
        cps     #0x13
        @ SRS / RFE
        ldr     r1, =after_rfe
        mov     lr, r1
        srsdb   sp!, #0x13
        rfeia   sp!
        b       .
after_rfe:
        @ unaligned access (SCTLR.A clear)
        ldr     r1, =scratch
        ldr     r2, [r1, #1]
        ldrh    r3, [r1, #3]
        ldrd    r4, r5, [r1]
        @ alignment fault with SCTLR.A set
        mrc     p15, 0, r6, c1, c0, 0
        orr     r7, r6, #2
        mcr     p15, 0, r7, c1, c0, 0
        isb
        ldr     r2, [r1, #2]            @ data abort, skipped by the handler
        mcr     p15, 0, r6, c1, c0, 0
        isb
        @ VFP
        mrc     p15, 0, r0, c1, c0, 2
        orr     r0, r0, #(0xf << 20)
        mcr     p15, 0, r0, c1, c0, 2
        isb
        mov     r0, #0x40000000
        vmsr    fpexc, r0
        vmrs    r1, fpsid
        mov     r2, #0                  @ not MVFR0/MVFR1: by design this VFP is D16 without NEON, QEMU's has both
        mov     r3, #0
        vmrs    r4, fpexc
        ldr     r0, =values
        vldmia  r0, {d0-d7}
        vadd.f64 d8, d0, d1
        vmul.f64 d9, d2, d3
        vdiv.f64 d10, d4, d5
        vsqrt.f64 d11, d6
        vmrs    r5, fpscr
        vcvt.s32.f64 s24, d7
        vcvt.u32.f64 s25, d7
        vcvtr.s32.f64 s26, d2
        vcvt.f32.f64 s27, d3
        vmrs    r6, fpscr
        @ round towards zero, flush to zero, default NaN
        ldr     r7, =0x03c00000
        vmsr    fpscr, r7
        vadd.f64 d12, d0, d1
        vmul.f64 d13, d4, d4
        vdiv.f64 d14, d6, d6
        vsub.f64 d15, d5, d5
        vcvt.s32.f64 s0, d5
        vcmp.f64 d0, d1
        vmrs    APSR_nzcv, fpscr
        vcmpe.f64 d14, d14
        vmrs    r8, fpscr
        vmov    r9, r10, d13
        vmov.f64 d1, #1.5
        vcvt.s32.f64 d1, d1, #4
        vcvt.f64.u32 d2, d2, #8
        vmrs    r11, fpscr
        mov     r0, #0
        vmsr    fpscr, r0
        @ Thumb part
        ldr     r0, =thumb_part + 1
        blx     r0
        @ SVC from user mode, then back
        cps     #0x10
        mov     r0, #7
        svc     #0x99                   @ handler returns to user mode
        mov     r1, r0
        svc     #0x1                    @ handler: switch to SVC on return (r0 = 1)
end:    b       end

und_handler:
        mrs     r12, spsr
        movs    pc, lr                  @ ARM udf: lr = next instruction
svc_handler:
        push    {r1, r2}
        ldr     r1, [lr, #-4]
        bic     r1, r1, #0xff000000
        cmp     r1, #0x1
        mrseq   r2, spsr
        biceq   r2, r2, #0x1f
        orreq   r2, r2, #0x13
        msreq   spsr_c, r2
        add     r0, r0, #100
        pop     {r1, r2}
        movs    pc, lr
pabt_handler:
        mov     r10, #2                 @ not IFSR: QEMU records BKPT as a debug event (0x2), this CP15 does not yet
        mrc     p15, 0, r11, c6, c0, 2  @ IFAR
        subs    pc, lr, #0              @ BKPT: lr = bkpt + 4, skip it
dabt_handler:
        mrc     p15, 0, r10, c5, c0, 0  @ DFSR
        mrc     p15, 0, r11, c6, c0, 0  @ DFAR
        subs    pc, lr, #4              @ skip the faulting instruction
irq_handler:
        subs    pc, lr, #4
fiq_handler:
        subs    pc, lr, #4

        .thumb
        .thumb_func
thumb_part:
        push    {r4-r7, lr}
        movs    r0, #0
        movs    r1, #3
1:      cmp     r1, #2
        ite     gt
        addgt   r0, r0, #10
        suble   r0, r0, #1
        tbb     [pc, r1]
table:  .byte   (c0 - table) / 2, (c1 - table) / 2, (c2 - table) / 2, (c3 - table) / 2
c3:     adds    r0, #3
c2:     adds    r0, #2
c1:     adds    r0, #1
c0:     subs    r1, #1
        bpl     1b
        cbz     r0, 2f
        cbnz    r0, 3f
2:      movs    r0, #99
3:      ldr     r2, =scratch
        ldrd    r4, r5, [r2]
        strd    r5, r4, [r2, #8]!
        ldr     r6, [r2, #-4]!
        mla     r7, r4, r5, r6
        smull   r4, r5, r6, r7
        umlal   r4, r5, r6, r7
        ubfx    r3, r7, #5, #11
        mvn     r3, r3, lsl #3
        adcs    r3, r3, r7, ror #7
        itttt   cs
        lslcs   r4, r4, #1
        asrcs   r5, r5, #2
        rorcs   r6, r6, #3
        rrxcs   r7, r7
        ldmia   r2!, {r3, r4}
        udf     #0x12
        pop     {r4-r7, pc}

        .ltorg
        .data
        .balign 8
values: .double 1.0, 3.0e-308, 123.456, -7.25, 1.0, 0.0, 2.0, 4294967296.5
scratch: .word  0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0, 0, 0, 0
        .bss
        .balign 8
        .space  1024
stack_fiq:
        .space  1024
stack_irq:
        .space  1024
stack_abt:
        .space  1024
stack_und:
        .space  1024
stack_sys:
        .space  1024
stack_svc:
