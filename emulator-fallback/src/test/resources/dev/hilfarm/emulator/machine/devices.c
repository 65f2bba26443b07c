/*
 * Reads and writes the vexpress-a9 devices' registers and prints what they answer, one line per
 * observation. Only behaviour that does not depend on timing is printed, so QEMU and the emulator
 * must print the same bytes.
 */
#include "uart.h"

#define SYS 0x10000000
#define U1 0x1000a000
#define T0 0x10011000
#define RTC 0x10017000
#define SCU 0x1e000000
#define PT 0x1e000600
#define GT 0x1e000200
#define GICD 0x1e001000
#define L2 0x1e00a000

static void ids(const char *name, uint32_t base)
{
    put_string(name);
    for (uint32_t a = base + 0xfe0; a < base + 0x1000; a += 4) {
        put_char(' ');
        put_hex(REG(a));
    }
    put_char('\n');
}

static uint32_t sys_cfg(uint32_t ctrl, uint32_t data)
{
    REG(SYS + 0xa0) = data;
    REG(SYS + 0xa8) = 0;
    REG(SYS + 0xa4) = ctrl | (1u << 31);
    return REG(SYS + 0xa8);
}

static void system_registers(void)
{
    show("sys-id", REG(SYS + 0x00));
    show("sys-procid0", REG(SYS + 0x84));
    show("sys-procid1", REG(SYS + 0x88));
    show("sys-pcictl", REG(SYS + 0x44));
    show("sys-mci", REG(SYS + 0x48));
    REG(SYS + 0x08) = 0xffffffff;
    show("sys-led", REG(SYS + 0x08));
    REG(SYS + 0x04) = 0xff;
    show("sys-sw", REG(SYS + 0x04));
    REG(SYS + 0x30) = 0xf0f0;
    REG(SYS + 0x34) = 0x30;
    show("sys-flags", REG(SYS + 0x30));
    show("sys-flagsclr", REG(SYS + 0x34));
    REG(SYS + 0x38) = 0xf0f0;
    REG(SYS + 0x3c) = 0x30;
    show("sys-nvflags", REG(SYS + 0x38));
    REG(SYS + 0x20) = 0xa05f;
    show("sys-lock", REG(SYS + 0x20));
    REG(SYS + 0x20) = 0xffff;
    show("sys-lock2", REG(SYS + 0x20));
    REG(SYS + 0x28) = 0x55;
    show("sys-cfgdata1", REG(SYS + 0x28));
    REG(SYS + 0x4c) = 1;
    show("sys-flash", REG(SYS + 0x4c));
    show("sys-misc", REG(SYS + 0x60));
    REG(SYS + 0xa4) = 0x7fffffff;
    show("sys-cfgctrl", REG(SYS + 0xa4));
    REG(SYS + 0xa8) = 0xff;
    show("sys-cfgstat", REG(SYS + 0xa8));
    for (uint32_t f = 0; f < 14; f++) {
        if (f == 5 || f == 8 || f == 9)
            continue;
        for (uint32_t site = 0; site < 3; site++) {
            for (uint32_t dev = 0; dev < 8; dev++) {
                uint32_t ctrl = (f << 20) | (site << 16) | dev;
                uint32_t status = sys_cfg(ctrl, 0x1234);
                put_string("cfg ");
                put_hex(ctrl);
                put_char(' ');
                put_hex(status);
                put_char(' ');
                put_hex(REG(SYS + 0xa0));
                put_char('\n');
            }
        }
    }
    show("osc-write", sys_cfg((1u << 30) | (1 << 20) | 1, 25000000));
    show("osc-read", sys_cfg((1 << 20) | 1, 0));
    show("osc-value", REG(SYS + 0xa0));
    show("cfg-reset", sys_cfg((1u << 30) | (5 << 20), 0));
    show("cfg-temp", sys_cfg((1u << 30) | (4 << 20), 0));
    show("cfg-dvi", sys_cfg((1u << 30) | (11 << 20), 0));
}

static void uart(void)
{
    show("uart-fr", REG(U1 + 0x18));
    show("uart-cr", REG(U1 + 0x30));
    show("uart-ifls", REG(U1 + 0x34));
    show("uart-ris", REG(U1 + 0x3c));
    ids("uart-id", U1);
    REG(U1 + 0x24) = 39;
    REG(U1 + 0x28) = 4;
    REG(U1 + 0x2c) = 0x70;
    REG(U1 + 0x30) = 0x301;
    show("uart-ibrd", REG(U1 + 0x24));
    show("uart-fbrd", REG(U1 + 0x28));
    show("uart-lcrh", REG(U1 + 0x2c));
    show("uart-cr2", REG(U1 + 0x30));
    REG(U1 + 0x00) = 'x';
    show("uart-ris-tx", REG(U1 + 0x3c));
    show("uart-fr-tx", REG(U1 + 0x18));
    REG(U1 + 0x44) = 0x7ff;
    show("uart-ris-icr", REG(U1 + 0x3c));
    REG(U1 + 0x38) = 0x20;
    REG(U1 + 0x00) = 'y';
    show("uart-mis", REG(U1 + 0x40));
    show("gic-pending-uart1", REG(GICD + 0x204) & (1 << 6));
    REG(U1 + 0x44) = 0x7ff;
    REG(U1 + 0x38) = 0;
    show("uart-dr-empty", REG(U1 + 0x00));
    show("uart-rsr", REG(U1 + 0x04));
}

static void timers(void)
{
    show("t-ctrl", REG(T0 + 0x08));
    show("t-value", REG(T0 + 0x04));
    show("t2-ctrl", REG(T0 + 0x28));
    ids("t-id", T0);
    REG(T0 + 0x00) = 0x12345678;
    show("t-load", REG(T0 + 0x00));
    show("t-value-free16", REG(T0 + 0x04));
    REG(T0 + 0x18) = 0x100;
    show("t-bgload", REG(T0 + 0x18));
    show("t-load-bg", REG(T0 + 0x00));
    REG(T0 + 0x00) = 100;
    REG(T0 + 0x08) = 0x80 | 0x20 | 0x02 | 0x01;
    while (!(REG(T0 + 0x10) & 1))
        ;
    show("t-ris", REG(T0 + 0x10));
    show("t-mis", REG(T0 + 0x14));
    show("t-value-end", REG(T0 + 0x04));
    show("t-ctrl-end", REG(T0 + 0x08));
    show("gic-pending-timer", REG(GICD + 0x204) & (1 << 2));
    REG(T0 + 0x0c) = 0;
    show("t-ris-clear", REG(T0 + 0x10));
    REG(T0 + 0x08) = 0x80 | 0x02 | 0x01;
    REG(T0 + 0x00) = 50;
    while (!(REG(T0 + 0x10) & 1))
        ;
    show("t-mis-noie", REG(T0 + 0x14));
    REG(T0 + 0x0c) = 1;
    REG(T0 + 0x08) = 0;

    show("rtc-cr", REG(RTC + 0x0c));
    REG(RTC + 0x0c) = 0;
    show("rtc-cr0", REG(RTC + 0x0c));
    REG(RTC + 0x08) = 1000;
    show("rtc-lr", REG(RTC + 0x08));
    show("rtc-dr-ok", REG(RTC + 0x00) - 1000 <= 1);
    REG(RTC + 0x04) = REG(RTC + 0x00);
    show("rtc-ris", REG(RTC + 0x14));
    REG(RTC + 0x10) = 0xff;
    show("rtc-imsc", REG(RTC + 0x10));
    show("rtc-mis", REG(RTC + 0x18));
    REG(RTC + 0x1c) = 1;
    show("rtc-ris-clear", REG(RTC + 0x14));
    ids("rtc-id", RTC);

    REG(PT + 0x00) = 0x1000;
    show("pt-counter", REG(PT + 0x04));
    REG(PT + 0x00) = 0x10;
    REG(PT + 0x08) = 0x5;
    while (!REG(PT + 0x0c))
        ;
    show("pt-status", REG(PT + 0x0c));
    show("pt-counter-end", REG(PT + 0x04));
    show("gic-pending-ppi", REG(GICD + 0x200));
    REG(PT + 0x0c) = 1;
    show("pt-status-clear", REG(PT + 0x0c));
    REG(PT + 0x08) = 0;

    REG(GT + 0x08) = 0;
    REG(GT + 0x10) = 5;
    REG(GT + 0x14) = 0;
    REG(GT + 0x18) = 7;
    show("gt-cmp", REG(GT + 0x10));
    show("gt-inc", REG(GT + 0x18));
    REG(GT + 0x08) = 1 | 2 | 8;
    while (!REG(GT + 0x0c))
        ;
    show("gt-status", REG(GT + 0x0c));
    show("gt-cmp-moved", REG(GT + 0x10) > 5);
    REG(GT + 0x0c) = 1;
    REG(GT + 0x08) = 0;
}

static void cache_and_scu(void)
{
    show("scu-ctrl", REG(SCU + 0x00));
    show("scu-config", REG(SCU + 0x04));
    REG(SCU + 0x00) = 0xffffffff;
    show("scu-ctrl2", REG(SCU + 0x00));
    REG(SCU + 0x08) = 0x03030303;
    show("scu-power", REG(SCU + 0x08));
    show("l2-id", REG(L2 + 0x000));
    show("l2-type", REG(L2 + 0x004));
    show("l2-aux", REG(L2 + 0x104));
    REG(L2 + 0x100) = 0xff;
    show("l2-ctrl", REG(L2 + 0x100));
    REG(L2 + 0x77c) = 0xff;
    show("l2-inv-way", REG(L2 + 0x77c));
    REG(L2 + 0x108) = 0x123;
    show("l2-tag", REG(L2 + 0x108));
    REG(L2 + 0xc00) = 0x123;
    show("l2-filter", REG(L2 + 0xc00));
    REG(L2 + 0xf60) = 0x123;
    show("l2-prefetch", REG(L2 + 0xf60));
    uint32_t flash_alias = 0;
    __asm__ volatile("" : "+r"(flash_alias)); /* address 0: keep the compiler from treating it as a null dereference */
    show("flash-at-0", REG(flash_alias));
    show("unmapped", REG(0x10002000));
}

int main(void)
{
    put_string("vexpress devices\n");
    uint32_t midr, cbar;
    __asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(midr));
    __asm__ volatile("mrc p15, 4, %0, c15, c0, 0" : "=r"(cbar));
    show("midr", midr);
    show("cbar", cbar);
    system_registers();
    uart();
    timers();
    cache_and_scu();
    put_string("done\n");
    return 0;
}
