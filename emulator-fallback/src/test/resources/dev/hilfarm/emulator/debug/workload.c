/*
 * A CPU-bound workload for the lockstep and GDB tests: sieving, sorting, CRC, 64-bit and
 * division helpers from libgcc, string routines from newlib, bit manipulation, a jump table,
 * recursion and struct copies, so that many instruction classes run; built for hard float, also
 * VFP arithmetic, square roots and conversions. Prints a summary to UART0
 * (UART0_DATA: the vexpress PL011's data register unless the build names another, such as the
 * A10's 16550 THR; data register only: the FIFO never fills on QEMU or the emulator, and polling the flag
 * register would make the two differ) and returns a checksum of everything.
 */
#include <stdint.h>
#include <string.h>

#ifndef UART0_DATA
#define UART0_DATA 0x10009000u
#endif
#define UART0_DR (*(volatile uint32_t *) UART0_DATA)

static void put_char(char c) { UART0_DR = (uint32_t) c; }

static void put_string(const char *s) {
    while (*s) {
        put_char(*s++);
    }
}

static void put_hex(uint32_t value) {
    static const char digits[] = "0123456789abcdef";
    for (int shift = 28; shift >= 0; shift -= 4) {
        put_char(digits[(value >> shift) & 0xf]);
    }
}

static uint32_t seed = 12345;

static uint32_t next_random(void) {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

static uint8_t composite[1500];

static uint32_t count_primes(int limit) {
    uint32_t count = 0;
    memset(composite, 0, sizeof composite);
    for (int i = 2; i < limit; i++) {
        if (!composite[i]) {
            count++;
            for (int j = i * i; j < limit; j += i) {
                composite[j] = 1;
            }
        }
    }
    return count;
}

static int32_t numbers[120];

static void insertion_sort(int32_t *a, int n) {
    for (int i = 1; i < n; i++) {
        int32_t key = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > key) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = key;
    }
}

static uint32_t crc32(const uint8_t *data, int length) {
    uint32_t crc = 0xffffffffu;
    for (int i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t classify(uint32_t v) {
    switch (v % 9) {
        case 0: return v * 3;
        case 1: return v ^ 0x55;
        case 2: return v >> 3;
        case 3: return v + 1000;
        case 4: return __builtin_clz(v | 1);
        case 5: return __builtin_bswap32(v);
        case 6: return (v & 0xff) * (v >> 24);
        case 7: return ~v;
        default: return v - 7;
    }
}

struct record {
    uint32_t id;
    int16_t delta;
    uint8_t flags;
    uint64_t total;
    char name[12];
};

static struct record records[8];

static uint64_t wide_arithmetic(void) {
    uint64_t acc = 0x0123456789abcdefull;
    int64_t signed_acc = -987654321012345ll;
    for (int i = 1; i < 25; i++) {
        acc = acc * 6364136223846793005ull + i;
        acc ^= acc / (uint64_t) (i * 7919 + 1);
        signed_acc = signed_acc / (i + 2) * 3 + (int64_t) (acc % 1000);
    }
    return acc ^ (uint64_t) signed_acc;
}

static int32_t divisions(void) {
    int32_t total = 0;
    for (int i = 1; i < 60; i++) {
        int32_t a = (int32_t) next_random() - 0x400000;
        total += a / i + a % (i + 3);
        total += (int32_t) ((uint32_t) a / (uint32_t) (i * 13));
    }
    return total;
}

static uint32_t saturate_and_fields(void) {
    uint32_t total = 0;
    for (int i = 0; i < 64; i++) {
        int32_t v = (int32_t) (next_random() << 4) >> 3;
        int32_t clamped = v > 127 ? 127 : v < -128 ? -128 : v;
        uint32_t field = ((uint32_t) v >> 5) & 0x3ff;
        total += (uint32_t) clamped + field + (uint32_t) (int16_t) v + (uint8_t) (v >> 9);
    }
    return total;
}

#ifdef __ARM_FP
static volatile double sink;

/* Double and single precision arithmetic, square roots, conversions both ways and comparisons. */
static uint32_t floating_point(void) {
    double acc = 0.5;
    float f = 1.25f;
    uint32_t bits = 0;
    for (int i = 1; i < 40; i++) {
        acc = acc * 1.0001 + 1.0 / i;
        acc = __builtin_sqrt(acc * acc + i);
        f = f * 0.75f + (float) i / 3.0f;
        int32_t truncated = (int32_t) (acc * 1000.0);
        uint32_t unsigned_value = (uint32_t) (f * 16.0f);
        bits += (uint32_t) truncated ^ unsigned_value;
        if (acc > (double) f) {
            bits ^= (uint32_t) i;
        }
        double converted = (double) (int32_t) (bits & 0xffff) - (double) f;
        sink = converted / (acc - 1.5);
    }
    union { double d; uint64_t u; } raw = { .d = acc };
    return bits ^ (uint32_t) raw.u ^ (uint32_t) (raw.u >> 32);
}
#endif

int main(void) {
    uint32_t checksum = 0;
    put_string("workload start\n");

    checksum += count_primes(sizeof composite);
    put_string("primes ");
    put_hex(checksum);
    put_char('\n');

    for (int i = 0; i < 120; i++) {
        numbers[i] = (int32_t) next_random() - 0x400000;
    }
    insertion_sort(numbers, 120);
    checksum += (uint32_t) numbers[0] ^ (uint32_t) numbers[119];
    checksum += crc32((const uint8_t *) numbers, sizeof numbers);
    put_string("sorted crc ");
    put_hex(checksum);
    put_char('\n');

    checksum += fib(14);
    for (uint32_t v = 0; v < 90; v++) {
        checksum += classify(v * 2654435761u);
    }

    for (int i = 0; i < 8; i++) {
        struct record r = { .id = (uint32_t) i, .delta = (int16_t) (i * -300), .flags = (uint8_t) (i * 37), .total = (uint64_t) i << 33 };
        strcpy(r.name, "record");
        r.name[6] = (char) ('0' + i);
        r.name[7] = 0;
        records[i] = r;
    }
    for (int i = 0; i < 8; i++) {
        struct record copy = records[7 - i];
        checksum += copy.id + (uint32_t) copy.delta + copy.flags + (uint32_t) (copy.total >> 32) + (uint32_t) strlen(copy.name);
    }

    uint64_t wide = wide_arithmetic();
    checksum += (uint32_t) wide ^ (uint32_t) (wide >> 32);
    checksum += (uint32_t) divisions();
    checksum += saturate_and_fields();
#ifdef __ARM_FP
    checksum += floating_point();
#endif

    put_string("checksum ");
    put_hex(checksum);
    put_char('\n');
    return (int) (checksum & 0x7f);
}
