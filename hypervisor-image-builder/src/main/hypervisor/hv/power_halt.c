/*
 * Boards whose power the SoC cannot switch off: stop the CPU with interrupts masked. The
 * device farm sees "hv: all guests stopped" and cuts power itself.
 */
#include "hv.h"

void board_power_off(void)
{
    __asm__ volatile("cpsid if");
    for (;;)
        __asm__ volatile("wfi");
}
