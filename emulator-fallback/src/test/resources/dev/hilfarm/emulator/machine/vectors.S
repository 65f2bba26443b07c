@ Exception vectors at address 0 (NOR flash 0, aliased there) on vexpress-a9; in RAM, found
@ through VBAR, where the build says so (-DSET_VBAR). Programs that take interrupts define
@ irq_handler and fiq_handler, and may define the other handlers; any other exception prints
@ '!' and powers off.
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global vectors_start
vectors_start:
    ldr     pc, =unexpected         @ reset
    ldr     pc, =undefined_handler
    ldr     pc, =svc_handler
    ldr     pc, =prefetch_abort_handler
    ldr     pc, =data_abort_handler
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
    .weak   undefined_handler
    .weak   svc_handler
    .weak   prefetch_abort_handler
    .weak   data_abort_handler
irq_handler:
fiq_handler:
undefined_handler:
svc_handler:
prefetch_abort_handler:
data_abort_handler:
unexpected:
#ifdef UART_NS16550
    ldr     r0, =0x01c28000
#else
    ldr     r0, =0x10009000
#endif
    mov     r1, #'!'
    str     r1, [r0]
    b       power_off

    .bss
    .align 3
    .space 1024
__irq_stack_top:
    .space 1024
__fiq_stack_top:
