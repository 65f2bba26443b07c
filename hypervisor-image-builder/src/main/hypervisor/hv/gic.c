/*
 * ARM Generic Interrupt Controller v1 (PL390 / Cortex-A9 MPCore interrupt controller), as on
 * the Versatile Express CoreTile A9x4 and the OMAP4.
 */
#include "arm.h"
#include "board.h"
#include "irqc.h"

#define GICD_CTLR        0x000u
#define GICD_ISENABLER   0x100u
#define GICD_ICENABLER   0x180u
#define GICD_IPRIORITYR  0x400u
#define GICD_ITARGETSR   0x800u
#define GICD_ICFGR       0xc00u

#define GICC_CTLR        0x00u
#define GICC_PMR         0x04u
#define GICC_IAR         0x0cu
#define GICC_EOIR        0x10u

#define GIC_SPURIOUS     1023u
#define GIC_FIRST_SPI    32
#define GIC_MAX_IRQS     1020
#define PRIORITY_TIMER   0xa0u
#define PRIORITY_UNMASK_ALL 0xf0u

#define DIST(off) (BOARD_IRQC_BASE + (off))
#define CPUIF(off) (BOARD_GIC_CPU_BASE + (off))

void irqc_init(void)
{
    mmio_write32(DIST(GICD_CTLR), 0);
    /* Disable everything the boot loader may have left on: only the interrupts enabled below arrive. */
    for (int i = 0; i < GIC_MAX_IRQS / 32; i++)
        mmio_write32(DIST(GICD_ICENABLER + 4u * i), 0xffffffffu);
    mmio_write32(CPUIF(GICC_PMR), PRIORITY_UNMASK_ALL);
    mmio_write32(CPUIF(GICC_CTLR), 1);
    mmio_write32(DIST(GICD_CTLR), 1);
}

void irqc_enable(int irq)
{
    volatile uint8_t *priority = (volatile uint8_t *)DIST(GICD_IPRIORITYR);
    volatile uint8_t *target = (volatile uint8_t *)DIST(GICD_ITARGETSR);
    priority[irq] = PRIORITY_TIMER;
    if (irq >= GIC_FIRST_SPI)
        target[irq] = 0x01;   /* CPU 0: the hypervisor runs on the boot CPU only */
    mmio_write32(DIST(GICD_ISENABLER + 4u * (irq / 32)), 1u << (irq % 32));
}

int irqc_claim(void)
{
    uint32_t iar = mmio_read32(CPUIF(GICC_IAR));
    uint32_t id = iar & 0x3ffu;
    if (id == GIC_SPURIOUS)
        return IRQC_NONE;
    return (int)iar;   /* the EOI must echo the whole IAR, CPU id included */
}

void irqc_complete(int irq)
{
    mmio_write32(CPUIF(GICC_EOIR), (uint32_t)irq);
}
