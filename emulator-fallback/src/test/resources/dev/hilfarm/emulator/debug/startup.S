@ Bare-metal entry for the debug tests' programs: QEMU's -kernel and the emulator both start
@ here in SVC mode with the MMU and caches off. Sets up a stack, clears .bss, optionally enables
@ the VFP (CPACR cp10/cp11 full access, FPEXC.EN), calls main and ends: with semihosting through
@ SYS_EXIT_EXTENDED with main's return value, otherwise in an endless loop.
        .syntax unified
        .arm
        .section .text.startup, "ax"
        .global _start
_start:
        ldr     sp, =__stack_top
        ldr     r0, =__bss_start
        ldr     r1, =__bss_end
        mov     r2, #0
1:      cmp     r0, r1
        strlo   r2, [r0], #4
        blo     1b
#ifdef ENABLE_VFP
        mrc     p15, 0, r0, c1, c0, 2
        orr     r0, r0, #(0xf << 20)
        mcr     p15, 0, r0, c1, c0, 2
        isb
        mov     r0, #0x40000000
        vmsr    fpexc, r0
#endif
        bl      main
#ifdef SEMIHOSTING
        mov     r2, r0
        ldr     r1, =exit_block
        ldr     r3, =0x20026            @ ADP_Stopped_ApplicationExit
        str     r3, [r1]
        str     r2, [r1, #4]
        mov     r0, #0x20               @ SYS_EXIT_EXTENDED
        svc     0x123456
#endif
2:      b       2b

        .bss
        .align  2
exit_block:
        .space  8
