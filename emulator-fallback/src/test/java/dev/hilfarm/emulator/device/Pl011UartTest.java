package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.machine.ManualClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Pl011UartTest {
    private final ManualClock clock = new ManualClock();
    private boolean irq;
    private final Pl011Uart uart = new Pl011Uart(clock.scheduler(), 24_000_000, level -> irq = level);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pl011UartTest() {
        uart.output(out::write);
    }

    private int r(int offset) {
        return uart.read(offset, 4);
    }

    private void w(int offset, int value) {
        uart.write(offset, 4, value);
    }

    @Test
    void resetValuesAndPrimeCellIdsAreQemus() {
        assertEquals(0x90, r(0x18), "TXFE | RXFE");
        assertEquals(0x300, r(0x30));
        assertEquals(0x12, r(0x34));
        assertEquals(0, r(0x3c));
        int[] ids = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
        for (int i = 0; i < 8; i++) {
            assertEquals(ids[i], r(0xfe0 + 4 * i));
        }
        w(0x24, 0x1234);
        assertEquals(0x1234, uart.read(0x25, 1), "a narrow access reaches the whole register (the bus truncates)");
        uart.write(0x31, 1, 0x01);
        assertEquals(0x01, r(0x30), "a byte written at 0x31 lands unshifted, as on QEMU");
    }

    @Test
    void transmittedBytesGoOutAtOnceAndRaiseTheTransmitInterrupt() {
        uart.write(0, 1, 'h');
        w(0, 'i');
        assertEquals("hi", out.toString(StandardCharsets.US_ASCII));
        assertEquals(0x20, r(0x3c));
        assertEquals(0x90, r(0x18), "the transmit FIFO is empty again");
        assertFalse(irq, "masked");
        w(0x38, 0x20);
        assertTrue(irq);
        assertEquals(0x20, r(0x40));
        w(0x44, 0x20);
        assertFalse(irq);
        assertEquals(0, r(0x3c));
    }

    @Test
    void registerWidthsAreTheTrms() {
        w(0x24, 0xffffffff);
        w(0x28, 0xffffffff);
        w(0x2c, 0xffffffff);
        w(0x30, 0xffffffff);
        w(0x34, 0xffffffff);
        w(0x38, 0xffffffff);
        w(0x48, 0xffffffff);
        assertEquals(0xffff, r(0x24));
        assertEquals(0x3f, r(0x28));
        assertEquals(0xff, r(0x2c));
        assertEquals(0xffff, r(0x30));
        assertEquals(0x3f, r(0x34));
        assertEquals(0x7ff, r(0x38));
        assertEquals(0x7, r(0x48));
    }

    @Test
    void withoutFifosOneCharacterFillsTheReceiver() {
        w(0x38, 0x10); // RX interrupt
        uart.receive((byte) 'a');
        uart.receive((byte) 'b');
        uart.pollInput();
        assertEquals(0x40 | 0x80, r(0x18), "RXFF, not RXFE");
        assertTrue(irq);
        assertEquals('a', r(0));
        assertTrue(irq, "reading pulled in the next queued character");
        assertEquals('b', r(0));
        assertFalse(irq);
        assertEquals(0x90, r(0x18));
        assertEquals(0, r(0), "an empty FIFO reads zero");
    }

    @Test
    void theReceiveInterruptWaitsForTheTriggerLevelAndTheTimeoutCatchesTheRest() {
        w(0x24, 39); // 24 MHz / (16 * 39.0625) = 38400 baud
        w(0x28, 4);
        w(0x2c, 0x70); // 8 bits, FIFOs on
        w(0x34, 0x12); // RX trigger at 1/2 (16 characters)
        w(0x38, 0x50); // RX and RT
        uart.receive("0123456789".getBytes(StandardCharsets.US_ASCII));
        uart.pollInput();
        assertFalse(irq, "10 characters are below the trigger level");
        assertEquals(0, r(0x18) & 0x10, "but the FIFO is not empty");
        clock.advance(833_000);
        assertFalse(irq, "32 bit periods at 38400 baud are 833.3 us");
        clock.advance(1_000);
        assertTrue(irq);
        assertEquals(0x40, r(0x40), "receive timeout");
        StringBuilder got = new StringBuilder();
        while ((r(0x18) & 0x10) == 0) {
            got.append((char) r(0));
        }
        assertEquals("0123456789", got.toString());
        assertFalse(irq, "reading the FIFO empty clears the timeout");

        uart.receive("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ".getBytes(StandardCharsets.US_ASCII));
        uart.pollInput();
        assertTrue(irq);
        assertEquals(0x10, r(0x40), "the trigger level was reached");
        assertEquals(0x40, r(0x18) & 0x40, "32 characters fill the FIFO; the rest waits in the queue");
        assertTrue(uart.hasQueuedInput());
        for (int i = 0; i < 20; i++) {
            r(0);
        }
        assertEquals(0x10, r(0x3c) & 0x10, "16 left: the 4 queued were pulled in while reading");
        r(0);
        assertEquals(0x00, r(0x3c) & 0x10, "below the trigger level now");
        assertEquals(15, countFifo());
    }

    private int countFifo() {
        int n = 0;
        while ((r(0x18) & 0x10) == 0) {
            r(0);
            n++;
        }
        return n;
    }

    @Test
    void loopbackFeedsTransmittedBytesToTheReceiver() {
        w(0x2c, 0x70);
        w(0x30, 0x381);
        w(0, 'z');
        assertEquals('z', r(0));
        uart.receive((byte) 'x');
        uart.pollInput();
        assertEquals(0x10, r(0x18) & 0x10, "line input is ignored in loopback");
    }

    @Test
    void overrunIsFlaggedInTheDataAndStatusRegisters() {
        w(0x30, 0x381); // loopback, FIFOs off: one-character receiver
        w(0, 'a');
        w(0, 'b');
        assertEquals(0x400, r(0x3c) & 0x400);
        assertEquals('a' | 0x800, r(0));
        assertEquals(0x8, r(0x04), "RSR shows the overrun");
        w(0x04, 0);
        assertEquals(0, r(0x04));
    }

    @Test
    void inputFromAnotherThreadArrivesInOrder() throws Exception {
        int[] wakeups = new int[1];
        uart.onInput(() -> wakeups[0]++);
        w(0x2c, 0x70);
        Thread sender = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                uart.receive((byte) i);
            }
        });
        sender.start();
        sender.join();
        int expected = 0;
        while (expected < 1000) {
            uart.pollInput();
            while ((r(0x18) & 0x10) == 0) {
                assertEquals(expected & 0xff, r(0) & 0xff);
                expected++;
            }
        }
        assertEquals(1000, wakeups[0]);
        assertFalse(uart.hasQueuedInput());
    }
}
