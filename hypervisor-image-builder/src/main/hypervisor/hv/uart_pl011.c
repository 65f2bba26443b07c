/* ARM PrimeCell PL011 (Versatile Express). */
#include "arm.h"
#include "board.h"
#include "uart.h"

#define UART_DR    0x000u
#define UART_FR    0x018u
#define UART_CR    0x030u
#define FR_TXFF    (1u << 5)   /* transmit FIFO full */
#define CR_UARTEN  (1u << 0)
#define CR_TXE     (1u << 8)

void uart_init(void)
{
    /* Keep whatever rate the boot loader set; just make sure the transmitter is on. */
    uint32_t cr = mmio_read32(BOARD_UART_BASE + UART_CR);
    mmio_write32(BOARD_UART_BASE + UART_CR, cr | CR_UARTEN | CR_TXE);
}

void uart_putc(char c)
{
    while (mmio_read32(BOARD_UART_BASE + UART_FR) & FR_TXFF)
        ;
    mmio_write32(BOARD_UART_BASE + UART_DR, (uint8_t)c);
}
