@ Bare-metal start for the machine tests: stack, .bss, main(), then power off. On vexpress-a9
@ through the motherboard's SYS_CFG interface (function 8, SHUTDOWN), as QEMU and the machine
@ both understand it; built with -DEXIT_SEMIHOSTING (cubieboard, which has no power controller)
@ through semihosting's SYS_EXIT. With -DSET_VBAR the exception vectors are wherever the linker
@ put them (in RAM) instead of at address 0. Entered in SVC mode with interrupts masked, as QEMU's
@ -kernel leaves the core.
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    ldr     sp, =__stack_top
#ifdef SET_VBAR
    ldr     r0, =vectors_start
    mcr     p15, 0, r0, c12, c0, 0  @ VBAR
    isb
    @ Stacks for the handlers of synchronous exceptions, which such programs define in C.
    cps     #0x1b                   @ UND
    ldr     sp, =__und_stack_top
    cps     #0x17                   @ ABT
    ldr     sp, =__abt_stack_top
    cps     #0x13                   @ back to SVC
#endif
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      main
    .global power_off
power_off:
#ifdef EXIT_SEMIHOSTING
    mov     r0, #0x18               @ SYS_EXIT
    ldr     r1, =0x20026            @ ADP_Stopped_ApplicationExit
    svc     0x123456
#else
    ldr     r0, =0x10000000
    mov     r1, #0
    str     r1, [r0, #0xa0]         @ SYS_CFGDATA
    str     r1, [r0, #0xa8]         @ SYS_CFGSTAT
    ldr     r1, =0xc0800000         @ START | WRITE | function 8 (SHUTDOWN), motherboard, device 0
    str     r1, [r0, #0xa4]         @ SYS_CFGCTRL
#endif
2:  b       2b

#ifdef SET_VBAR
    .bss
    .align 3
    .space 1024
__und_stack_top:
    .space 1024
__abt_stack_top:
#endif
