/*
 * Polled output on UART0 and register access helpers for the probes. The UART is a build-time
 * choice: the vexpress-a9 PL011 at 0x10009000 by default, or with -DUART_NS16550 the A10's 16550
 * at 0x01c28000 (registers four bytes apart).
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(a))
#define REG8(a) (*(volatile uint8_t *)(a))

#ifdef UART_NS16550
#define UART0_BASE 0x01c28000
static inline void put_char(char c)
{
    while (!(REG(UART0_BASE + 0x14) & 0x20)) /* LSR.THRE */
        ;
    REG(UART0_BASE + 0x00) = (uint32_t)(unsigned char)c;
}
#else
#define UART0_BASE 0x10009000
static inline void put_char(char c)
{
    while (REG(UART0_BASE + 0x18) & 0x20) /* TXFF */
        ;
    REG(UART0_BASE + 0x00) = (uint32_t)(unsigned char)c;
}
#endif

static inline void put_string(const char *s)
{
    while (*s)
        put_char(*s++);
}

static inline void put_hex(uint32_t v)
{
    for (int shift = 28; shift >= 0; shift -= 4)
        put_char("0123456789abcdef"[(v >> shift) & 15]);
}

/* One line: "name value". */
static inline void show(const char *name, uint32_t value)
{
    put_string(name);
    put_char(' ');
    put_hex(value);
    put_char('\n');
}
