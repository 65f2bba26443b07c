/*
 * Drives the storage devices of vexpress-a9 and prints what they answer: the SD card through the
 * PL181 MMCI (identification, CSD/CID/SCR, block reads and writes, an out-of-range read) and both
 * CFI NOR flashes (ID and query, erase, word program, buffered write, status). The test runs it on
 * QEMU and on the emulator with copies of the same images and compares the output and the images.
 * Nothing here depends on timing. Flash 0's first sector holds the vectors; only its last sector
 * is changed.
 */
#include "uart.h"

#define REG16(a) (*(volatile uint16_t *)(a))

#define SYS 0x10000000
#define MMCI 0x10005000
#define F0 0x40000000
#define F1 0x44000000
#define SECTOR 0x40000

#define M_ARG (MMCI + 0x08)
#define M_CMD (MMCI + 0x0c)
#define M_RESP(n) (MMCI + 0x14 + 4 * (n))
#define M_DLEN (MMCI + 0x28)
#define M_DCTRL (MMCI + 0x2c)
#define M_DCNT (MMCI + 0x30)
#define M_STATUS (MMCI + 0x34)
#define M_CLEAR (MMCI + 0x38)
#define M_FIFO (MMCI + 0x80)

#define RESP (1u << 6)
#define LONGRESP (1u << 7)
#define ENABLE (1u << 10)

static uint32_t command(uint32_t index, uint32_t arg, uint32_t flags)
{
    REG(M_CLEAR) = 0x7ff;
    REG(M_ARG) = arg;
    REG(M_CMD) = index | flags | ENABLE;
    return REG(M_STATUS);
}

static void cmd_show(const char *name, uint32_t index, uint32_t arg, uint32_t flags)
{
    uint32_t status = command(index, arg, flags);
    put_string(name);
    put_char(' ');
    put_hex(status);
    for (int i = 0; i < ((flags & LONGRESP) ? 4 : 1); i++) {
        put_char(' ');
        put_hex(REG(M_RESP(i)));
    }
    put_char('\n');
}

/* Reads len bytes of data after a command into words; prints the status at the end. */
static void read_data(const char *name, uint32_t index, uint32_t arg, uint32_t len, uint32_t *words, int app)
{
    REG(M_DLEN) = len;
    REG(M_DCTRL) = 1 | 2 | (9u << 4);
    if (app)
        command(55, 0x4567u << 16, RESP);
    command(index, arg, RESP);
    uint32_t n = 0, guard = 0;
    while (n < len / 4 && guard++ < 100000) {
        if (REG(M_STATUS) & (1u << 21))
            words[n++] = REG(M_FIFO);
    }
    put_string(name);
    put_string(" words ");
    put_hex(n);
    put_string(" status ");
    put_hex(REG(M_STATUS));
    put_string(" dcnt ");
    put_hex(REG(M_DCNT));
    put_char('\n');
}

static void write_data(const char *name, uint32_t index, uint32_t arg, uint32_t len, uint32_t seed)
{
    REG(M_DLEN) = len;
    command(index, arg, RESP);
    REG(M_DCTRL) = 1 | (9u << 4);
    uint32_t n = 0, guard = 0;
    while (n < len / 4 && guard++ < 100000) {
        if (REG(M_STATUS) & (1u << 14))
            REG(M_FIFO) = seed * 0x01000193u + n++ * 0x9e3779b9u;
    }
    put_string(name);
    put_string(" status ");
    put_hex(REG(M_STATUS));
    put_char('\n');
}

static uint32_t sum(const uint32_t *w, int n)
{
    uint32_t s = 0;
    for (int i = 0; i < n; i++)
        s = s * 31 + w[i];
    return s;
}

static uint32_t buffer[128];

static void sd(void)
{
    show("sys-mci", REG(SYS + 0x48));
    show("mmci-id", REG(MMCI + 0xfe0) | REG(MMCI + 0xfe4) << 8 | REG(MMCI + 0xfe8) << 16 | REG(MMCI + 0xfec) << 24);
    cmd_show("cmd0", 0, 0, 0);
    cmd_show("cmd8", 8, 0x1aa, RESP);
    for (int i = 0; i < 5; i++) {
        command(55, 0, RESP);
        uint32_t status = command(41, 0x40ff8000, RESP);
        show("acmd41", status);
        show("ocr", REG(M_RESP(0)));
        if (REG(M_RESP(0)) & 0x80000000u)
            break;
    }
    cmd_show("cmd2", 2, 0, RESP | LONGRESP);
    cmd_show("cmd3", 3, 0, RESP);
    cmd_show("cmd9", 9, 0x4567u << 16, RESP | LONGRESP);
    cmd_show("cmd10", 10, 0x4567u << 16, RESP | LONGRESP);
    cmd_show("cmd13-standby", 13, 0x4567u << 16, RESP);
    cmd_show("cmd7", 7, 0x4567u << 16, RESP);
    cmd_show("cmd13-transfer", 13, 0x4567u << 16, RESP);
    cmd_show("cmd13-other", 13, 0x1234u << 16, RESP);
    cmd_show("cmd16", 16, 512, RESP);
    cmd_show("acmd6-55", 55, 0x4567u << 16, RESP);
    cmd_show("acmd6", 6, 2, RESP);

    read_data("acmd51", 51, 0, 8, buffer, 1);
    show("scr0", buffer[0]);
    show("scr1", buffer[1]);
    read_data("acmd13", 13, 0, 64, buffer, 1);
    show("sd-status", sum(buffer, 16));
    read_data("cmd6", 6, 0x00fffff1, 64, buffer, 0);
    show("switch0", buffer[0]);
    show("switch3", buffer[3]);
    show("switch4", buffer[4]);

    read_data("read1", 17, 512 * 1, 512, buffer, 0);
    show("block1-first", buffer[0]);
    show("block1-sum", sum(buffer, 128));

    write_data("write2", 24, 512 * 2, 512, 2);
    cmd_show("cmd13-after-write", 13, 0x4567u << 16, RESP);
    write_data("write4-5", 25, 512 * 4, 1024, 4);
    cmd_show("cmd12", 12, 0, RESP);
    read_data("read2", 17, 512 * 2, 512, buffer, 0);
    show("block2-sum", sum(buffer, 128));
    read_data("read4-5", 18, 512 * 4, 1024, buffer, 0);
    cmd_show("cmd12-read", 12, 0, RESP);
    read_data("read5", 17, 512 * 5, 512, buffer, 0);
    show("block5-sum", sum(buffer, 128));
    cmd_show("read-out-of-range", 17, 0x7ffffe00, RESP);
    cmd_show("cmd13-after-range", 13, 0x4567u << 16, RESP);
    cmd_show("cmd99-illegal", 63, 0, RESP);
}

static void flash(const char *name, uint32_t base, uint32_t sector)
{
    uint32_t s = base + sector * SECTOR;
    put_string(name);
    put_char('\n');
    show("array", REG(s));
    REG(s) = 0x00900090;
    show("id-manufacturer", REG(base));
    show("id-device", REG(base + 4));
    REG16(base) = 0x00ff;
    REG(base) = 0x00ff00ff;
    REG(base + 0x55 * 4) = 0x00980098;
    uint32_t q = 0;
    for (int i = 0x10; i < 0x40; i++)
        q = q * 31 + REG(base + i * 4);
    show("cfi-sum", q);
    show("cfi-27", REG(base + 0x27 * 4));
    show("cfi-2a", REG(base + 0x2a * 4));
    show("cfi-2d", REG(base + 0x2d * 4));
    show("cfi-30", REG(base + 0x30 * 4));
    show("cfi-byte", REG8(base + 0x10 * 4));
    REG(base) = 0x00ff00ff;
    show("status-initial", (REG(s) = 0x00700070, REG(s)));
    REG(s) = 0x00600060;
    REG(s) = 0x00d000d0;
    show("unlock-status", REG(s));
    REG(s) = 0x00200020;
    REG(s) = 0x00d000d0;
    show("erase-status", REG(s));
    REG(s) = 0x00ff00ff;
    show("erased", REG(s + 0x1234 * 4));
    REG(s + 16) = 0x00400040;
    REG(s + 16) = 0x12345678;
    show("program-status", REG(s));
    REG(s) = 0x00500050;
    show("after-clear", REG(s + 16));
    REG16(s + 22) = 0x0040;
    REG16(s + 22) = 0xbeef;
    REG(s) = 0x00ff00ff;
    show("halfword", REG(s + 20));
    REG(s + 0x100) = 0x00e800e8;
    show("buffer-status", REG(s + 0x100));
    REG(s + 0x100) = 0x00070007;
    for (int i = 0; i < 8; i++)
        REG(s + 0x100 + 4 * i) = 0xa5a50000u + i * 0x01010101u;
    REG(s + 0x100) = 0x00d000d0;
    show("buffer-done", REG(s + 0x100));
    REG(s) = 0x00500050;
    REG(s) = 0x00ff00ff;
    q = 0;
    for (int i = 0; i < 16; i++)
        q = q * 31 + REG(s + 0x100 + 4 * i);
    show("buffer-sum", q);
    show("programmed", REG(s + 16));
}

int main(void)
{
    put_string("vexpress storage\n");
    sd();
    flash("flash1", F1, 1);
    flash("flash0", F0, 255);
    put_string("done\n");
    return 0;
}
