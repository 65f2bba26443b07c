/*
 * The console UART, as the hypervisor uses it: transmit only, polled. The boot loader (or QEMU)
 * has already set the baud rate; the clock trees that rate depends on differ per SoC and are not
 * in the board profile, so the hypervisor leaves the line settings alone.
 */
#ifndef UART_H
#define UART_H

void uart_init(void);
void uart_putc(char c);

#endif
