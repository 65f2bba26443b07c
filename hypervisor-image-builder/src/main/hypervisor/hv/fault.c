/*
 * Guest faults. Whatever a guest does wrong - an access outside its window, an instruction
 * fetch from hypervisor memory, a privileged or undefined instruction - the hardware traps it to
 * PL1; the hypervisor reports it as one line naming guest, pc, address and kind, and stops that
 * guest only. An exception taken from the hypervisor itself is a hypervisor bug: panic.
 *
 * Not everything privileged traps: from USR, CPS is a no-op and MSR CPSR_c writes only the
 * condition flags, so those attempts change nothing and cannot be reported from here; the
 * isolation probe checks and reports them itself.
 */
#include "arm.h"
#include "guest.h"

#define FSR_FS(fsr)   ((((fsr) >> 6) & 0x10u) | ((fsr) & 0xfu))   /* FS[4] is bit 10 */
#define DFSR_WNR      (1u << 11)

static const char *fault_kind(uint32_t fs)
{
    switch (fs) {
    case 0x01: return "alignment";
    case 0x02: return "debug";
    case 0x03: case 0x06: return "access-flag";
    case 0x04: return "cache-maintenance";
    case 0x05: case 0x07: return "translation";
    case 0x08: return "external";
    case 0x09: case 0x0b: return "domain";
    case 0x0c: case 0x0e: return "table-walk-external";
    case 0x0d: case 0x0f: return "permission";
    case 0x16: return "external-imprecise";
    default: return "unknown";
    }
}

static void check_from_guest(const struct trap_frame *f, const char *what)
{
    if ((f->cpsr & PSR_MODE_MASK) != PSR_MODE_USR)
        hv_panic(what, f);
}

static void report(const struct trap_frame *f, uint32_t addr, const char *kind, const char *detail,
                   const char *access, const char *extra_key, uint32_t extra)
{
    hv_puts("hv: fault guest=");
    hv_puts(current_guest()->spec->name);
    hv_puts(" pc=");
    hv_put_hex(f->pc);
    hv_puts(" addr=");
    hv_put_hex(addr);
    hv_puts(" kind=");
    hv_puts(kind);
    if (detail) {
        hv_puts("(");
        hv_puts(detail);
        hv_puts(")");
    }
    if (access) {
        hv_puts(" access=");
        hv_puts(access);
    }
    if (extra_key) {
        hv_puts(" ");
        hv_puts(extra_key);
        hv_puts("=");
        hv_put_hex(extra);
    }
    hv_puts("\n");
}

void hv_data_abort(struct trap_frame *f)
{
    uint32_t dfsr = read_dfsr();
    uint32_t dfar = read_dfar();
    check_from_guest(f, "data abort in the hypervisor");
    vconsole_flush(current_guest());
    report(f, dfar, "data-abort", fault_kind(FSR_FS(dfsr)), (dfsr & DFSR_WNR) ? "write" : "read", "fsr", dfsr);
    guest_stop(f, "fault", 1);
}

void hv_prefetch_abort(struct trap_frame *f)
{
    uint32_t ifsr = read_ifsr();
    uint32_t ifar = read_ifar();
    check_from_guest(f, "prefetch abort in the hypervisor");
    vconsole_flush(current_guest());
    report(f, ifar, "prefetch-abort", fault_kind(FSR_FS(ifsr)), "execute", "fsr", ifsr);
    guest_stop(f, "fault", 1);
}

void hv_undefined(struct trap_frame *f)
{
    check_from_guest(f, "undefined instruction in the hypervisor");
    uint32_t insn;
    if (f->cpsr & PSR_T) {
        f->pc += 2;   /* the entry subtracted 4; a Thumb lr is the instruction + 2 */
        insn = *(const uint16_t *)f->pc;
        if ((insn & 0xf800u) >= 0xe800u)
            insn = (insn << 16) | *(const uint16_t *)(f->pc + 2);
    } else {
        insn = *(const uint32_t *)f->pc;
    }
    vconsole_flush(current_guest());
    report(f, f->pc, "undefined-instruction", 0, 0, "insn", insn);
    guest_stop(f, "fault", 1);
}

void hv_fiq(struct trap_frame *f)
{
    hv_panic("FIQ (never enabled)", f);
}

void hv_unexpected_reset(struct trap_frame *f)
{
    hv_panic("jump to the reset vector", f);
}

void hv_panic(const char *why, const struct trap_frame *f)
{
    hv_puts("hv: panic: ");
    hv_puts(why);
    if (f) {
        hv_puts(" pc=");
        hv_put_hex(f->pc);
        hv_puts(" cpsr=");
        hv_put_hex(f->cpsr);
    }
    hv_puts("\n");
    board_power_off();
}
