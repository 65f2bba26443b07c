/*
 * MMU scenario interpreter: runs the operations of mmu-scenario.txt, compiled into ops[] in the
 * generated scenario.h (see MmuScenario.java for the encoding), and prints one line per
 * observable result through semihosting:
 *
 *   OP VA = VALUE                       a load that completed
 *   OP VA ok                            a store or an execution that completed
 *   OP VA DABT DFSR=... DFAR=...        a data abort, with the fault registers
 *   OP VA PABT IFSR=... IFAR=...        a prefetch abort
 *   atsN VA PAR=...                     an address translation operation
 *   # TEXT                              an echo
 *
 * The interpreter's own code, data and stacks must stay mapped (the scenario maps them flat).
 */
typedef unsigned int u32;
extern volatile u32 abort_fsr, abort_far, abort_kind;
void semi_write0(const char *s);
void do_exec(u32 va);
#include "scenario.h"

static char line[256];
static int pos;
static void put(const char *s) { while (*s) line[pos++] = *s++; }
static void hex(u32 v) { for (int i = 28; i >= 0; i -= 4) line[pos++] = "0123456789abcdef"[(v >> i) & 15]; }
static void flush(void) { line[pos++] = '\n'; line[pos] = 0; semi_write0(line); pos = 0; }

#define SYNC() __asm__ volatile("dsb\n isb" ::: "memory")

static void result(const char *name, u32 va, u32 value, int hasValue) {
    put(name); put(" "); hex(va);
    if (abort_kind == 1) { put(" DABT DFSR="); hex(abort_fsr); put(" DFAR="); hex(abort_far); }
    else if (abort_kind == 2) { put(" PABT IFSR="); hex(abort_fsr); put(" IFAR="); hex(abort_far); }
    else if (hasValue) { put(" = "); hex(value); }
    else put(" ok");
    abort_kind = 0;
    flush();
}

static void set_reg(u32 reg, u32 v) {
    switch (reg) {
    case 0: __asm__ volatile("mcr p15, 0, %0, c1, c0, 0" :: "r"(v)); break;
    case 1: __asm__ volatile("mcr p15, 0, %0, c2, c0, 0" :: "r"(v)); break;
    case 2: __asm__ volatile("mcr p15, 0, %0, c2, c0, 1" :: "r"(v)); break;
    case 3: __asm__ volatile("mcr p15, 0, %0, c2, c0, 2" :: "r"(v)); break;
    case 4: __asm__ volatile("mcr p15, 0, %0, c3, c0, 0" :: "r"(v)); break;
    case 5: __asm__ volatile("mcr p15, 0, %0, c13, c0, 1" :: "r"(v)); break;
    case 6: __asm__ volatile("mcr p15, 0, %0, c10, c2, 0" :: "r"(v)); break;
    case 7: __asm__ volatile("mcr p15, 0, %0, c10, c2, 1" :: "r"(v)); break;
    case 8: __asm__ volatile("mcr p15, 0, %0, c13, c0, 0" :: "r"(v)); break;
    }
    SYNC();
}

int main(void) {
    const u32 *p = ops;
    for (;;) {
        u32 op = *p++;
        u32 a = 0, b = 0, v = 0;
        switch (op) {
        case OP_END: return 0;
        case OP_ECHO: { a = *p++; put("# "); put((const char *)p); flush(); p += a; break; }
        case OP_PW: a = *p++; b = *p++; *(volatile u32 *)a = b; SYNC(); break;
        case OP_CP: a = *p++; b = *p++; set_reg(a, b); break;
        case OP_TLBIALL: __asm__ volatile("mcr p15, 0, %0, c8, c7, 0" :: "r"(0)); SYNC(); break;
        case OP_TLBIMVA: a = *p++; __asm__ volatile("mcr p15, 0, %0, c8, c7, 1" :: "r"(a)); SYNC(); break;
        case OP_TLBIASID: a = *p++; __asm__ volatile("mcr p15, 0, %0, c8, c7, 2" :: "r"(a)); SYNC(); break;
        case OP_TLBIMVAA: a = *p++; __asm__ volatile("mcr p15, 0, %0, c8, c7, 3" :: "r"(a)); SYNC(); break;
        case OP_R8: a = *p++; __asm__ volatile("ldrb %0, [%1]" : "=r"(v) : "r"(a) : "memory"); result("r8", a, v, 1); break;
        case OP_R16: a = *p++; __asm__ volatile("ldrh %0, [%1]" : "=r"(v) : "r"(a) : "memory"); result("r16", a, v, 1); break;
        case OP_R32: a = *p++; __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory"); result("r32", a, v, 1); break;
        case OP_W8: a = *p++; b = *p++; __asm__ volatile("strb %0, [%1]" :: "r"(b), "r"(a) : "memory"); result("w8", a, 0, 0); break;
        case OP_W16: a = *p++; b = *p++; __asm__ volatile("strh %0, [%1]" :: "r"(b), "r"(a) : "memory"); result("w16", a, 0, 0); break;
        case OP_W32: a = *p++; b = *p++; __asm__ volatile("str %0, [%1]" :: "r"(b), "r"(a) : "memory"); result("w32", a, 0, 0); break;
        case OP_RT8: a = *p++; __asm__ volatile("ldrbt %0, [%1]" : "=r"(v) : "r"(a) : "memory"); result("rt8", a, v, 1); break;
        case OP_RT32: a = *p++; __asm__ volatile("ldrt %0, [%1]" : "=r"(v) : "r"(a) : "memory"); result("rt32", a, v, 1); break;
        case OP_WT8: a = *p++; b = *p++; __asm__ volatile("strbt %0, [%1]" :: "r"(b), "r"(a) : "memory"); result("wt8", a, 0, 0); break;
        case OP_WT32: a = *p++; b = *p++; __asm__ volatile("strt %0, [%1]" :: "r"(b), "r"(a) : "memory"); result("wt32", a, 0, 0); break;
        case OP_LDREX: a = *p++; __asm__ volatile("ldrex %0, [%1]\n clrex" : "=r"(v) : "r"(a) : "memory"); result("ldrex", a, v, 1); break;
        case OP_EXEC: a = *p++; do_exec(a); result("x", a, 0, 0); break;
        case OP_ATS: {
            a = *p++; b = *p++;
            switch (a) {
            case 0: __asm__ volatile("mcr p15, 0, %0, c7, c8, 0" :: "r"(b)); break;
            case 1: __asm__ volatile("mcr p15, 0, %0, c7, c8, 1" :: "r"(b)); break;
            case 2: __asm__ volatile("mcr p15, 0, %0, c7, c8, 2" :: "r"(b)); break;
            case 3: __asm__ volatile("mcr p15, 0, %0, c7, c8, 3" :: "r"(b)); break;
            }
            __asm__ volatile("isb\n mrc p15, 0, %0, c7, c4, 0" : "=r"(v));
            put("ats"); line[pos++] = '0' + a; put(" "); hex(b); put(" PAR="); hex(v); flush();
            break;
        }
        default:
            put("bad op"); flush(); return 1;
        }
    }
}
