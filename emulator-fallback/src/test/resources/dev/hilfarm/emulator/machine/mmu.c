/*
 * The short-descriptor MMU from C, for either board (RAM_BASE: 0x60000000 on vexpress-a9 unless
 * the build says otherwise, 0x40000000 on cubieboard): an identity map plus a remapped section, a
 * no-access domain, a privileged-only section, an unmapped section and a coarse page table with a
 * read-only page. The data abort handler records DFSR and DFAR and skips the access; main prints
 * them with what the accesses read and what ATS1CPR put in PAR.
 */
#include "uart.h"

#ifndef RAM_BASE
#define RAM_BASE 0x60000000u
#endif
#define DATA_PA (RAM_BASE + 0x00100000u)

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t l2[256] __attribute__((aligned(1024)));
static volatile uint32_t faults[8][2];
static volatile uint32_t fault_count;

void __attribute__((interrupt("ABORT"))) data_abort_handler(void)
{
    uint32_t dfsr, dfar;
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(dfsr));
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(dfar));
    faults[fault_count & 7][0] = dfsr;
    faults[fault_count & 7][1] = dfar;
    fault_count = fault_count + 1;
}

static uint32_t translate(uint32_t va)
{
    uint32_t par;
    __asm__ volatile("mcr p15, 0, %1, c7, c8, 0\n\tisb\n\tmrc p15, 0, %0, c7, c4, 0" : "=r"(par) : "r"(va) : "memory");
    return par;
}

/*
 * The accesses that may fault, in asm: the handler skips the faulting instruction, so the
 * destination keeps the marker it was given, and the compiler keeps nothing else in flight.
 */
static uint32_t __attribute__((target("arm"), noinline)) load(uint32_t va)
{
    uint32_t value = 0x5a5a5a5a;
    __asm__ volatile("ldr %0, [%1]" : "+r"(value) : "r"(va) : "memory");
    return value;
}

static uint32_t __attribute__((target("arm"), noinline)) load_unprivileged(uint32_t va)
{
    uint32_t value = 0x5a5a5a5a;
    __asm__ volatile("ldrt %0, [%1]" : "+r"(value) : "r"(va) : "memory");
    return value;
}

static void __attribute__((target("arm"), noinline)) store(uint32_t va, uint32_t value)
{
    __asm__ volatile("str %0, [%1]" :: "r"(value), "r"(va) : "memory");
}

static void __attribute__((target("arm"), noinline)) store_byte(uint32_t va, uint32_t value)
{
    __asm__ volatile("strb %0, [%1]" :: "r"(value), "r"(va) : "memory");
}

int main(void)
{
    put_string("mmu\n");
    uint32_t ram_section = RAM_BASE >> 20;
    for (uint32_t i = 0; i < 4096; i++) {
        /* RAM as normal non-cacheable memory (TEX 001), everything else strongly ordered. */
        l1[i] = (i << 20) | 0xc02 | ((i >= ram_section && i < ram_section + 0x400) ? 1u << 12 : 0);
    }
    l1[0x800] = DATA_PA | 0x1c02;                 /* remapped section, full access */
    l1[0x810] = DATA_PA | 0x1c02 | (1u << 5);     /* domain 1: no access */
    l1[0x820] = DATA_PA | 0x1402;                 /* AP=01: privileged only */
    l1[0x900] = 0;                                /* translation fault */
    l1[0x840] = (uint32_t)l2 | 1;                 /* coarse page table */
    l2[0] = DATA_PA | 0x32 | (1u << 6);           /* small page, full access, TEX 001 */
    l2[1] = (DATA_PA + 0x1000) | 0x12 | (1u << 9) | (1u << 6); /* read-only (APX, AP=01) */

    *(volatile uint32_t *)DATA_PA = 0xcafebabe;
    *(volatile uint32_t *)(DATA_PA + 0x1004) = 0x600d600d;

    __asm__ volatile("mcr p15, 0, %0, c2, c0, 0" :: "r"(l1));           /* TTBR0 */
    __asm__ volatile("mcr p15, 0, %0, c2, c0, 2" :: "r"(0));            /* TTBCR */
    __asm__ volatile("mcr p15, 0, %0, c3, c0, 0" :: "r"(0x55555551u & ~0xcu)); /* DACR: domain 1 no access */
    __asm__ volatile("mcr p15, 0, %0, c8, c7, 0" :: "r"(0));            /* TLBIALL */
    uint32_t sctlr;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" :: "r"(sctlr | 1) : "memory");

    show("remapped", load(0x80000000u));
    show("domain", load(0x81000008u));
    show("privileged", load(0x82000010u));
    show("unprivileged", load_unprivileged(0x82000010u));
    show("unmapped", load(0x90000004u));
    show("page0", load(0x84000000u));
    show("page1", load(0x84001004u));
    store(0x84001004u, 1);                        /* read-only page: permission fault */
    store_byte(0x84002003u, 1);                   /* no page: translation fault */
    show("par-remapped", translate(0x80000010u));
    show("par-page1", translate(0x84001234u));
    show("par-unmapped", translate(0x90000000u));

    __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" :: "r"(sctlr) : "memory");
    show("faults", fault_count);
    for (uint32_t i = 0; i < fault_count && i < 8; i++) {
        show("dfsr", faults[i][0]);
        show("dfar", faults[i][1]);
    }
    put_string("done\n");
    return 0;
}
