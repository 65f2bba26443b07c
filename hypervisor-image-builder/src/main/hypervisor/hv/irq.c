/* Interrupts: only the tick timer is enabled; each tick ends the running guest's slice. */
#include "arm.h"
#include "board.h"
#include "guest.h"
#include "irqc.h"
#include "timer.h"

void hv_irq(struct trap_frame *f)
{
    if ((f->cpsr & PSR_MODE_MASK) != PSR_MODE_USR)
        hv_panic("IRQ while the hypervisor ran", f);
    int irq = irqc_claim();
    if (irq == IRQC_NONE)
        return;
    if ((irq & 0x3ff) == BOARD_TIMER_IRQ) {
        tick_timer_ack();
        ticks++;
        irqc_complete(irq);
        sched_switch(f, 1);
        return;
    }
    hv_puts("hv: unexpected interrupt ");
    hv_put_dec((uint32_t)irq & 0x3ffu);
    hv_puts("\n");
    irqc_complete(irq);
}
