/* Polled output on UART0 (PL011 at 0x10009000) and register access helpers for the probes. */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(a))
#define REG8(a) (*(volatile uint8_t *)(a))

static inline void put_char(char c)
{
    while (REG(0x10009018) & 0x20) /* TXFF */
        ;
    REG(0x10009000) = (uint32_t)(unsigned char)c;
}

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
