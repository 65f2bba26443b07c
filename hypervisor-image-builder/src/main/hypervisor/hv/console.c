/*
 * The UART is shared: each guest writes into its own line buffer, and only whole lines reach
 * the UART, prefixed with the guest's name. The hypervisor runs with interrupts masked, so a
 * line, once started, is finished before anything else is printed: lines never interleave.
 */
#include "guest.h"
#include "uart.h"

void hv_putc(char c)
{
    if (c == '\n')
        uart_putc('\r');
    uart_putc(c);
}

void hv_puts(const char *s)
{
    while (*s)
        hv_putc(*s++);
}

void hv_put_hex(uint32_t v)
{
    static const char digits[] = "0123456789abcdef";
    hv_puts("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        hv_putc(digits[(v >> shift) & 0xf]);
}

void hv_put_dec(uint32_t v)
{
    char buf[10];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        hv_putc(buf[--n]);
}

void vconsole_flush(struct guest *g)
{
    if (g->line_len == 0)
        return;
    hv_putc('[');
    hv_puts(g->spec->name);
    hv_puts("] ");
    for (unsigned i = 0; i < g->line_len; i++)
        hv_putc(g->line[i]);
    hv_putc('\n');
    g->line_len = 0;
}

void vconsole_putc(struct guest *g, char c)
{
    if (c == '\n') {
        if (g->line_len == 0) {
            g->line[g->line_len++] = ' ';   /* an empty line still shows whose it is */
        }
        vconsole_flush(g);
        return;
    }
    if (c == '\r')
        return;
    /* Control characters could move the cursor over another guest's prefix: show them as '?'. */
    if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
        c = (c == '\t') ? ' ' : '?';
    g->line[g->line_len++] = c;
    if (g->line_len == HV_LINE_MAX)
        vconsole_flush(g);
}
