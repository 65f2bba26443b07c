/* The OMAP3 interrupt controller (INTCPS), as on the BeagleBoard-xM's DM3730. */
#include "arm.h"
#include "board.h"
#include "irqc.h"

#define INTCPS_SYSCONFIG   0x010u
#define INTCPS_SIR_IRQ     0x040u
#define INTCPS_CONTROL     0x048u
#define INTCPS_MIR_CLEAR(n) (0x088u + 0x20u * (n))
#define INTCPS_MIR_SET(n)   (0x08cu + 0x20u * (n))
#define INTCPS_ILR(m)       (0x100u + 4u * (m))
#define SIR_ACTIVE_MASK    0x7fu
#define SIR_SPURIOUS_MASK  0xffffff80u
#define CONTROL_NEWIRQAGR  (1u << 0)
#define OMAP3_IRQ_BANKS    3

void irqc_init(void)
{
    for (unsigned n = 0; n < OMAP3_IRQ_BANKS; n++)
        mmio_write32(BOARD_IRQC_BASE + INTCPS_MIR_SET(n), 0xffffffffu);
}

void irqc_enable(int irq)
{
    mmio_write32(BOARD_IRQC_BASE + INTCPS_ILR(irq), 0);   /* priority 0, IRQ not FIQ */
    mmio_write32(BOARD_IRQC_BASE + INTCPS_MIR_CLEAR(irq / 32), 1u << (irq % 32));
}

int irqc_claim(void)
{
    uint32_t sir = mmio_read32(BOARD_IRQC_BASE + INTCPS_SIR_IRQ);
    if (sir & SIR_SPURIOUS_MASK) {
        mmio_write32(BOARD_IRQC_BASE + INTCPS_CONTROL, CONTROL_NEWIRQAGR);
        return IRQC_NONE;
    }
    return (int)(sir & SIR_ACTIVE_MASK);
}

void irqc_complete(int irq)
{
    (void)irq;
    /* Let the controller sort the next interrupt; the source itself was cleared by its driver. */
    mmio_write32(BOARD_IRQC_BASE + INTCPS_CONTROL, CONTROL_NEWIRQAGR);
    dsb();
}
