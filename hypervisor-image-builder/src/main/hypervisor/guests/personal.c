/*
 * "personal": the victim. It fills a block of its memory with a pattern, prints its checksum,
 * lives long enough for the isolation probe to try everything, and prints the checksum again.
 */
#include "libguest.h"

#define MILESTONES 10
/* Long enough for the probe's dozen lives even on QEMU's real-time clock under host load. */
#define TICKS_PER_MILESTONE 10
#define VICTIM ((volatile uint32_t *)(GUEST_VA_BASE + GUEST_VICTIM_OFFSET))
#define VICTIM_WORDS (GUEST_VICTIM_SIZE / 4)

static uint32_t checksum(void)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < VICTIM_WORDS; i++)
        sum = ((sum << 5) | (sum >> 27)) ^ VICTIM[i];
    return sum;
}

int guest_main(uint32_t restarts, uint32_t self)
{
    (void)restarts;
    (void)self;
    for (uint32_t i = 0; i < VICTIM_WORDS; i++)
        VICTIM[i] = 0x9e3779b9u * (i + 1);
    uint32_t before = checksum();
    say("started, secret data at %08x checksum before=%08x\n", GUEST_VA_BASE + GUEST_VICTIM_OFFSET, before);
    int rc = send_waiting(GUEST_ID_DRM_SERVICE, "key please");
    if (rc < 0)
        say("key request failed: %d\n", rc);

    uint32_t start = hv_time();
    for (uint32_t m = 1; m <= MILESTONES; m++) {
        while (hv_time() - start < m * TICKS_PER_MILESTONE)
            hv_yield();
        say("progress %u/%u\n", m, MILESTONES);
    }

    char reply[HV_MSG_MAX + 1];
    uint32_t from;
    if (recv_waiting(reply, sizeof reply, &from) >= 0)
        say("got \"%s\" from %s\n", reply, guest_name(from));
    uint32_t after = checksum();
    say("checksum after=%08x %s\n", after, after == before ? "intact" : "CORRUPTED");
    say("done\n");
    return after == before ? 0 : 1;
}
