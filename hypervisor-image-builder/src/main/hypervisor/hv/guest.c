/* Guest creation and (re)loading, from the recipe's table. */
#include "arm.h"
#include "guest.h"

struct guest guests[MAX_GUESTS];
unsigned guest_count;

void guest_load(struct guest *g)
{
    uint32_t size = (uint32_t)(g->spec->image_end - g->spec->image);
    /*
     * The hypervisor sees guest memory at its physical address (PL1-only mapping). The whole
     * window is cleared so a restarted guest starts from its image alone, with zeroed .bss.
     */
    memset((void *)g->phys, 0, GUEST_SIZE);
    memcpy((void *)g->phys, g->spec->image, size);
    dsb();
    iciallu();   /* stale instructions of the previous life, if any */
    bpiall();
    dsb();
    isb();

    memset(&g->ctx, 0, sizeof g->ctx);
    g->ctx.pc = GUEST_VA_BASE;
    g->ctx.cpsr = PSR_MODE_USR;       /* ARM state, IRQs enabled */
    g->ctx.sp_usr = GUEST_VA_END;
    g->ctx.r[0] = g->restarts;
    g->ctx.r[1] = g->id;
    g->line_len = 0;
    g->mailbox_full = 0;
    g->state = GUEST_READY;
}

void guests_init(void)
{
    if (recipe_guest_count > MAX_GUESTS)
        hv_panic("recipe has too many guests", 0);
    guest_count = recipe_guest_count;
    for (unsigned i = 0; i < guest_count; i++) {
        struct guest *g = &guests[i];
        g->spec = &recipe_guests[i];
        g->id = i;
        g->asid = i + 1;
        g->phys = GUEST_PHYS(i);
        if (g->phys - BOARD_RAM_BASE + GUEST_SIZE > BOARD_RAM_SIZE)
            hv_panic("guest memory beyond the end of RAM", 0);
        if ((uint32_t)(g->spec->image_end - g->spec->image) > GUEST_IMAGE_MAX)
            hv_panic("guest image too large", 0);
        mmu_build_guest_table(&g->table, g->phys);
        guest_load(g);
        hv_puts("hv: guest=");
        hv_puts(g->spec->name);
        hv_puts(" id=");
        hv_put_dec(g->id);
        hv_puts(" asid=");
        hv_put_dec(g->asid);
        hv_puts(" memory=");
        hv_put_hex(g->phys);
        hv_puts("+");
        hv_put_hex(GUEST_SIZE);
        hv_puts(" at va=");
        hv_put_hex(GUEST_VA_BASE);
        hv_puts("\n");
    }
}
