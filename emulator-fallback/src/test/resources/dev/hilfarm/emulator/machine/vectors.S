@ Exception vectors at address 0 (NOR flash 0, aliased there). Programs that take interrupts
@ define irq_handler and fiq_handler; any other exception prints '!' and powers off.
    .syntax unified
    .arm
    .section .vectors, "ax"
    ldr     pc, =unexpected         @ reset
    ldr     pc, =unexpected         @ undefined
    ldr     pc, =unexpected         @ SVC
    ldr     pc, =unexpected         @ prefetch abort
    ldr     pc, =unexpected         @ data abort
    nop
    ldr     pc, =irq_entry
    ldr     pc, =fiq_entry
    .ltorg

    .text
irq_entry:
    ldr     sp, =__irq_stack_top
    b       irq_handler
fiq_entry:
    ldr     sp, =__fiq_stack_top
    b       fiq_handler
    .weak   irq_handler
    .weak   fiq_handler
irq_handler:
fiq_handler:
unexpected:
    ldr     r0, =0x10009000
    mov     r1, #'!'
    str     r1, [r0]
    b       power_off

    .bss
    .align 3
    .space 1024
__irq_stack_top:
    .space 1024
__fiq_stack_top:
