/*
 * Guest entry. The hypervisor starts a guest at the start of its window in USR mode with
 * sp = top of the window, r0 = restart count, r1 = guest id, and .bss already zero.
 */
#include "hv_abi.h"

    .file   "crt0.S"    @ names the object in the symbol table (reproducible builds)
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    bl      guest_main
    svc     #HV_EXIT                @ r0 = guest_main's result
1:  b       1b
