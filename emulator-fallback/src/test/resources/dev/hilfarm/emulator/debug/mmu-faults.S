@ MMU faults for lockstep: translation, domain and permission faults on sections and small
@ pages, an execute-never prefetch abort, an unprivileged LDRT, and address translation
@ operations (ATS1CPR, PAR); the abort handlers read DFSR/DFAR and IFSR/IFAR and return.
        .syntax unified
        .arm
        .section .text.startup, "ax"
        .global _start
_start:
        b       reset
        b       .
        b       .
        b       pabt_handler
        b       dabt_handler
        b       .
        b       .
        b       .
reset:
        ldr     r0, =_start
        mcr     p15, 0, r0, c12, c0, 0  @ VBAR
        cps     #0x17
        ldr     sp, =stack_abt
        cps     #0x13
        ldr     sp, =stack_svc
        ldr     r0, =l1
        mcr     p15, 0, r0, c2, c0, 0   @ TTBR0
        mov     r0, #0
        mcr     p15, 0, r0, c2, c0, 2   @ TTBCR
        ldr     r0, =0x55555551         @ domain 0 client, 1 no access... (1 = 0b00)
        bic     r0, r0, #0xc
        mcr     p15, 0, r0, c3, c0, 0   @ DACR
        mcr     p15, 0, r0, c8, c7, 0   @ TLBIALL
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #1
        mcr     p15, 0, r0, c1, c0, 0
        isb
        mov     r9, #0                  @ fault counter
        ldr     r1, =0x80000004
        ldr     r2, [r1]                @ translation fault (section)
        ldr     r1, =0x81000008
        ldr     r2, [r1]                @ domain fault
        ldr     r1, =0x82000010
        ldr     r2, [r1]                @ privileged: fine
        ldrt    r3, [r1]                @ user access: permission fault
        ldr     r1, =0x84000000
        str     r9, [r1]                @ page 0: fine
        ldr     r1, =0x84001004
        ldr     r2, [r1]                @ read-only page: fine
        str     r2, [r1]                @ permission fault (page)
        ldr     r1, =0x84002000
        strb    r2, [r1, #3]            @ translation fault (page)
        ldr     r1, =xn_target
        bic     r1, r1, #0xff000000
        orr     r1, r1, #0x83000000
        bic     r1, r1, #0x00f00000
        blx     r1                      @ prefetch abort: XN
after_xn:
        mrc     p15, 0, r4, c6, c0, 2   @ IFAR
        mrc     p15, 0, r5, c5, c0, 1   @ IFSR
        mcr     p15, 0, r0, c7, c8, 0   @ ATS1CPR: VA→PA
        mrc     p15, 0, r6, c7, c4, 0   @ PAR
        ldr     r0, =0x84001234
        mcr     p15, 0, r0, c7, c8, 0
        mrc     p15, 0, r7, c7, c4, 0
        ldr     r0, =0x80000000
        mcr     p15, 0, r0, c7, c8, 0
        mrc     p15, 0, r8, c7, c4, 0
end:    b       end
xn_target:
        bx      lr

pabt_handler:
        add     r9, r9, #0x100
        mrc     p15, 0, r10, c5, c0, 1  @ IFSR
        mrc     p15, 0, r11, c6, c0, 2  @ IFAR
        ldr     lr, =after_xn
        subs    pc, lr, #0              @ back to SVC mode after the call
dabt_handler:
        add     r9, r9, #1
        mrc     p15, 0, r10, c5, c0, 0  @ DFSR
        mrc     p15, 0, r11, c6, c0, 0  @ DFAR
        push    {r10, r11}
        subs    pc, lr, #4              @ skip the faulting instruction

        .ltorg
        .data
        .balign 16384
l1:
        .set    section, 0
        .rept   4096
        .if     section == 0x800
        .word   0                               @ translation fault
        .elseif section == 0x810
        .word   0x60100000 | 0xc02 | (1 << 5)   @ domain 1: no access
        .elseif section == 0x820
        .word   0x60100000 | 0x402              @ AP=01: privileged only
        .elseif section == 0x830
        .word   0x60000000 | 0xc12              @ execute never
        .elseif section == 0x840
        .word   l2 + 1                          @ coarse page table
        .else
        .word   (section << 20) | 0xc02         @ identity, full access
        .endif
        .set    section, section + 1
        .endr
        .balign 1024
l2:     .word   0x60100000 | 0x32 | (3 << 4)    @ small page, full access
        .word   0x60101000 | 0x32 | (1 << 9)    @ small page, read-only (APX)
        .word   0                               @ translation fault
        .space  1024 - 12
        .bss
        .balign 8
        .space  512
stack_abt:
        .space  512
stack_svc:
