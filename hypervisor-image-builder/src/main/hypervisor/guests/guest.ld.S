/* A guest's image: linked at the virtual window every guest sees (layout.h). */
#include "layout.h"

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
    . = GUEST_VA_BASE;
    .text : {
        *(.text.start)
        *(.text .text.*)
    }
    .rodata : { *(.rodata .rodata.*) }
    .data : { *(.data .data.*) }
    __image_end = .;
    .bss (NOLOAD) : ALIGN(8) { *(.bss .bss.* COMMON) }
    __guest_end = .;
    ASSERT(__image_end <= GUEST_VA_BASE + GUEST_IMAGE_MAX, "guest image too large")
    ASSERT(__guest_end <= GUEST_VA_BASE + GUEST_VICTIM_OFFSET, "guest overlaps the victim area")
    /DISCARD/ : { *(.ARM.exidx* .ARM.extab* .comment .note*) }
}
