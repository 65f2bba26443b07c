/* Things every part of the hypervisor shares: the trap frame and the console. */
#ifndef HV_H
#define HV_H

#include <stdint.h>
#include <stddef.h>
#include "layout.h"

/*
 * What an exception entry saves of the interrupted guest, on the SVC stack (vectors.S builds
 * it). Switching guests means rewriting this frame: the exception return then resumes whichever
 * guest the frame now describes. Keep in step with vectors.S.
 */
struct trap_frame {
    uint32_t r[13];
    uint32_t sp_usr;
    uint32_t lr_usr;
    uint32_t pad;      /* keeps the frame a multiple of 8 bytes: the C code below needs an aligned stack */
    uint32_t pc;       /* return address; for a fault, the faulting instruction */
    uint32_t cpsr;     /* the guest's CPSR (SPSR at entry) */
};

/* vectors.S */
extern const char hv_vectors[];
void hv_enter_frame(struct trap_frame *frame) __attribute__((noreturn));

/* Hypervisor console: whole lines only, never interrupted (the hypervisor runs with IRQs masked). */
void hv_puts(const char *s);
void hv_put_hex(uint32_t v);
void hv_put_dec(uint32_t v);
void hv_putc(char c);
void hv_panic(const char *why, const struct trap_frame *frame) __attribute__((noreturn));

/* Board power. */
void board_power_off(void) __attribute__((noreturn));

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#endif
