/*
 * hilfarm's reference hypervisor: runs the recipe's guests in USR mode, each in its own address
 * space, round robin on a timer tick, on a Cortex-A8/A9 without virtualization extensions.
 */
#include "arm.h"
#include "board.h"
#include "guest.h"
#include "irqc.h"
#include "mmu.h"
#include "timer.h"
#include "uart.h"

void hv_main(void)
{
    uart_init();
    hv_puts("\nhv: hilfarm reference hypervisor on " BOARD_NAME " (" BOARD_CPU ")\n");
    hv_puts("hv: ram=");
    hv_put_hex(BOARD_RAM_BASE);
    hv_puts("+");
    hv_put_hex(BOARD_RAM_SIZE);
    hv_puts(" hypervisor=");
    hv_put_hex(HV_BASE);
    hv_puts("+");
    hv_put_hex(HV_SIZE);
    hv_puts(" uart=");
    hv_put_hex(BOARD_UART_BASE);
    hv_puts(" timer=");
    hv_put_hex(BOARD_TIMER_BASE);
    hv_puts(" irq=");
    hv_put_dec(BOARD_TIMER_IRQ);
    hv_puts(" tick-hz=");
    hv_put_dec(recipe_tick_hz);
    hv_puts("\n");

    /*
     * The translation tables are built with the data cache off. A loader that jumps here with
     * the MMU or data cache still on (U-Boot's "go") may hold our freshly zeroed .bss in dirty
     * cache lines; bootelf and bootm turn both off first, as QEMU's -kernel never turns them on.
     */
    if (read_sctlr() & (SCTLR_M | SCTLR_C))
        hv_panic("started with the MMU or data cache on: load with bootelf or bootm, which turn them off", 0);

    mmu_init();
    write_vbar((uint32_t)hv_vectors);
    isb();
    guests_init();

    irqc_init();
    irqc_enable(BOARD_TIMER_IRQ);
    tick_timer_start(recipe_tick_hz);
    hv_puts("hv: starting ");
    hv_put_dec(guest_count);
    hv_puts(" guests\n");
    sched_start();
}
