@ Bare-metal runner for the VFP differential test (QEMU vexpress-a9, -semihosting).
@
@ Each case in cases.bin is 38 words: {instruction, FPSCR, s0..s15, r0..r3, 16 words of memory}.
@ The runner copies the instruction into a slot on a page of its own (QEMU retranslates code pages
@ that are written), fills the 64-byte window at case_buffer, loads s0-s15, FPSCR and r0-r3,
@ clears the APSR flags and executes the slot. It records 40 words:
@ {FPSCR, s0..s15, undefined?, APSR, r0..r3, the 16 window words, FPEXC}.
@ An UNDEFINED instruction or a data abort sets a flag (1 or 2) and resumes after the slot's
@ instruction.

    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _start
_start:
    b reset
    b undefined_instruction
    b hang
    b hang
    b data_abort
    b hang
    b hang
    b hang
hang:
    b hang

reset:
    ldr r0, =_start
    mcr p15, 0, r0, c12, c0, 0      @ VBAR: the RAM at 0 is not this program
    cps #0x1b
    ldr sp, =und_stack_top
    cps #0x17
    ldr sp, =abt_stack_top
    cps #0x13
    ldr sp, =svc_stack_top
    mrc p15, 0, r0, c1, c0, 2
    orr r0, r0, #(0xf << 20)        @ CPACR: full access to cp10 and cp11
    mcr p15, 0, r0, c1, c0, 2
    isb
    bl main
    mov r0, #0x18                   @ SYS_EXIT, ADP_Stopped_ApplicationExit
    ldr r1, =0x20026
    svc 0x123456
    b hang

undefined_instruction:
    push {r0, r1}
    ldr r0, =undefined_seen
    mov r1, #1
    str r1, [r0]
    pop {r0, r1}
    movs pc, lr

data_abort:
    push {r0, r1}
    ldr r0, =undefined_seen
    mov r1, #2
    str r1, [r0]
    pop {r0, r1}
    subs pc, lr, #4
    .ltorg

    .text
@ void run_case(const uint32_t *in, uint32_t *out)
    .global run_case
run_case:
    push {r4-r6, lr}
    mov r4, r0
    mov r5, r1
    ldr r2, =undefined_seen
    mov r3, #0
    str r3, [r2]
    mov r2, #0x40000000             @ FPEXC.EN (a case may have cleared it)
    vmsr fpexc, r2
    add r0, r4, #88
    ldr r1, =case_buffer
    mov r2, #16
1:  ldr r3, [r0], #4
    str r3, [r1], #4
    subs r2, r2, #1
    bne 1b
    add r0, r4, #8
    vldmia r0, {d0-d7}
    ldr r0, [r4, #4]
    vmsr fpscr, r0
    mov r0, #0
    msr APSR_nzcvq, r0
    add r0, r4, #72
    ldm r0, {r0-r3}
    bl slot
    push {r0-r3}
    mrs r0, APSR
    vmrs r1, fpexc
    str r1, [r5, #156]
    mov r1, #0x40000000
    vmsr fpexc, r1
    vmrs r1, fpscr
    str r1, [r5]
    add r2, r5, #4
    vstmia r2, {d0-d7}
    ldr r2, =undefined_seen
    ldr r2, [r2]
    str r2, [r5, #68]
    str r0, [r5, #72]
    pop {r0-r3}
    add r12, r5, #76
    stmia r12, {r0-r3}
    add r0, r5, #92
    ldr r1, =case_buffer
    mov r2, #16
2:  ldr r3, [r1], #4
    str r3, [r0], #4
    subs r2, r2, #1
    bne 2b
    mov r2, #0
    vmsr fpscr, r2
    pop {r4-r6, pc}
    .ltorg

@ int semihost(int operation, const void *argument)
    .global semihost
semihost:
    svc 0x123456
    bx lr

    .balign 4096
    .global slot
slot:
    nop
    bx lr
    .balign 4096

    .data
undefined_seen:
    .word 0
    .balign 4
    .global cases
cases:
    .incbin "cases.bin"
    .global cases_end
cases_end:

    .bss
    .balign 8
    .space 1024
und_stack_top:
    .space 1024
abt_stack_top:
    .space 16384
svc_stack_top:

    .section .casebuffer, "aw", %nobits
    .global case_buffer
case_buffer:
    .space 64
