@ Bare-metal start for the vexpress-a9 machine tests: stack, .bss, main(), then power off
@ through the motherboard's SYS_CFG interface (function 8, SHUTDOWN), as QEMU and the machine
@ both understand it. Entered in SVC mode with interrupts masked, as QEMU's -kernel leaves the core.
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
    .global power_off
power_off:
    ldr     r0, =0x10000000
    mov     r1, #0
    str     r1, [r0, #0xa0]         @ SYS_CFGDATA
    str     r1, [r0, #0xa8]         @ SYS_CFGSTAT
    ldr     r1, =0xc0800000         @ START | WRITE | function 8 (SHUTDOWN), motherboard, device 0
    str     r1, [r0, #0xa4]         @ SYS_CFGCTRL
2:  b       2b
