@ Entry for the CPU benchmark: stack, .bss, main, then power the board off through the
@ motherboard's SYS_CFG (function 8, SHUTDOWN), which QEMU and hilfarm's emulator both obey.
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    ldr     sp, =__stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      main
    ldr     r0, =0x10000000
    mov     r1, #0
    str     r1, [r0, #0xa0]
    str     r1, [r0, #0xa8]
    ldr     r1, =0xc0800000
    str     r1, [r0, #0xa4]
2:  b       2b
