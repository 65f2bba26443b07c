/*
 * What the recipe (generated into recipe.c by the image builder) says about each guest: its
 * name, its image, how often it may be restarted after a fault, and to whom it may send.
 */
#ifndef RECIPE_H
#define RECIPE_H

#include <stdint.h>

#define MAX_GUESTS 16

struct guest_spec {
    const char *name;
    const char *image;
    const char *image_end;
    unsigned max_restarts;
    uint32_t may_send_to;   /* bit i: the recipe allows a channel to guest i */
};

extern const struct guest_spec recipe_guests[];
extern const unsigned recipe_guest_count;
extern const unsigned recipe_tick_hz;

#endif
