/*
 * CP15/CP14 probe: tries every MRC/MCR encoding (opc1 0-7, CRn 0-15, CRm 0-15, opc2 0-7) of
 * coprocessors 15 and 14, first from SVC mode, then from User mode, then from User mode with
 * PMUSERENR.EN set (c9 and c14 only), and prints what exists:
 *
 *   read PL pCP opc1 cCRn cCRm opc2 = VALUE       an MRC that did not trap ("unchanged": left Rt alone)
 *   wmask PL pCP ... ONES->AFTER 0->AFTER         write all ones, read back, write zero, read back, restore
 *   wmask PL pCP ... undef                        readable, but the writes trap
 *   wonly PL pCP ...                              an MCR of zero that did not trap, to a register that cannot be read
 *   read64 PL pCP opc1 cCRm = VALUE               an MRRC that did not trap
 *
 * SCTLR and SCR are written with bit 0 clear (MMU and NS stay off); CP15 c7, c0, 4 (WFI on older
 * cores) is not written. Instructions are generated into a page of their own and called. The
 * output of QEMU 7.2 is recorded in cp15-probe-cortex-a9.txt and cp15-probe-cortex-a8.txt.
 */
typedef unsigned int u32;
typedef unsigned long long u64;

extern volatile u32 undef_hit;
void to_user(void);
void to_svc(void);
void semi_write0(const char *s);
void icache_flush(void);

#define CANARY 0x5a5a5a5au
#define BX_LR 0xE12FFF1Eu

static u32 slot[32] __attribute__((aligned(64), section(".slot")));
static int privileged = 1;

/* Output: printed a line at a time from SVC mode, collected while in User mode (semihosting from
 * User mode is an ordinary SVC) and printed after returning to SVC. */
static char line[128];
static int pos;
static char collected[1 << 20];
static int collected_length;

static void put(const char *s) { while (*s) line[pos++] = *s++; }
static void hex(u32 v) { for (int i = 28; i >= 0; i -= 4) line[pos++] = "0123456789abcdef"[(v >> i) & 15]; }
static void dec(u32 v) { if (v >= 10) dec(v / 10); line[pos++] = '0' + v % 10; }

static void flush(void) {
    line[pos++] = '\n';
    line[pos] = 0;
    if (privileged) {
        semi_write0(line);
    } else {
        for (int i = 0; i < pos; i++) collected[collected_length++] = line[i];
    }
    pos = 0;
}

static void print_collected(void) {
    collected[collected_length] = 0;
    semi_write0(collected);
    collected_length = 0;
}

static void sync(void) {
    if (privileged) icache_flush();
    else __asm__ volatile("dsb\n isb" ::: "memory");
}

static u32 mrc_insn(int cp, int o1, int crn, int crm, int o2, int rt) {
    return 0xEE100010u | (o1 << 21) | (crn << 16) | (rt << 12) | (cp << 8) | (o2 << 5) | crm;
}

static u32 mcr_insn(int cp, int o1, int crn, int crm, int o2, int rt) {
    return mrc_insn(cp, o1, crn, crm, o2, rt) & ~(1u << 20);
}

/* MRC into r0, preloaded with the canary. Returns 1 if it trapped. */
static int try_read(int cp, int o1, int crn, int crm, int o2, u32 *value) {
    slot[0] = 0xE3050A5A; /* movw r0, #0x5a5a */
    slot[1] = 0xE3450A5A; /* movt r0, #0x5a5a */
    slot[2] = mrc_insn(cp, o1, crn, crm, o2, 0);
    slot[3] = BX_LR;
    sync();
    undef_hit = 0;
    *value = ((u32 (*)(void))slot)();
    return undef_hit != 0;
}

static int try_write(int cp, int o1, int crn, int crm, int o2, u32 value) {
    slot[0] = mcr_insn(cp, o1, crn, crm, o2, 0);
    slot[1] = BX_LR;
    sync();
    undef_hit = 0;
    ((void (*)(u32))slot)(value);
    return undef_hit != 0;
}

/* Save, write ones (out[0] = read back), write zero (out[1] = read back), restore; all in registers. */
static int try_write_masks(int cp, int o1, int crn, int crm, int o2, u32 ones, u32 out[2]) {
    int i = 0;
    slot[i++] = 0xE3E01000u;                           /* mvn r1, #0 */
    if (ones != 0xffffffffu) slot[i++] = 0xE3C11001u;  /* bic r1, r1, #1 */
    slot[i++] = 0xE3A02000u;                           /* mov r2, #0 */
    slot[i++] = mrc_insn(cp, o1, crn, crm, o2, 3);
    slot[i++] = mcr_insn(cp, o1, crn, crm, o2, 1);
    slot[i++] = 0xE305CA5A;                            /* movw r12, #0x5a5a */
    slot[i++] = 0xE345CA5A;                            /* movt r12, #0x5a5a */
    slot[i++] = mrc_insn(cp, o1, crn, crm, o2, 12);
    slot[i++] = 0xE580C000u;                           /* str r12, [r0] */
    slot[i++] = mcr_insn(cp, o1, crn, crm, o2, 2);
    slot[i++] = 0xE305CA5A;
    slot[i++] = 0xE345CA5A;
    slot[i++] = mrc_insn(cp, o1, crn, crm, o2, 12);
    slot[i++] = 0xE580C004u;                           /* str r12, [r0, #4] */
    slot[i++] = mcr_insn(cp, o1, crn, crm, o2, 3);
    slot[i++] = BX_LR;
    sync();
    undef_hit = 0;
    ((void (*)(u32 *))slot)(out);
    return undef_hit != 0;
}

static int try_read64(int cp, int o1, int crm, u64 *value) {
    slot[0] = 0xEC500000u | (1 << 16) | (0 << 12) | (cp << 8) | (o1 << 4) | crm; /* mrrc r0, r1 */
    slot[1] = BX_LR;
    sync();
    undef_hit = 0;
    *value = ((u64 (*)(void))slot)();
    return undef_hit != 0;
}

static void head(const char *what, int cp, int o1, int crn, int crm, int o2) {
    put(what);
    put(privileged ? " pl1 p" : " pl0 p");
    dec(cp);
    put(" ");
    dec(o1);
    put(" c");
    dec(crn);
    put(" c");
    dec(crm);
    put(" ");
    dec(o2);
}

#define ENCODINGS (8 * 16 * 16 * 8)
static unsigned char readable_pl1[2][ENCODINGS];
static unsigned char readable_pl0[2][ENCODINGS];

static int index_of(int o1, int crn, int crm, int o2) { return ((o1 * 16 + crn) * 16 + crm) * 8 + o2; }

/* crn_set: bit n set = probe CRn n */
static void read_pass(int cp, unsigned char *readable, u32 crn_set) {
    for (int o1 = 0; o1 < 8; o1++)
        for (int crn = 0; crn < 16; crn++) {
            if (!((crn_set >> crn) & 1)) continue;
            for (int crm = 0; crm < 16; crm++)
                for (int o2 = 0; o2 < 8; o2++) {
                    u32 v;
                    if (!try_read(cp, o1, crn, crm, o2, &v)) {
                        readable[index_of(o1, crn, crm, o2)] = 1;
                        head("read", cp, o1, crn, crm, o2);
                        put(" = ");
                        if (v == CANARY) put("unchanged"); else hex(v);
                        flush();
                    }
                }
        }
}

static void write_pass(int cp, unsigned char *readable, u32 crn_set) {
    for (int o1 = 0; o1 < 8; o1++)
        for (int crn = 0; crn < 16; crn++) {
            if (!((crn_set >> crn) & 1)) continue;
            for (int crm = 0; crm < 16; crm++)
                for (int o2 = 0; o2 < 8; o2++) {
                    if (cp == 15 && crn == 7 && crm == 0 && o2 == 4) continue;
                    if (readable[index_of(o1, crn, crm, o2)]) {
                        u32 out[2];
                        int sctlr_or_scr = cp == 15 && o1 == 0 && crn == 1 && (crm == 0 || crm == 1) && o2 == 0;
                        u32 ones = sctlr_or_scr ? 0xfffffffeu : 0xffffffffu;
                        head("wmask", cp, o1, crn, crm, o2);
                        if (try_write_masks(cp, o1, crn, crm, o2, ones, out)) {
                            put(" undef");
                        } else {
                            put(" ");
                            hex(ones);
                            put("->");
                            hex(out[0]);
                            put(" 0->");
                            hex(out[1]);
                        }
                        flush();
                    } else if (!try_write(cp, o1, crn, crm, o2, 0)) {
                        head("wonly", cp, o1, crn, crm, o2);
                        flush();
                    }
                }
        }
}

static void read64_pass(int cp) {
    for (int o1 = 0; o1 < 16; o1++)
        for (int crm = 0; crm < 16; crm++) {
            u64 v;
            if (!try_read64(cp, o1, crm, &v)) {
                put(privileged ? "read64 pl1 p" : "read64 pl0 p");
                dec(cp);
                put(" ");
                dec(o1);
                put(" c");
                dec(crm);
                put(" = ");
                hex((u32)(v >> 32));
                hex((u32)v);
                flush();
            }
        }
}

#define ALL_CRN 0xffffu
#define PMU_CRN ((1u << 9) | (1u << 14))

int main(void) {
    put("probe start");
    flush();
    read_pass(15, readable_pl1[0], ALL_CRN);
    read_pass(14, readable_pl1[1], ALL_CRN);
    read64_pass(15);
    read64_pass(14);
    write_pass(15, readable_pl1[0], ALL_CRN);
    write_pass(14, readable_pl1[1], ALL_CRN);
    put("pl1 done");
    flush();

    to_user();
    privileged = 0;
    put("in user");
    flush();
    read_pass(15, readable_pl0[0], ALL_CRN);
    read_pass(14, readable_pl0[1], ALL_CRN);
    read64_pass(15);
    read64_pass(14);
    write_pass(15, readable_pl0[0], ALL_CRN);
    write_pass(14, readable_pl0[1], ALL_CRN);
    to_svc();
    privileged = 1;
    print_collected();

    try_write(15, 0, 9, 14, 0, 1); /* PMUSERENR.EN */
    put("pmuserenr=1");
    flush();
    to_user();
    privileged = 0;
    for (int i = 0; i < ENCODINGS; i++) readable_pl0[0][i] = 0;
    read_pass(15, readable_pl0[0], PMU_CRN);
    write_pass(15, readable_pl0[0], PMU_CRN);
    to_svc();
    privileged = 1;
    print_collected();
    try_write(15, 0, 9, 14, 0, 0);
    put("probe end");
    flush();
    return 0;
}
