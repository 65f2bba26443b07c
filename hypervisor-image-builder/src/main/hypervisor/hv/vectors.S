/*
 * Exception vectors (VBAR points here). Every exception the hypervisor expects comes from a
 * guest in USR mode; its entry saves the guest's registers as a struct trap_frame on the SVC
 * stack and calls the C handler with the frame. The handler may rewrite the frame (a result in
 * r0, or a whole other guest after a switch); hv_return then resumes whatever the frame says.
 *
 * SRS stores the return address and SPSR straight onto the SVC stack, so the ABT, UND and IRQ
 * modes need no stacks of their own. Layout (see hv.h): r0-r12, sp_usr, lr_usr, pad, pc, cpsr.
 */
    .file   "vectors.S"    @ names the object in the symbol table (reproducible builds)
    .syntax unified
    .arm
    .section .text.vectors, "ax"
    .align  5
    .global hv_vectors
hv_vectors:
    b       vec_reset
    b       vec_undef
    b       vec_svc
    b       vec_pabt
    b       vec_dabt
    b       vec_reset               @ not used on ARMv7
    b       vec_irq
    b       vec_fiq

    /* lr_adjust turns the banked lr into the frame's pc (see the handlers for what it means). */
    .macro  TRAP handler, lr_adjust
    .if \lr_adjust
    sub     lr, lr, #\lr_adjust
    .endif
    srsdb   sp!, #0x13              @ push return address and SPSR onto the SVC stack
    cps     #0x13
    sub     sp, sp, #12             @ room for sp_usr, lr_usr and the pad word
    stmia   sp, {sp, lr}^           @ the guest's banked sp and lr
    push    {r0-r12}
    mov     r0, sp
    bl      \handler
    b       hv_return
    .endm

vec_undef:  TRAP hv_undefined, 4     @ pc = the undefined instruction (ARM; Thumb fixed up in C)
vec_svc:    TRAP hv_hypercall, 0     @ pc = the instruction after the SVC
vec_pabt:   TRAP hv_prefetch_abort, 4 @ pc = the instruction that could not be fetched
vec_dabt:   TRAP hv_data_abort, 8    @ pc = the instruction that made the access
vec_irq:    TRAP hv_irq, 4           @ pc = where the guest was interrupted
vec_fiq:    TRAP hv_fiq, 4
vec_reset:  TRAP hv_unexpected_reset, 0

    .global hv_return
hv_return:
    pop     {r0-r12}
    ldmia   sp, {sp, lr}^
    nop                             @ no banked register access right after LDM ^
    add     sp, sp, #12
    rfeia   sp!                     @ pc and CPSR from the frame: back to USR

    /* hv_enter_frame(frame): start running the guest a frame at the top of the SVC stack describes. */
    .global hv_enter_frame
hv_enter_frame:
    mov     sp, r0
    b       hv_return
