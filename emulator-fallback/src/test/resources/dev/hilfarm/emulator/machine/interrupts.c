/*
 * Takes interrupts through the exception vectors: the SP804, the A9 private timer and global
 * timer, an SGI, the PL031 alarm and the PL011 transmit interrupt as IRQs, and a group 0 SGI as
 * FIQ. Each handler acknowledges at the GIC, records the interrupt ID and ends the interrupt;
 * main prints what was taken, in order.
 */
#include "uart.h"

#define D 0x1e001000
#define C 0x1e000100
#define T0 0x10011000
#define PT 0x1e000600
#define GT 0x1e000200
#define RTC 0x10017000
#define U1 0x1000a000

static volatile uint32_t taken[16];
static volatile uint32_t count;
static volatile uint32_t fiq_id;
static volatile uint32_t fiq_mode;

static void clear_source(uint32_t id)
{
    switch (id) {
    case 34: REG(T0 + 0x0c) = 1; break;
    case 29: REG(PT + 0x0c) = 1; break;
    case 27: REG(GT + 0x0c) = 1; REG(GT + 0x08) = 0; break;
    case 36: REG(RTC + 0x1c) = 1; break;
    case 38: REG(U1 + 0x44) = 0x20; break;
    default: break;
    }
}

void __attribute__((interrupt("IRQ"))) irq_handler(void)
{
    uint32_t id = REG(C + 0x0c);
    clear_source(id & 0x3ff);
    taken[count & 15] = id;
    count = count + 1;
    REG(C + 0x10) = id;
}

void __attribute__((interrupt("FIQ"))) fiq_handler(void)
{
    uint32_t id = REG(C + 0x0c);
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    fiq_mode = cpsr & 0x1f;
    fiq_id = id;
    REG(C + 0x10) = id;
}

/*
 * Waits until *counter reaches n. Interrupts are masked while the counter is checked and WFI
 * entered (WFI wakes for a pending interrupt even when it is masked), then unmasked to take it:
 * otherwise an interrupt taken between the check and the WFI would leave the core asleep, and
 * exactly when a core takes an interrupt after the write that raised it differs between QEMU and
 * the emulator.
 */
static void wait_until(volatile uint32_t *counter, uint32_t n)
{
    __asm__ volatile("cpsid if" ::: "memory");
    while (*counter < n)
        __asm__ volatile("wfi\n\tcpsie if\n\tisb\n\tcpsid if" ::: "memory");
    __asm__ volatile("cpsie if" ::: "memory");
}

static void wait_for(uint32_t n)
{
    wait_until(&count, n);
}

static void report(const char *what, uint32_t n)
{
    wait_for(n);
    show(what, taken[(n - 1) & 15]);
}

int main(void)
{
    put_string("interrupts\n");
    REG(D + 0x000) = 1;
    REG(C + 0x000) = 1;
    REG(C + 0x004) = 0xf0;
    REG(D + 0x100) = (1u << 27) | (1u << 29) | 0xffff;
    REG(D + 0x104) = (1 << 2) | (1 << 4) | (1 << 6);
    __asm__ volatile("cpsie if");

    REG(T0 + 0x00) = 100;
    REG(T0 + 0x08) = 0x80 | 0x20 | 0x02 | 0x01;
    report("sp804", 1);

    REG(PT + 0x00) = 1000;
    REG(PT + 0x08) = 0x5;
    report("private-timer", 2);
    REG(PT + 0x08) = 0;

    REG(GT + 0x08) = 0;
    REG(GT + 0x10) = 2000;
    REG(GT + 0x14) = 0;
    REG(GT + 0x00) = 0;
    REG(GT + 0x04) = 0;
    REG(GT + 0x08) = 1 | 2 | 4;
    report("global-timer", 3);

    REG(D + 0xf00) = (2 << 24) | 3;
    report("sgi", 4);

    REG(RTC + 0x10) = 1;
    REG(RTC + 0x04) = REG(RTC + 0x00) + 1;
    report("rtc", 5);

    REG(U1 + 0x38) = 0x20;
    REG(U1 + 0x00) = '.';
    report("uart", 6);
    REG(U1 + 0x38) = 0;
    show("count", count);

    REG(C + 0x000) = 1 | 2 | 8; /* group 0 as FIQ */
    REG(D + 0xf00) = (2 << 24) | 4;
    wait_until(&fiq_id, 1);
    show("fiq", fiq_id);
    show("fiq-mode", fiq_mode);
    show("running-priority", REG(C + 0x14));
    put_string("done\n");
    return 0;
}
