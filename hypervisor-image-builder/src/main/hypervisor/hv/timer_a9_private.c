/* The Cortex-A9 MPCore private timer (per-CPU, PPI 29), clocked by PERIPHCLK. */
#include "arm.h"
#include "board.h"
#include "timer.h"

#define PTIMER_LOAD     0x00u
#define PTIMER_COUNTER  0x04u
#define PTIMER_CONTROL  0x08u
#define PTIMER_INTSTAT  0x0cu
#define CTRL_ENABLE     (1u << 0)
#define CTRL_AUTO_RELOAD (1u << 1)
#define CTRL_IRQ_ENABLE (1u << 2)

void tick_timer_start(uint32_t ticks_per_second)
{
    mmio_write32(BOARD_TIMER_BASE + PTIMER_CONTROL, 0);
    mmio_write32(BOARD_TIMER_BASE + PTIMER_INTSTAT, 1);
    mmio_write32(BOARD_TIMER_BASE + PTIMER_LOAD, BOARD_TIMER_CLOCK_HZ / ticks_per_second - 1);
    mmio_write32(BOARD_TIMER_BASE + PTIMER_CONTROL, CTRL_ENABLE | CTRL_AUTO_RELOAD | CTRL_IRQ_ENABLE);
}

void tick_timer_ack(void)
{
    mmio_write32(BOARD_TIMER_BASE + PTIMER_INTSTAT, 1);
}
