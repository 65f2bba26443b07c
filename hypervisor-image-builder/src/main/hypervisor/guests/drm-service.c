/* "drm-service": hands out keys over the message channel to the guests the recipe connects to it. */
#include "libguest.h"

#define CLIENTS 2

int guest_main(uint32_t restarts, uint32_t self)
{
    (void)restarts;
    (void)self;
    say("started, serving %u clients\n", CLIENTS);
    for (uint32_t served = 0; served < CLIENTS;) {
        char request[HV_MSG_MAX + 1];
        uint32_t from;
        int n = recv_waiting(request, sizeof request, &from);
        if (n < 0) {
            say("receive failed: %d\n", n);
            return 1;
        }
        say("request \"%s\" from %s\n", request, guest_name(from));
        char key[32] = "key-for-";
        const char *name = guest_name(from);
        uint32_t k = 8;
        for (uint32_t i = 0; name[i] && k < sizeof key - 1; i++)
            key[k++] = name[i];
        key[k] = 0;
        int rc = send_waiting(from, key);
        if (rc < 0)
            say("reply to %s failed: %d\n", name, rc);
        served++;
    }
    say("done\n");
    return 0;
}
