/* What every guest program gets: the hypercalls and a small formatted print. */
#ifndef LIBGUEST_H
#define LIBGUEST_H

#include <stdint.h>
#include "hv_abi.h"
#include "layout.h"
#include "guests.h"

#define HVCALL(nr, a0, a1, a2) ({                                            \
    register uint32_t r0_ __asm__("r0") = (uint32_t)(a0);                    \
    register uint32_t r1_ __asm__("r1") = (uint32_t)(a1);                    \
    register uint32_t r2_ __asm__("r2") = (uint32_t)(a2);                    \
    __asm__ volatile("svc %[n]" : "+r"(r0_), "+r"(r1_) : "r"(r2_), [n] "i"(nr) : "memory"); \
    (int32_t)r0_; })

static inline int hv_console_write(const void *buf, uint32_t len) { return HVCALL(HV_CONSOLE_WRITE, buf, len, 0); }
static inline void hv_yield(void) { (void)HVCALL(HV_YIELD, 0, 0, 0); }
static inline uint32_t hv_time(void) { return (uint32_t)HVCALL(HV_TIME, 0, 0, 0); }
static inline int hv_msg_send(uint32_t to, const void *buf, uint32_t len) { return HVCALL(HV_MSG_SEND, to, buf, len); }
__attribute__((noreturn)) static inline void hv_exit(int status)
{
    (void)HVCALL(HV_EXIT, status, 0, 0);
    __builtin_unreachable();
}
int hv_msg_recv(void *buf, uint32_t capacity, uint32_t *from);

/* printf-like, whole lines: %s %c %d %u %x, and %08x-style zero padding. One hypercall per call. */
void say(const char *fmt, ...);
/* Sends, yielding while the destination's mailbox is full. */
int send_waiting(uint32_t to, const char *text);
/* Receives, yielding while the mailbox is empty. */
int recv_waiting(char *buf, uint32_t capacity, uint32_t *from);
const char *guest_name(uint32_t id);
uint32_t string_length(const char *s);

#endif
