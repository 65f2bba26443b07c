/* The C library routines the compiler may call even in a freestanding program. */
#include "hv.h"

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((uintptr_t)d | (uintptr_t)s | n) & 3u) == 0) {
        uint32_t *dw = dst;
        const uint32_t *sw = src;
        for (size_t i = 0; i < n / 4; i++)
            dw[i] = sw[i];
        return dst;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    if ((((uintptr_t)d | n) & 3u) == 0) {
        uint32_t word = (uint8_t)c * 0x01010101u;
        uint32_t *dw = dst;
        for (size_t i = 0; i < n / 4; i++)
            dw[i] = word;
        return dst;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)c;
    return dst;
}
