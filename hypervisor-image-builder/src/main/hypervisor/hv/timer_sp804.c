/* ARM SP804 dual timer, first timer (Versatile Express motherboard timer 0/1, TIMCLK 1 MHz). */
#include "arm.h"
#include "board.h"
#include "timer.h"

#define TIMER_LOAD     0x00u
#define TIMER_VALUE    0x04u
#define TIMER_CONTROL  0x08u
#define TIMER_INTCLR   0x0cu
#define CTRL_32BIT     (1u << 1)
#define CTRL_IE        (1u << 5)
#define CTRL_PERIODIC  (1u << 6)
#define CTRL_ENABLE    (1u << 7)

void tick_timer_start(uint32_t ticks_per_second)
{
    mmio_write32(BOARD_TIMER_BASE + TIMER_CONTROL, 0);
    mmio_write32(BOARD_TIMER_BASE + TIMER_LOAD, BOARD_TIMER_CLOCK_HZ / ticks_per_second);
    mmio_write32(BOARD_TIMER_BASE + TIMER_INTCLR, 1);
    mmio_write32(BOARD_TIMER_BASE + TIMER_CONTROL, CTRL_ENABLE | CTRL_PERIODIC | CTRL_IE | CTRL_32BIT);
}

void tick_timer_ack(void)
{
    mmio_write32(BOARD_TIMER_BASE + TIMER_INTCLR, 1);
}
