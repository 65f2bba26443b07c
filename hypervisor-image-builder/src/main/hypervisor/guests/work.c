/*
 * "work": a compute-bound guest that never yields. That it reaches every milestone while the
 * other guests print in between shows the timer preempting it. It asks drm-service for a key.
 */
#include "libguest.h"

#define MILESTONES 6
#define TICKS_PER_MILESTONE 5

int guest_main(uint32_t restarts, uint32_t self)
{
    (void)restarts;
    (void)self;
    say("started\n");
    int rc = send_waiting(GUEST_ID_DRM_SERVICE, "key please");
    if (rc < 0)
        say("key request failed: %d\n", rc);

    uint32_t start = hv_time();
    uint32_t state = 1;
    for (uint32_t m = 1; m <= MILESTONES;) {
        state = state * 1103515245u + 12345u;     /* busy work the compiler cannot drop */
        if (hv_time() - start >= m * TICKS_PER_MILESTONE) {
            say("progress %u/%u\n", m, MILESTONES);
            m++;
        }
    }
    __asm__ volatile("" :: "r"(state));

    char reply[HV_MSG_MAX + 1];
    uint32_t from;
    if (recv_waiting(reply, sizeof reply, &from) >= 0)
        say("got \"%s\" from %s\n", reply, guest_name(from));
    say("done\n");
    return 0;
}
