@ Turns the MMU on with one first-level table: everything identity-mapped as 1 MiB sections,
@ except VA 0x80000000, which maps the RAM at PA 0x60100000, and VA 0x90000000, which is
@ unmapped. Leaves 0xcafebabe at PA 0x60100000 and in r4 (read back through VA 0x80000000),
@ then spins at "spin".
        .syntax unified
        .arm
        .section .text.startup, "ax"
        .global _start
_start:
        ldr     r0, =table
        mcr     p15, 0, r0, c2, c0, 0   @ TTBR0
        mov     r0, #0
        mcr     p15, 0, r0, c2, c0, 2   @ TTBCR: TTBR0 for everything
        mov     r0, #1
        mcr     p15, 0, r0, c3, c0, 0   @ DACR: domain 0 client
        ldr     r1, =0x60100000
        ldr     r2, =0xcafebabe
        str     r2, [r1]
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #1
        mcr     p15, 0, r0, c1, c0, 0   @ SCTLR.M
        isb
        ldr     r3, =0x80000000
        ldr     r4, [r3]
        .global spin
spin:   b       spin
        .ltorg

        .data
        .balign 16384
table:
        .set    section, 0
        .rept   4096
        .if     section == 0x800
        .word   0x60100000 | 0xc02      @ AP=0b11, domain 0, section
        .elseif section == 0x900
        .word   0                       @ translation fault
        .else
        .word   (section << 20) | 0xc02
        .endif
        .set    section, section + 1
        .endr
