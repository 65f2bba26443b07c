@ Start-up and exception handlers shared by the bare-metal system tests (cp15-probe.c,
@ mmu-scenario.c). Runs in SVC mode from the ELF entry point with the MMU off; output goes through
@ ARM semihosting (qemu-system-arm -semihosting, or the emulator's ArmSemihosting).
@
@ Handlers:
@   undefined instruction: sets undef_hit and resumes after the instruction (the probe's detector);
@   SVC from User mode:    returns to the caller in SVC mode (to_svc);
@   prefetch abort:        records IFSR/IFAR and resumes at exec_resume (do_exec's return path);
@   data abort:            records DFSR/DFAR and resumes after the faulting instruction.

    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    ldr sp, =STACK_TOP
    cps #0x17                       @ ABT
    ldr sp, =STACK_TOP - 0x10000
    cps #0x1b                       @ UND
    ldr sp, =STACK_TOP - 0x20000
    cps #0x1f                       @ SYS (User's stack)
    ldr sp, =STACK_TOP - 0x30000
    cps #0x13                       @ back to SVC
    ldr r0, =vectors
    mcr p15, 0, r0, c12, c0, 0      @ VBAR
    isb
    bl main
    mov r1, #0x20000
    orr r1, r1, #0x26               @ ADP_Stopped_ApplicationExit
    mov r0, #0x18                   @ SYS_EXIT
    svc 0x123456
1:  b 1b

    .align 5
vectors:
    b .
    b undef_handler
    b svc_handler
    b pabt_handler
    b dabt_handler
    b .
    b .
    b .

undef_handler:
    push {r12}
    ldr r12, =undef_hit
    str r12, [r12]
    pop {r12}
    movs pc, lr

svc_handler:
    mrs r12, spsr
    bic r12, r12, #0x1f
    orr r12, r12, #0x13
    msr spsr_cxsf, r12
    movs pc, lr

dabt_handler:
    push {r0, r1}
    mrc p15, 0, r0, c5, c0, 0
    ldr r1, =abort_fsr
    str r0, [r1]
    mrc p15, 0, r0, c6, c0, 0
    ldr r1, =abort_far
    str r0, [r1]
    ldr r1, =abort_kind
    mov r0, #1
    str r0, [r1]
    pop {r0, r1}
    subs pc, lr, #4

pabt_handler:
    mrc p15, 0, r0, c5, c0, 1
    ldr r1, =abort_fsr
    str r0, [r1]
    mrc p15, 0, r0, c6, c0, 2
    ldr r1, =abort_far
    str r0, [r1]
    ldr r1, =abort_kind
    mov r0, #2
    str r0, [r1]
    ldr lr, =exec_resume
    movs pc, lr

@ void do_exec(u32 va): calls va (which should hold BX LR); a prefetch abort resumes here too.
    .global do_exec
do_exec:
    push {r4-r11, lr}
    ldr r1, =saved_sp
    str sp, [r1]
    blx r0
    b 1f
exec_resume:
    ldr r1, =saved_sp
    ldr sp, [r1]
1:  pop {r4-r11, pc}

@ void to_user(void): continue in User mode on the same stack.
    .global to_user
to_user:
    mov r0, sp
    mov r1, lr
    cps #0x10
    mov sp, r0
    bx r1

@ void to_svc(void): back to SVC mode (through the SVC handler) on the same stack.
    .global to_svc
to_svc:
    mov r0, sp
    mov r1, lr
    svc #1
    mov sp, r0
    bx r1

@ void semi_write0(const char *s): SYS_WRITE0.
    .global semi_write0
semi_write0:
    mov r1, r0
    mov r0, #4
    svc 0x123456
    bx lr

@ void icache_flush(void): ICIALLU and barriers, for freshly written instructions.
    .global icache_flush
icache_flush:
    mov r0, #0
    mcr p15, 0, r0, c7, c5, 0
    dsb
    isb
    bx lr

    .data
saved_sp: .word 0
    .global undef_hit, abort_fsr, abort_far, abort_kind
undef_hit: .word 0
abort_fsr: .word 0
abort_far: .word 0
abort_kind: .word 0
