/* The interrupt controller: just enough to take one timer interrupt on the boot CPU. */
#ifndef IRQC_H
#define IRQC_H

#define IRQC_NONE (-1)

void irqc_init(void);
void irqc_enable(int irq);
/* The highest-priority pending interrupt, acknowledged; IRQC_NONE when it was spurious. */
int irqc_claim(void);
void irqc_complete(int irq);

#endif
