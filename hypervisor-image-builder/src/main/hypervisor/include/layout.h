/*
 * Where things live, derived from the generated board.h. The hypervisor owns the second MiB of
 * RAM (the first is left to the boot loader's tables and the device tree on real boards); each
 * guest gets one MiB of physical RAM after it, which it sees at the same virtual window
 * GUEST_VA_BASE in its own address space. Everything is in 1 MiB sections: one first-level
 * descriptor per region, so the translation tables stay small and easy to check.
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include "board.h"   /* generated from the board profile; defines U32() too */

#define SECTION_SIZE     U32(0x00100000)

#define HV_BASE          (BOARD_RAM_BASE + U32(0x00100000))
#define HV_SIZE          SECTION_SIZE

/* Guest i's physical memory. */
#define GUEST_SLOT_BASE  (BOARD_RAM_BASE + U32(0x00200000))
#define GUEST_PHYS(i)    (GUEST_SLOT_BASE + (i) * SECTION_SIZE)

/*
 * Every guest's virtual window: inside the 32 MiB that TTBR0 translates (TTBCR.N = 7), and
 * above a hole at address 0 so that null pointers fault.
 */
#define GUEST_VA_BASE    U32(0x00100000)
#define GUEST_SIZE       SECTION_SIZE
#define GUEST_VA_END     (GUEST_VA_BASE + GUEST_SIZE)
#define GUEST_IMAGE_MAX  U32(0x00040000)
/* Where the victim guest keeps the data the isolation probe goes after (offset in its window). */
#define GUEST_VICTIM_OFFSET U32(0x00080000)
#define GUEST_VICTIM_SIZE   U32(0x00010000)

/* Top of the part of the virtual address space that belongs to guests (TTBR0, TTBCR.N = 7). */
#define GUEST_SPACE_END  U32(0x02000000)

#endif
