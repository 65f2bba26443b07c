#include <stdarg.h>
#include "libguest.h"

static const char *const names[] = GUEST_NAMES;

const char *guest_name(uint32_t id)
{
    return id < GUEST_COUNT ? names[id] : "?";
}

uint32_t string_length(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

int hv_msg_recv(void *buf, uint32_t capacity, uint32_t *from)
{
    register uint32_t r0 __asm__("r0") = (uint32_t)buf;
    register uint32_t r1 __asm__("r1") = capacity;
    __asm__ volatile("svc %[n]" : "+r"(r0), "+r"(r1) : [n] "i"(HV_MSG_RECV) : "memory");
    if (from)
        *from = r1;
    return (int32_t)r0;
}

struct line {
    char text[160];
    uint32_t len;
};

static void put(struct line *l, char c)
{
    if (l->len < sizeof l->text)
        l->text[l->len++] = c;
}

static void put_number(struct line *l, uint32_t v, unsigned base, int width, char pad)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width-- > n)
        put(l, pad);
    while (n)
        put(l, digits[--n]);
}

void say(const char *fmt, ...)
{
    struct line l = { .len = 0 };
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&l, *p);
            continue;
        }
        p++;
        char pad = ' ';
        int width = 0;
        if (*p == '0')
            pad = '0';
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        switch (*p) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s; s++)
                put(&l, *s);
            break;
        case 'c':
            put(&l, (char)va_arg(ap, int));
            break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0) {
                put(&l, '-');
                v = -v;
            }
            put_number(&l, (uint32_t)v, 10, width, pad);
            break;
        }
        case 'u':
            put_number(&l, va_arg(ap, uint32_t), 10, width, pad);
            break;
        case 'x':
            put_number(&l, va_arg(ap, uint32_t), 16, width, pad);
            break;
        default:
            put(&l, '%');
            put(&l, *p);
        }
    }
    va_end(ap);
    hv_console_write(l.text, l.len);
}

int send_waiting(uint32_t to, const char *text)
{
    int rc;
    while ((rc = hv_msg_send(to, text, string_length(text))) == HV_EBUSY)
        hv_yield();
    return rc;
}

int recv_waiting(char *buf, uint32_t capacity, uint32_t *from)
{
    int n;
    while ((n = hv_msg_recv(buf, capacity - 1, from)) == HV_EAGAIN)
        hv_yield();
    if (n >= 0)
        buf[n] = 0;
    return n;
}

/* The compiler may call these even in freestanding code (struct copies, initialisers). */
void *memcpy(void *dst, const void *src, unsigned n)
{
    char *d = dst;
    const char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, unsigned n)
{
    char *d = dst;
    while (n--)
        *d++ = (char)c;
    return dst;
}
