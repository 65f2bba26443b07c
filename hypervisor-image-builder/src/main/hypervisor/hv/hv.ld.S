/* The hypervisor's image: one 1 MiB section at HV_BASE (layout.h), code first. */
#include "layout.h"

OUTPUT_FORMAT("elf32-littlearm")
OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
    . = HV_BASE;
    .text : {
        *(.text.start)
        *(.text.vectors)
        *(.text .text.*)
    }
    .rodata : {
        *(.rodata .rodata.*)
    }
    .data : {
        *(.data .data.*)
    }
    .bss (NOLOAD) : ALIGN(16384) {
        __bss_start = .;
        *(.bss.pagetables)
        *(.bss .bss.* COMMON)
        . = ALIGN(8);
        __bss_end = .;
    }
    .stack (NOLOAD) : ALIGN(8) {
        . += 0x4000;
        hv_stack_top = .;
    }
    __hv_end = .;
    ASSERT(__hv_end <= HV_BASE + HV_SIZE, "the hypervisor does not fit its 1 MiB section")
    /DISCARD/ : { *(.ARM.exidx* .ARM.extab* .comment .note*) }
}
