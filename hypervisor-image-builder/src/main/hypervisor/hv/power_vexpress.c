/*
 * Power-off through the Versatile Express motherboard's SYS_CFG interface: a write of the
 * SHUTDOWN function goes to the board controller, which cuts power. QEMU and hilfarm's emulator
 * end the run there, which is how tests know the hypervisor has finished.
 */
#include "arm.h"
#include "board.h"
#include "hv.h"

#define SYS_CFGDATA      0xa0u
#define SYS_CFGCTRL      0xa4u
#define SYS_CFGSTAT      0xa8u
#define CFGCTRL_START    (1u << 31)
#define CFGCTRL_WRITE    (1u << 30)
#define CFG_FUNC_SHUTDOWN 8u
#define CFGCTRL_FUNC(f)  ((f) << 20)

void board_power_off(void)
{
    mmio_write32(BOARD_SYSREG_BASE + SYS_CFGSTAT, 0);
    mmio_write32(BOARD_SYSREG_BASE + SYS_CFGDATA, 0);
    mmio_write32(BOARD_SYSREG_BASE + SYS_CFGCTRL, CFGCTRL_START | CFGCTRL_WRITE | CFGCTRL_FUNC(CFG_FUNC_SHUTDOWN));
    for (;;)
        __asm__ volatile("wfi");
}
