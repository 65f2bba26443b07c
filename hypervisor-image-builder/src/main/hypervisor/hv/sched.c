/*
 * Round-robin scheduling. Every timer tick ends the running guest's slice; a yield ends it early.
 * A stopped guest is skipped; when no guest is left the board is powered off.
 */
#include "arm.h"
#include "guest.h"

extern char hv_stack_top[];

volatile uint32_t ticks;
static unsigned current;

struct guest *current_guest(void)
{
    return &guests[current];
}

static void all_stopped(void) __attribute__((noreturn));
static void all_stopped(void)
{
    hv_puts("hv: all guests stopped\n");
    board_power_off();
}

static void resume(struct trap_frame *frame, unsigned next)
{
    struct guest *g = &guests[next];
    *frame = g->ctx;
    mmu_switch_to(&g->table, g->asid);
    current = next;
}

void sched_switch(struct trap_frame *frame, int save)
{
    /* The search starts after the current guest, so everyone else gets a turn first. */
    for (unsigned step = 1; step <= guest_count; step++) {
        unsigned next = (current + step) % guest_count;
        if (guests[next].state != GUEST_READY)
            continue;
        if (next == current && save)
            return;                       /* the only ready guest: keep running it */
        if (save)
            guests[current].ctx = *frame;
        resume(frame, next);
        return;
    }
    all_stopped();
}

void guest_stop(struct trap_frame *frame, const char *why, int restartable)
{
    struct guest *g = current_guest();
    vconsole_flush(g);
    hv_puts("hv: guest=");
    hv_puts(g->spec->name);
    hv_puts(" stopped (");
    hv_puts(why);
    hv_puts(")\n");
    if (restartable && g->restarts < g->spec->max_restarts) {
        g->restarts++;
        guest_load(g);
        hv_puts("hv: guest=");
        hv_puts(g->spec->name);
        hv_puts(" restarted (");
        hv_put_dec(g->restarts);
        hv_puts(" of at most ");
        hv_put_dec(g->spec->max_restarts);
        hv_puts(")\n");
    } else {
        g->state = GUEST_STOPPED;
        if (g->rejected) {
            hv_puts("hv: guest=");
            hv_puts(g->spec->name);
            hv_puts(" rejected-hypercalls=");
            hv_put_dec(g->rejected);
            hv_puts("\n");
        }
    }
    sched_switch(frame, 0);
}

void sched_start(void)
{
    struct trap_frame *frame = (struct trap_frame *)((uintptr_t)hv_stack_top - sizeof(struct trap_frame));
    current = 0;
    if (guest_count == 0 || guests[0].state != GUEST_READY)
        all_stopped();
    resume(frame, 0);
    hv_enter_frame(frame);
}
