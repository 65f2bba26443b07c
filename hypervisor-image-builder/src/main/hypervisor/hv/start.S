/*
 * Entry from the boot loader (QEMU's -kernel, U-Boot's go/bootelf): MMU off, any PL1 mode.
 * Runs the hypervisor in SVC mode with interrupts masked; they stay masked whenever the
 * hypervisor itself runs, so it is never re-entered and needs no locks.
 */
#include "layout.h"

    .file   "start.S"    @ names the object in the symbol table (reproducible builds)
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    cpsid   aif, #0x13              @ SVC mode, asynchronous aborts, IRQ and FIQ masked
    ldr     sp, =hv_stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      hv_main
2:  wfi                             @ hv_main does not return
    b       2b
