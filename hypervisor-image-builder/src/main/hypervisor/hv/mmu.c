/*
 * The short-descriptor MMU setup. All mappings are 1 MiB sections in domain 0, and the domain
 * is a client domain, so the AP bits of each section decide:
 *   - hypervisor image and all other RAM: global, AP=PL1 read/write, PL0 none;
 *     everything but the hypervisor's own section is execute-never;
 *   - devices (UART, interrupt controller, timer, system registers): global, PL1 only,
 *     Device memory, execute-never;
 *   - a guest's window: not-global (tagged with the guest's ASID), full access, normal memory.
 * Nothing else is mapped, so a guest touching anything but its window gets a permission fault
 * (hypervisor, RAM, devices) or a translation fault (the rest).
 *
 * Data caching stays off (SCTLR.C = 0): the hypervisor copies guest images and moves messages
 * with plain stores, and with an uncached data side only the instruction cache needs
 * maintenance after a guest image is (re)loaded.
 */
#include "arm.h"
#include "board.h"
#include "hv.h"
#include "mmu.h"

#define L1_FAULT        0x0u
#define L1_SECTION      0x2u
#define L1_B            (1u << 2)
#define L1_C            (1u << 3)
#define L1_XN           (1u << 4)
#define L1_DOMAIN(d)    ((uint32_t)(d) << 5)
#define L1_AP_PL1_RW    (1u << 10)           /* AP[2:0] = 001 */
#define L1_AP_ALL_RW    (3u << 10)           /* AP[2:0] = 011 */
#define L1_TEX(t)       ((uint32_t)(t) << 12)
#define L1_NG           (1u << 17)
#define MEM_NORMAL_WBWA (L1_TEX(1) | L1_C | L1_B)
#define MEM_DEVICE      (L1_B)               /* shareable Device */

#define DACR_CLIENT(d)  (1u << (2 * (d)))
#define TTBCR_N_32MIB   7u

static uint32_t hv_table[4096] __attribute__((aligned(16384), section(".bss.pagetables")));
static struct guest_table no_guest;          /* all faults: current while no guest runs */

static void map_section(uint32_t addr, uint32_t attributes)
{
    uint32_t base = addr & ~(SECTION_SIZE - 1);
    hv_table[base >> 20] = base | L1_SECTION | L1_DOMAIN(0) | attributes;
}

static void map_device(uint32_t addr)
{
    map_section(addr, MEM_DEVICE | L1_XN | L1_AP_PL1_RW);
}

void mmu_init(void)
{
    for (uint32_t a = BOARD_RAM_BASE; a - BOARD_RAM_BASE < BOARD_RAM_SIZE; a += SECTION_SIZE) {
        uint32_t xn = (a == HV_BASE) ? 0 : L1_XN;
        map_section(a, MEM_NORMAL_WBWA | L1_AP_PL1_RW | xn);
    }
    map_device(BOARD_UART_BASE);
    map_device(BOARD_IRQC_BASE);
#ifdef BOARD_GIC_CPU_BASE
    map_device(BOARD_GIC_CPU_BASE);
#endif
    map_device(BOARD_TIMER_BASE);
#ifdef BOARD_SYSREG_BASE
    map_device(BOARD_SYSREG_BASE);
#endif

    write_dacr(DACR_CLIENT(0));
    write_ttbcr(TTBCR_N_32MIB);
    write_ttbr0((uint32_t)&no_guest);
    write_ttbr1((uint32_t)hv_table);
    write_contextidr(0);
    tlbiall();
    iciallu();
    bpiall();
    dsb();
    isb();

    uint32_t sctlr = read_sctlr();
    sctlr &= ~(SCTLR_A | SCTLR_C | SCTLR_V | SCTLR_TRE | SCTLR_AFE | SCTLR_TE);
    sctlr |= SCTLR_M | SCTLR_I | SCTLR_Z;
    write_sctlr(sctlr);
    isb();
}

void mmu_build_guest_table(struct guest_table *table, uint32_t phys)
{
    for (int i = 0; i < GUEST_TABLE_ENTRIES; i++)
        table->entry[i] = L1_FAULT;
    table->entry[GUEST_VA_BASE >> 20] =
        phys | L1_SECTION | L1_DOMAIN(0) | MEM_NORMAL_WBWA | L1_AP_ALL_RW | L1_NG;
    dsb();
}

void mmu_switch_to(const struct guest_table *table, uint32_t asid)
{
    /*
     * The ARM ARM's sequence for changing ASID and TTBR0 together: go through the reserved
     * ASID 0 so that no walk of the new table is ever tagged with the old guest's ASID.
     */
    write_contextidr(0);
    isb();
    write_ttbr0((uint32_t)table);
    isb();
    write_contextidr(asid);
    isb();
}
