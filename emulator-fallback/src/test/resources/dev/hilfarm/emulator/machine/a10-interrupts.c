/*
 * For the Allwinner A10 (cubieboard): takes the A10 timers' interrupts through the A10 interrupt
 * controller as IRQ (periodic timer 0, single-shot timer 1 on the 32 kHz clock, the 16550's
 * THR-empty interrupt) and as FIQ (timer 2 selected for FIQ), and the synchronous exceptions:
 * an undefined instruction, SVC, BKPT (prefetch abort) and an alignment fault (data abort).
 * Handlers record what they saw; main prints it, in order. Built with -DUART_NS16550 -DSET_VBAR
 * -DEXIT_SEMIHOSTING.
 */
#include "uart.h"

#define PIC 0x01c20400
#define PIC_VECTOR (PIC + 0x00)
#define PIC_PENDING0 (PIC + 0x10)
#define PIC_SELECT0 (PIC + 0x30)
#define PIC_ENABLE0 (PIC + 0x40)
#define PIC_MASK0 (PIC + 0x50)
#define PIT 0x01c20c00
#define PIT_IRQ_EN (PIT + 0x00)
#define PIT_IRQ_STA (PIT + 0x04)
#define TMR_CTRL(n) (PIT + 0x10 + 0x10 * (n))
#define TMR_INTV(n) (PIT + 0x14 + 0x10 * (n))
#define TMR_CUR(n) (PIT + 0x18 + 0x10 * (n))
#define U0 0x01c28000

static volatile uint32_t taken[16];
static volatile uint32_t count;
static volatile uint32_t fiq_vector;
static volatile uint32_t fiq_mode;
static volatile uint32_t fiq_count;
static volatile uint32_t uart_iir;
static volatile uint32_t exception_log[8];
static volatile uint32_t exceptions;

static uint32_t cpsr_mode(void)
{
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    return cpsr & 0x1f;
}

void __attribute__((interrupt("IRQ"))) irq_handler(void)
{
    uint32_t vector = REG(PIC_VECTOR);
    uint32_t status = REG(PIT_IRQ_STA);
    switch (vector / 4) {
    case 22:
        REG(PIT_IRQ_STA) = 1;
        break;
    case 23:
        REG(PIT_IRQ_STA) = 2;
        break;
    case 1:
        uart_iir = REG(U0 + 0x08); /* reading IIR acknowledges THR empty */
        REG(U0 + 0x04) = 0;
        break;
    default:
        break;
    }
    taken[count & 15] = vector << 16 | status;
    count = count + 1;
}

void __attribute__((interrupt("FIQ"))) fiq_handler(void)
{
    fiq_vector = REG(PIC_VECTOR);
    fiq_mode = cpsr_mode();
    REG(PIT_IRQ_STA) = 4;
    fiq_count = fiq_count + 1;
}

static void log_exception(uint32_t what)
{
    exception_log[exceptions & 7] = what;
    exceptions = exceptions + 1;
}

void __attribute__((interrupt("UNDEF"))) undefined_handler(void)
{
    log_exception(0x10000 | cpsr_mode());
}

void __attribute__((interrupt("SWI"))) svc_handler(void)
{
    uint32_t lr;
    __asm__ volatile("mov %0, lr" : "=r"(lr));
    log_exception(0x20000 | (*(volatile uint32_t *)(lr - 4) & 0xffffff));
}

/* BKPT: LR is the BKPT's address + 4, so returning as from UNDEF (to LR) skips it. */
void __attribute__((interrupt("UNDEF"))) prefetch_abort_handler(void)
{
    uint32_t ifsr;
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(ifsr));
    log_exception(0x30000 | (ifsr & 0x40f) << 4 | cpsr_mode());
}

/* An alignment fault: LR is the faulting load's address + 8; the ABORT return skips the load. */
void __attribute__((interrupt("ABORT"))) data_abort_handler(void)
{
    uint32_t dfsr, dfar;
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(dfsr));
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(dfar));
    log_exception(0x40000 | (dfsr & 0x40f) << 8 | (dfar & 0xff));
}

/* As in interrupts.c: mask, check, WFI (wakes for a masked pending interrupt), unmask to take it. */
static void wait_until(volatile uint32_t *counter, uint32_t n)
{
    __asm__ volatile("cpsid if" ::: "memory");
    while (*counter < n)
        __asm__ volatile("wfi\n\tcpsie if\n\tisb\n\tcpsid if" ::: "memory");
    __asm__ volatile("cpsie if" ::: "memory");
}

static uint32_t aligned_words[2] = {0x11223344, 0x55667788};

/* In ARM state whatever the build, so that the exception return addresses are those of ARM code. */
static void __attribute__((target("arm"), noinline)) raise_exceptions(void)
{
    uint32_t sctlr;
    __asm__ volatile(".word 0xe7f000f0" ::: "memory");           /* UDF */
    __asm__ volatile("svc #0x42" ::: "memory", "lr"); /* taken in SVC mode: the exception overwrites LR */
    __asm__ volatile("bkpt #0x7" ::: "memory");
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" :: "r"(sctlr | 2) : "memory"); /* SCTLR.A */
    volatile uint32_t *odd = (volatile uint32_t *)((uintptr_t)aligned_words + 1);
    uint32_t v;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(odd) : "memory");
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" :: "r"(sctlr) : "memory");
}

int main(void)
{
    put_string("a10 interrupts\n");
    show("pic-vector-idle", REG(PIC_VECTOR));
    show("pit-ctrl-reset", REG(TMR_CTRL(0)));
    show("uart-iir-reset", REG(U0 + 0x08));
    show("uart-lsr-reset", REG(U0 + 0x14));

    raise_exceptions();
    for (uint32_t i = 0; i < exceptions; i++)
        show("exception", exception_log[i]);

    REG(PIC_ENABLE0) = (1u << 1) | (1u << 22) | (1u << 23) | (1u << 24);
    REG(PIC_MASK0) = 0;
    REG(PIT_IRQ_EN) = 1 | 2 | 4;

    /* Timer 0: periodic, OSC24M / 2, 1 ms. */
    REG(TMR_INTV(0)) = 12000;
    REG(TMR_CTRL(0)) = (1 << 4) | (1 << 2) | 2 | 1;
    wait_until(&count, 3);
    REG(TMR_CTRL(0)) = (1 << 4) | (1 << 2);
    show("ctrl0-stopped", REG(TMR_CTRL(0)));
    show("cur0-within-interval", REG(TMR_CUR(0)) <= 12000);
    for (uint32_t i = 0; i < 3; i++)
        show("irq", taken[i]);

    /* Timer 1: single shot on the 32768 Hz LOSC, about 1 ms; its enable bit clears itself. */
    REG(TMR_INTV(1)) = 33;
    REG(TMR_CTRL(1)) = (1 << 7) | (0 << 2) | 2 | 1;
    wait_until(&count, 4);
    show("irq", taken[3]);
    show("ctrl1-after-shot", REG(TMR_CTRL(1)));
    show("cur1-after-shot", REG(TMR_CUR(1)));

    /* The 16550's THR-empty interrupt: pending as soon as IER enables it. */
    REG(U0 + 0x04) = 0x02;
    wait_until(&count, 5);
    show("irq", taken[4]);
    show("uart-iir", uart_iir);
    show("uart-iir-after", REG(U0 + 0x08));

    /* Timer 2 selected for FIQ (QEMU raises IRQ too; FIQ wins and clears the source). */
    REG(PIC_SELECT0) = 1u << 24;
    REG(TMR_INTV(2)) = 24000;
    REG(TMR_CTRL(2)) = (1 << 7) | (1 << 2) | 2 | 1;
    wait_until(&fiq_count, 1);
    show("fiq", fiq_vector);
    show("fiq-mode", fiq_mode);
    show("irq-count", count);
    show("pending0", REG(PIC_PENDING0));

    /* Masking: a pending masked input reaches neither the core nor the vector. */
    REG(PIC_MASK0) = 1u << 22;
    REG(TMR_INTV(0)) = 2400;
    REG(TMR_CTRL(0)) = (1 << 7) | (1 << 2) | 2 | 1;
    while (!(REG(PIT_IRQ_STA) & 1))
        ;
    show("masked-pending0", REG(PIC_PENDING0));
    show("masked-vector", REG(PIC_VECTOR));
    REG(PIT_IRQ_STA) = 1;
    show("irq-count", count);
    put_string("done\n");
    return 0;
}
