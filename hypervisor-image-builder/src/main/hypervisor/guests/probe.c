/*
 * "probe": the isolation probe. It tries, one after the other, everything a guest must not be
 * able to do. An attempt that traps stops the probe; the recipe lets the hypervisor restart it,
 * and r0 at entry (the restart count) tells it how many trapping attempts are behind it, so it
 * carries on with the next. Attempts the hardware silently ignores (CPS, MSR from USR) cannot be
 * reported by the hypervisor; the probe checks their effect and reports them itself.
 */
#include "libguest.h"

#define VICTIM_PHYS (GUEST_PHYS(GUEST_ID_PERSONAL) + GUEST_VICTIM_OFFSET)
#define UNMAPPED    (GUEST_SPACE_END - SECTION_SIZE)
#define FLOOD_ROUNDS 20
#define PSR_F_BIT (1u << 6)
#define PSR_I_BIT (1u << 7)

static volatile uint32_t sink;

static uint32_t read_cpsr(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}

static void breach(const char *what)
{
    say("BREACH: %s was not trapped\n", what);
}

/* --- attempts the hypervisor must trap (each stops the probe) --- */

static void read_other_guest(void)  { sink = *(volatile uint32_t *)VICTIM_PHYS; breach("reading personal's memory"); }
static void write_other_guest(void) { *(volatile uint32_t *)VICTIM_PHYS = 0xdeadbeefu; breach("writing personal's memory"); }
static void read_hypervisor(void)   { sink = *(volatile uint32_t *)HV_BASE; breach("reading hypervisor memory"); }
static void write_hypervisor(void)  { *(volatile uint32_t *)(HV_BASE + 0x100u) = 0xe7f000f0u; breach("writing hypervisor memory"); }
static void read_device(void)       { sink = *(volatile uint32_t *)BOARD_UART_BASE; breach("reading the UART"); }
static void write_device(void)      { *(volatile uint32_t *)BOARD_UART_BASE = '!'; breach("writing the UART"); }
static void read_unmapped(void)     { sink = *(volatile uint32_t *)UNMAPPED; breach("reading unmapped memory"); }
static void run_hypervisor_code(void) { ((void (*)(void))HV_BASE)(); breach("executing hypervisor code"); }

static void write_dacr(void)
{
    /* Manager access to every domain would bypass all permission checks. */
    __asm__ volatile("mcr p15, 0, %0, c3, c0, 0" :: "r"(0xffffffffu));
    breach("writing DACR");
}

static void write_ttbr0(void)
{
    __asm__ volatile("mcr p15, 0, %0, c2, c0, 0" :: "r"(BOARD_RAM_BASE));
    breach("writing TTBR0");
}

/* --- attempts the hardware ignores: check that nothing changed --- */

static void still_preempted(const char *what)
{
    /* With IRQs really masked the tick would stop while the probe spins here. */
    uint32_t start = hv_time();
    for (uint32_t i = 0; i < 2000000u; i++) {
        if (hv_time() - start >= 2) {
            say("%s: not trapped, ignored by the hardware: still preempted by the timer\n", what);
            return;
        }
    }
    breach(what);
}

static void mask_irqs_cpsid(void)
{
    __asm__ volatile("cpsid if" ::: "memory");
    if (read_cpsr() & (PSR_I_BIT | PSR_F_BIT))
        breach("cpsid if");
    else
        still_preempted("cpsid if");
}

static void mask_irqs_msr(void)
{
    __asm__ volatile("msr cpsr_c, %0" :: "r"(0xd0u) : "memory");
    if (read_cpsr() & (PSR_I_BIT | PSR_F_BIT))
        breach("msr cpsr_c to mask irqs");
    else
        still_preempted("msr cpsr_c to mask irqs");
}

static void mode_change_cps(void)
{
    __asm__ volatile("cps #0x13" ::: "memory");
    uint32_t mode = read_cpsr() & 0x1fu;
    if (mode != 0x10u)
        breach("cps #svc");
    else
        say("cps #svc: not trapped, ignored by the hardware: mode still usr\n");
}

static void mode_change_msr(void)
{
    __asm__ volatile("msr cpsr_c, %0" :: "r"(0x13u) : "memory");
    uint32_t mode = read_cpsr() & 0x1fu;
    if (mode != 0x10u)
        breach("msr cpsr_c to svc");
    else
        say("msr cpsr_c to svc: not trapped, ignored by the hardware: mode still usr\n");
}

/* The largest SVC immediate: 24 bits in ARM state, 8 in Thumb. */
#ifdef __thumb__
#define SVC_LARGEST 0xff
#else
#define SVC_LARGEST 0xffffff
#endif

#define SVC_BAD(nr) ({ register int32_t r0_ __asm__("r0") = 0;              \
    __asm__ volatile("svc %[n]" : "+r"(r0_) : [n] "i"(nr) : "r1", "memory"); r0_; })

static void flood_hypercalls(void)
{
    static const char text[] = "never printed";
    uint32_t made = 0, refused = 0;
    for (int round = 0; round < FLOOD_ROUNDS; round++) {
        int32_t rc[] = {
            hv_console_write((const void *)HV_BASE, 16),
            hv_console_write((const void *)0, 16),
            hv_console_write((const void *)BOARD_UART_BASE, 4),
            hv_console_write(text, 0xffffffffu),
            hv_console_write((const void *)(GUEST_VA_END - 4), 8),
            hv_console_write((const void *)0xfffffff0u, 0x20),
            hv_msg_send(GUEST_ID_PERSONAL, text, 4),
            hv_msg_send(GUEST_COUNT + 7, text, 4),
            hv_msg_send(0xffffffffu, text, 4),
            hv_msg_recv((void *)HV_BASE, 64, 0),
            hv_msg_recv((void *)(GUEST_VA_END - 8), 64, 0),
            SVC_BAD(0),
            SVC_BAD(200),
            SVC_BAD(SVC_LARGEST),
        };
        for (unsigned i = 0; i < sizeof rc / sizeof rc[0]; i++) {
            made++;
            if (rc[i] < 0)
                refused++;
        }
    }
    say("hypercall flood: %u bad calls, %u refused, probe still running\n", made, refused);
    if (refused != made)
        breach("a bad hypercall");
}

struct attempt {
    const char *what;
    int traps;
    void (*run)(void);
};

static const struct attempt attempts[] = {
    { "flood hypercalls with bad arguments", 0, flood_hypercalls },
    { "mask interrupts with cpsid", 0, mask_irqs_cpsid },
    { "mask interrupts with msr", 0, mask_irqs_msr },
    { "change mode with cps", 0, mode_change_cps },
    { "change mode with msr", 0, mode_change_msr },
    { "read another guest's memory", 1, read_other_guest },
    { "write another guest's memory", 1, write_other_guest },
    { "read hypervisor memory", 1, read_hypervisor },
    { "write hypervisor memory", 1, write_hypervisor },
    { "read device memory", 1, read_device },
    { "write device memory", 1, write_device },
    { "read unmapped memory", 1, read_unmapped },
    { "execute hypervisor code", 1, run_hypervisor_code },
    { "write DACR (privileged coprocessor register)", 1, write_dacr },
    { "write TTBR0 (privileged coprocessor register)", 1, write_ttbr0 },
};

#define ATTEMPTS (sizeof attempts / sizeof attempts[0])

int guest_main(uint32_t restarts, uint32_t self)
{
    (void)self;
    /* Skip everything up to and including the trapping attempt that caused the last restart. */
    uint32_t first = 0, trapped = 0;
    while (first < ATTEMPTS && trapped < restarts) {
        if (attempts[first].traps)
            trapped++;
        first++;
    }
    say("started (restart %u), %u of %u attempts made\n", restarts, first, (uint32_t)ATTEMPTS);
    for (uint32_t i = first; i < ATTEMPTS; i++) {
        say("attempt %u: %s\n", i + 1, attempts[i].what);
        attempts[i].run();
    }
    say("done: all %u attempts made\n", (uint32_t)ATTEMPTS);
    return 0;
}
