/* The tick timer that drives preemption: a periodic interrupt at a fixed rate. */
#ifndef TIMER_H
#define TIMER_H

#include <stdint.h>

void tick_timer_start(uint32_t ticks_per_second);
/* Clears the timer's interrupt; called once per tick from the IRQ handler. */
void tick_timer_ack(void);

#endif
