/*
 * Drives the GIC by polling (the core keeps IRQs masked): register widths, prioritisation,
 * acknowledge and end of interrupt with nested priorities, SGIs and their target filters, and the
 * two interrupt groups. Prints every register it looks at.
 */
#include "uart.h"

#define D 0x1e001000
#define C 0x1e000100

static void reset_gic(void)
{
    REG(D) = 0;
    REG(C) = 0;
    for (int i = 0; i < 3; i++) {
        REG(D + 0x180 + 4 * i) = 0xffffffff;
        REG(D + 0x280 + 4 * i) = 0xffffffff;
        REG(D + 0x080 + 4 * i) = 0;
    }
}

static void widths(void)
{
    REG(D + 0x400) = 0xffffffff;
    show("prio0", REG(D + 0x400));
    REG(D + 0x420) = 0x12345678;
    show("prio32", REG(D + 0x420));
    REG8(D + 0x421) = 0xff;
    show("prio32b", REG(D + 0x420));
    REG(C + 4) = 0xff;
    show("pmr", REG(C + 4));
    REG(C + 4) = 0x13;
    show("pmr13", REG(C + 4));
    REG(C + 8) = 0xff;
    show("bpr", REG(C + 8));
    REG(C + 8) = 0;
    show("bpr0", REG(C + 8));
    REG(C + 0x1c) = 0;
    show("abpr0", REG(C + 0x1c));
    REG(C + 0x1c) = 7;
    show("abpr7", REG(C + 0x1c));
    REG(C + 0) = 0xff;
    show("iccicr", REG(C + 0));
    REG(C + 0) = 0;
    REG(D + 0) = 0xff;
    show("icddcr", REG(D + 0));
    show("icdictr", REG(D + 4));
    show("icdiidr", REG(D + 8));
    REG(D + 0x80) = 0xffffffff;
    show("isr0", REG(D + 0x80));
    REG(D + 0x8c) = 0xffffffff;
    show("isr3", REG(D + 0x8c));
    REG(D + 0x80) = 0;
    REG(D + 0xc08) = 0xffffffff;
    show("cfg2", REG(D + 0xc08));
    REG(D + 0xc04) = 0xffffffff;
    show("cfg1", REG(D + 0xc04));
    REG(D + 0xc00) = 0;
    show("cfg0", REG(D + 0xc00));
    REG(D + 0xc08) = 0;
    REG(D + 0xc04) = 0;
    REG(D + 0x800) = 0xffffffff;
    show("tgt0", REG(D + 0x800));
    REG(D + 0x104) = 0xffffffff;
    show("isen1", REG(D + 0x104));
    REG(D + 0x10c) = 0xffffffff;
    show("isen3", REG(D + 0x10c));
    REG(D + 0x184) = 0xffffffff;
    show("isen1c", REG(D + 0x104));
    REG(D + 0x180) = 0xffffffff;
    show("isen0c", REG(D + 0x100));
    for (uint32_t a = D + 0xfd0; a < D + 0x1000; a += 4)
        show("id", REG(a));
    show("iidr", REG(C + 0xfc));
}

static void priorities(void)
{
    for (int i = 0; i < 96; i += 4)
        REG(D + 0x400 + i) = 0xa0a0a0a0;
    REG(D + 0x204) = 0xffffffff;
    show("ispend1", REG(D + 0x204));
    REG(D + 0x284) = 0xffffffff;
    REG(D + 0x208) = 0x3;
    show("ispend2", REG(D + 0x208));
    show("hpir-disabled", REG(C + 0x18));
    show("iar-disabled", REG(C + 0xc));
    REG(D + 0) = 1;
    REG(C + 0) = 1;
    REG(C + 4) = 0xff;
    show("hpir-notenabled", REG(C + 0x18));
    REG(D + 0x108) = 0x3;
    REG8(D + 0x440) = 0x80;
    REG8(D + 0x441) = 0x40;
    show("hpir", REG(C + 0x18));
    show("rpr", REG(C + 0x14));
    uint32_t a = REG(C + 0xc);
    show("iar", a);
    show("rpr-after", REG(C + 0x14));
    show("active2", REG(D + 0x308));
    show("pend2", REG(D + 0x208));
    show("hpir2", REG(C + 0x18));
    show("iar2", REG(C + 0xc));
    REG8(D + 0x440) = 0x30;
    show("iar3-after-prio", REG(C + 0xc));
    show("hpir3", REG(C + 0x18));
    REG(C + 0x10) = a;
    show("rpr-eoi1", REG(C + 0x14));
    show("active2b", REG(D + 0x308));
    show("iar4", REG(C + 0xc));
    REG(C + 0x10) = 0x3ff;
    REG(C + 0x10) = 65;
    show("rpr-eoi2", REG(C + 0x14));
    show("iar5", REG(C + 0xc));
}

static void sgis(void)
{
    REG(D + 0xf00) = (1 << 16) | 5;
    show("sgi-pend0", REG(D + 0x200));
    show("spendsgi", REG(D + 0xf24));
    show("hpir-sgi", REG(C + 0x18));
    uint32_t s = REG(C + 0xc);
    show("iar-sgi", s);
    REG(C + 0x10) = s;
    show("rpr-sgi", REG(C + 0x14));
    REG(D + 0xf00) = (2 << 24) | 7;
    show("iar-sgi-self", REG(C + 0xc));
    REG(C + 0x10) = 7;
    REG(D + 0xf00) = (1 << 24) | 3;
    show("iar-sgi-others", REG(C + 0xc));
    REG(D + 0xf00) = (0 << 24) | (2 << 16) | 3;
    show("iar-sgi-cpu1", REG(C + 0xc));
    REG(D + 0xf00) = (3 << 24) | 3;
    uint32_t r = REG(C + 0xc);
    show("iar-sgi-reserved", r);
    REG(C + 0x10) = r;
}

static void groups(void)
{
    REG(C + 4) = 0xff;
    REG(D + 0x88) = 1 << 2;
    REG8(D + 0x442) = 0x10;
    REG8(D + 0x443) = 0x20;
    REG(D + 0x108) = (1 << 2) | (1 << 3);
    REG(D + 0x208) = (1 << 2) | (1 << 3);
    REG(D + 0) = 1;
    REG(C + 0) = 1;
    show("g0only-hpir", REG(C + 0x18));
    REG(D + 0) = 3;
    REG(C + 0) = 3;
    show("d3c3-hpir", REG(C + 0x18));
    show("d3c3-iar", REG(C + 0xc));
    REG(C + 0) = 7;
    show("d3c7-hpir", REG(C + 0x18));
    uint32_t a = REG(C + 0xc);
    show("d3c7-iar", a);
    show("rpr", REG(C + 0x14));
    REG(C + 0x10) = a;
    show("rpr2", REG(C + 0x14));
    REG(D + 0) = 2;
    REG(C + 0) = 7;
    show("d2-hpir", REG(C + 0x18));
    uint32_t b = REG(C + 0xc);
    show("d2-iar", b);
    REG(C + 0x10) = b;
    show("icddcr-end", REG(D + 0));
    show("iccicr-end", REG(C + 0));
}

static void binary_point(void)
{
    REG(D) = 1;
    REG(C) = 1;
    REG(C + 4) = 0xff;
    REG(C + 8) = 3;
    REG8(D + 0x444) = 0x48;
    REG8(D + 0x445) = 0x40;
    REG(D + 0x108) = (1 << 4) | (1 << 5);
    REG(D + 0x208) = 1 << 4;
    uint32_t a = REG(C + 0xc);
    show("bpr-iar1", a);
    show("bpr-rpr", REG(C + 0x14));
    REG(D + 0x208) = 1 << 5;
    show("bpr-hpir", REG(C + 0x18));
    show("bpr-iar2", REG(C + 0xc));
    REG(C + 8) = 0;
    show("bpr0-iar2", REG(C + 0xc));
    REG(C + 0x10) = a;
    uint32_t b = REG(C + 0xc);
    show("bpr-iar3", b);
    REG(C + 0x10) = b;
    show("bpr-rpr-end", REG(C + 0x14));
}

int main(void)
{
    put_string("gic\n");
    widths();
    reset_gic();
    priorities();
    reset_gic();
    REG(D) = 1;
    REG(C) = 1;
    REG(C + 4) = 0xff;
    sgis();
    reset_gic();
    groups();
    reset_gic();
    binary_point();
    put_string("done\n");
    return 0;
}
