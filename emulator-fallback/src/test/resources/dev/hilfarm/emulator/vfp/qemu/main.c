/* Runs every case of cases.bin through run_case() and prints each result record as one line of
 * hexadecimal words over semihosting (SYS_WRITE0), buffered to keep the number of traps low. */
#include <stdint.h>

extern const uint32_t cases[], cases_end[];
extern volatile uint32_t slot[];
void run_case(const uint32_t *in, uint32_t *out);
int semihost(int operation, const void *argument);

enum { RECORD_IN = 38, RECORD_OUT = 40, SYS_WRITE0 = 0x04 };

static char buffer[65536];
static unsigned used;

static void flush(void) {
    if (used) {
        buffer[used] = 0;
        semihost(SYS_WRITE0, buffer);
        used = 0;
    }
}

static void put_word(uint32_t v) {
    static const char digits[] = "0123456789abcdef";
    for (int shift = 28; shift >= 0; shift -= 4) {
        buffer[used++] = digits[(v >> shift) & 0xf];
    }
}

int main(void) {
    uint32_t out[RECORD_OUT];
    for (const uint32_t *c = cases; c < cases_end; c += RECORD_IN) {
        slot[0] = c[0];
        __asm__ volatile("mcr p15, 0, %0, c7, c5, 0\n\tisb" : : "r"(0) : "memory");
        run_case(c, out);
        if (used > sizeof buffer - 256) {
            flush();
        }
        for (int i = 0; i < RECORD_OUT; i++) {
            put_word(out[i]);
            buffer[used++] = i == RECORD_OUT - 1 ? '\n' : ' ';
        }
    }
    flush();
    return 0;
}
