/*
 * OMAP general-purpose timer (GPTIMER1 on OMAP3, 32 kHz functional clock): counts up from the
 * load value and interrupts on overflow, reloading automatically.
 */
#include "arm.h"
#include "board.h"
#include "timer.h"

#define GPT_TISR   0x18u   /* interrupt status: write 1 to clear */
#define GPT_TIER   0x1cu   /* interrupt enable */
#define GPT_TCLR   0x24u   /* control */
#define GPT_TCRR   0x28u   /* counter */
#define GPT_TLDR   0x2cu   /* load value */
#define TISR_OVF   (1u << 1)
#define TIER_OVF   (1u << 1)
#define TCLR_ST    (1u << 0)   /* start */
#define TCLR_AR    (1u << 1)   /* auto-reload */

void tick_timer_start(uint32_t ticks_per_second)
{
    uint32_t reload = 0xffffffffu - BOARD_TIMER_CLOCK_HZ / ticks_per_second + 1;
    mmio_write32(BOARD_TIMER_BASE + GPT_TCLR, 0);
    mmio_write32(BOARD_TIMER_BASE + GPT_TLDR, reload);
    mmio_write32(BOARD_TIMER_BASE + GPT_TCRR, reload);
    mmio_write32(BOARD_TIMER_BASE + GPT_TISR, TISR_OVF);
    mmio_write32(BOARD_TIMER_BASE + GPT_TIER, TIER_OVF);
    mmio_write32(BOARD_TIMER_BASE + GPT_TCLR, TCLR_ST | TCLR_AR);
}

void tick_timer_ack(void)
{
    mmio_write32(BOARD_TIMER_BASE + GPT_TISR, TISR_OVF);
}
