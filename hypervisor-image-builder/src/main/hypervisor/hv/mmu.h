/* Translation tables: one shared hypervisor table (TTBR1), one small table per guest (TTBR0). */
#ifndef MMU_H
#define MMU_H

#include <stdint.h>

/*
 * TTBCR.N = 7: virtual addresses below 32 MiB (GUEST_SPACE_END) are translated through TTBR0,
 * everything above through TTBR1. A guest's table therefore has 32 entries and can hold nothing
 * but the guest's own memory; the hypervisor's table is never a guest's to see.
 */
#define GUEST_TABLE_ENTRIES 32
#define GUEST_TABLE_ALIGN   128

struct guest_table {
    uint32_t entry[GUEST_TABLE_ENTRIES];
} __attribute__((aligned(GUEST_TABLE_ALIGN)));

void mmu_init(void);
void mmu_build_guest_table(struct guest_table *table, uint32_t phys);
/* Makes the guest's table and ASID current (ASID 0 is the hypervisor's: no guest uses it). */
void mmu_switch_to(const struct guest_table *table, uint32_t asid);

#endif
