/*
 * The hypercalls (ABI in hv_abi.h). Every argument is checked against the caller's own window
 * before the hypervisor touches memory on its behalf; a refused call is reported on the console
 * and answered with an error code, never with a fault.
 */
#include "arm.h"
#include "guest.h"

/* Refused calls past this many per guest are only counted, so a flood cannot drown the console. */
#define REJECT_REPORT_LIMIT 16

static const char *hypercall_name(uint32_t nr)
{
    switch (nr) {
    case HV_CONSOLE_WRITE: return "console-write";
    case HV_YIELD: return "yield";
    case HV_TIME: return "time";
    case HV_EXIT: return "exit";
    case HV_MSG_SEND: return "msg-send";
    case HV_MSG_RECV: return "msg-recv";
    default: return "unknown";
    }
}

static int32_t reject(struct trap_frame *f, uint32_t nr, uint32_t addr, const char *reason, int32_t error)
{
    struct guest *g = current_guest();
    g->rejected++;
    if (g->rejected <= REJECT_REPORT_LIMIT) {
        uint32_t insn_size = (f->cpsr & PSR_T) ? 2 : 4;
        hv_puts("hv: reject guest=");
        hv_puts(g->spec->name);
        hv_puts(" pc=");
        hv_put_hex(f->pc - insn_size);
        hv_puts(" addr=");
        hv_put_hex(addr);
        hv_puts(" kind=hypercall(");
        hv_puts(hypercall_name(nr));
        hv_puts(" nr=");
        hv_put_dec(nr);
        hv_puts(",");
        hv_puts(reason);
        hv_puts(")\n");
        if (g->rejected == REJECT_REPORT_LIMIT) {
            hv_puts("hv: guest=");
            hv_puts(g->spec->name);
            hv_puts(" further rejected hypercalls are counted, not reported\n");
        }
    }
    return error;
}

static uint32_t svc_number(const struct trap_frame *f)
{
    /* The guest just executed the SVC, so its window (current TTBR0) maps it. */
    if (f->cpsr & PSR_T)
        return *(const uint16_t *)(f->pc - 2) & 0xffu;
    return *(const uint32_t *)(f->pc - 4) & 0xffffffu;
}

static int32_t console_write(struct trap_frame *f, uint32_t buf, uint32_t len)
{
    if (len > HV_CONSOLE_WRITE_MAX)
        return reject(f, HV_CONSOLE_WRITE, buf, "length", HV_EINVAL);
    if (!guest_range_ok(buf, len))
        return reject(f, HV_CONSOLE_WRITE, buf, "bad-buffer", HV_EFAULT);
    struct guest *g = current_guest();
    for (uint32_t i = 0; i < len; i++)
        vconsole_putc(g, ((const char *)buf)[i]);
    return (int32_t)len;
}

static int32_t msg_send(struct trap_frame *f, uint32_t to, uint32_t buf, uint32_t len)
{
    struct guest *g = current_guest();
    if (to >= guest_count)
        return reject(f, HV_MSG_SEND, to, "no-such-guest", HV_EINVAL);
    if (!(g->spec->may_send_to & (1u << to)))
        return reject(f, HV_MSG_SEND, to, "channel-not-in-recipe", HV_EPERM);
    if (len > HV_MSG_MAX)
        return reject(f, HV_MSG_SEND, buf, "length", HV_EINVAL);
    if (!guest_range_ok(buf, len))
        return reject(f, HV_MSG_SEND, buf, "bad-buffer", HV_EFAULT);
    struct guest *dest = &guests[to];
    if (dest->state != GUEST_READY)
        return HV_ESRCH;
    if (dest->mailbox_full)
        return HV_EBUSY;
    memcpy(dest->mailbox, (const void *)buf, len);
    dest->mailbox_len = len;
    dest->mailbox_from = g->id;
    dest->mailbox_full = 1;
    return 0;
}

static int32_t msg_recv(struct trap_frame *f, uint32_t buf, uint32_t capacity)
{
    struct guest *g = current_guest();
    if (!guest_range_ok(buf, capacity))
        return reject(f, HV_MSG_RECV, buf, "bad-buffer", HV_EFAULT);
    if (!g->mailbox_full)
        return HV_EAGAIN;
    if (capacity < g->mailbox_len)
        return reject(f, HV_MSG_RECV, buf, "buffer-too-small", HV_EINVAL);
    memcpy((void *)buf, g->mailbox, g->mailbox_len);
    g->mailbox_full = 0;
    f->r[1] = g->mailbox_from;
    return (int32_t)g->mailbox_len;
}

void hv_hypercall(struct trap_frame *f)
{
    if ((f->cpsr & PSR_MODE_MASK) != PSR_MODE_USR)
        hv_panic("SVC from the hypervisor itself", f);
    uint32_t nr = svc_number(f);
    switch (nr) {
    case HV_CONSOLE_WRITE:
        f->r[0] = (uint32_t)console_write(f, f->r[0], f->r[1]);
        return;
    case HV_YIELD:
        f->r[0] = 0;
        sched_switch(f, 1);
        return;
    case HV_TIME:
        f->r[0] = ticks;
        return;
    case HV_EXIT: {
        struct guest *g = current_guest();
        vconsole_flush(g);
        hv_puts("hv: guest=");
        hv_puts(g->spec->name);
        hv_puts(" exited status=");
        hv_put_dec(f->r[0]);
        hv_puts("\n");
        guest_stop(f, "exit", 0);
        return;
    }
    case HV_MSG_SEND:
        f->r[0] = (uint32_t)msg_send(f, f->r[0], f->r[1], f->r[2]);
        return;
    case HV_MSG_RECV:
        f->r[0] = (uint32_t)msg_recv(f, f->r[0], f->r[1]);
        return;
    default:
        f->r[0] = (uint32_t)reject(f, nr, nr, "no-such-hypercall", HV_ENOSYS);
        return;
    }
}
