/* A guest: its spec from the recipe, its address space, its saved registers and its I/O state. */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include "hv.h"
#include "hv_abi.h"
#include "mmu.h"
#include "recipe.h"

enum guest_state { GUEST_READY, GUEST_STOPPED };

struct guest {
    const struct guest_spec *spec;
    unsigned id;
    uint32_t asid;
    uint32_t phys;
    struct guest_table table;
    enum guest_state state;
    unsigned restarts;
    struct trap_frame ctx;          /* saved registers while another guest runs */

    char line[HV_LINE_MAX];         /* console text not yet printed (no newline yet) */
    unsigned line_len;

    uint8_t mailbox[HV_MSG_MAX];    /* one message waiting for this guest, if mailbox_full */
    unsigned mailbox_len;
    unsigned mailbox_from;
    int mailbox_full;

    unsigned rejected;              /* hypercalls refused, over all of the guest's lives */
};

extern struct guest guests[MAX_GUESTS];
extern unsigned guest_count;

void guests_init(void);
/* (Re)loads the guest's image into its memory and resets its registers to the entry state. */
void guest_load(struct guest *g);

/* Whether [addr, addr + len) lies entirely inside a guest's window. */
static inline int guest_range_ok(uint32_t addr, uint32_t len)
{
    return addr >= GUEST_VA_BASE && addr <= GUEST_VA_END && len <= GUEST_VA_END - addr;
}

/* console.c: the guest's virtual console. */
void vconsole_putc(struct guest *g, char c);
void vconsole_flush(struct guest *g);

/* sched.c */
struct guest *current_guest(void);
void sched_start(void) __attribute__((noreturn));
/* Runs the next ready guest (round robin) by rewriting frame; save: the frame is still live. */
void sched_switch(struct trap_frame *frame, int save);
/* Stops the current guest (fault or exit), restarting it if the recipe allows, then switches. */
void guest_stop(struct trap_frame *frame, const char *why, int restartable);
extern volatile uint32_t ticks;

#endif
