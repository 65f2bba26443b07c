/*
 * NS16550-compatible UARTs: the OMAP3/OMAP4 UARTs (PandaBoard, BeagleBoard) and most others,
 * with registers on 32-bit boundaries.
 */
#include "arm.h"
#include "board.h"
#include "uart.h"

#define REG_SHIFT  2
#define UART_THR   (0u << REG_SHIFT)   /* transmit holding register */
#define UART_LSR   (5u << REG_SHIFT)   /* line status register */
#define LSR_THRE   (1u << 5)           /* transmit holding register empty */

void uart_init(void)
{
    /* The boot loader has configured divisor and line control; nothing to change. */
}

void uart_putc(char c)
{
    while (!(mmio_read32(BOARD_UART_BASE + UART_LSR) & LSR_THRE))
        ;
    mmio_write32(BOARD_UART_BASE + UART_THR, (uint8_t)c);
}
