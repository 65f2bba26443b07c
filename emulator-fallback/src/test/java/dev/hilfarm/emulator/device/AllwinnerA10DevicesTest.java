package dev.hilfarm.emulator.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.machine.ManualClock;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The A10 interrupt controller and timers and the 16550 UART, register by register, as QEMU 7.2 behaves. */
class AllwinnerA10DevicesTest {
    private final ManualClock clock = new ManualClock();
    private final boolean[] cpuLines = new boolean[2];
    private final AllwinnerA10Pic pic = new AllwinnerA10Pic(level -> cpuLines[0] = level, level -> cpuLines[1] = level);

    @Test
    void pendingUnmaskedInputsRaiseIrqAndTheVectorNamesTheLowest() {
        pic.input(67).set(true);
        pic.input(22).set(true);
        assertTrue(cpuLines[0], "enable registers gate nothing on QEMU");
        assertEquals(22 * 4, pic.read(AllwinnerA10Pic.VECTOR, 4));
        assertEquals(1 << 22, pic.read(AllwinnerA10Pic.IRQ_PENDING, 4));
        assertEquals(1 << 3, pic.read(AllwinnerA10Pic.IRQ_PENDING + 8, 4));
        pic.write(AllwinnerA10Pic.MASK, 4, 1 << 22);
        assertEquals(67 * 4, pic.read(AllwinnerA10Pic.VECTOR, 4));
        pic.write(AllwinnerA10Pic.IRQ_PENDING, 4, 0xffffffff); // read-only
        assertEquals(1 << 22, pic.read(AllwinnerA10Pic.IRQ_PENDING, 4));
        pic.input(67).set(false);
        assertFalse(cpuLines[0]);
        assertEquals(0, pic.read(AllwinnerA10Pic.VECTOR, 4));
    }

    @Test
    void aSelectedInputRaisesFiqAndIrqBoth() {
        pic.write(AllwinnerA10Pic.SELECT, 4, 1 << 5);
        pic.input(5).set(true);
        assertTrue(cpuLines[0]);
        assertTrue(cpuLines[1]);
        assertEquals(0, pic.read(AllwinnerA10Pic.FIQ_PENDING, 4), "QEMU never sets FIQ pending");
    }

    @Test
    void periodicTimerFiresEveryIntervalAndSingleShotClearsItsEnable() {
        boolean[] lines = new boolean[AllwinnerA10Pit.TIMERS];
        InterruptLine[] outputs = new InterruptLine[AllwinnerA10Pit.TIMERS];
        for (int i = 0; i < outputs.length; i++) {
            int n = i;
            outputs[i] = level -> lines[n] = level;
        }
        AllwinnerA10Pit pit = new AllwinnerA10Pit(clock.scheduler(), outputs);
        assertEquals(AllwinnerA10Pit.CTRL_RESET, pit.read(0x10, 4));
        pit.write(AllwinnerA10Pit.IRQ_EN, 4, 0b11);
        pit.write(0x14, 4, 24_000); // 1 ms at 24 MHz
        pit.write(0x10, 4, AllwinnerA10Pit.CTRL_RESET | AllwinnerA10Pit.CTRL_RELOAD | AllwinnerA10Pit.CTRL_EN);
        clock.advance(500_000);
        assertEquals(12_000, pit.read(0x18, 4));
        assertFalse(lines[0]);
        clock.advance(500_000);
        assertTrue(lines[0]);
        pit.write(AllwinnerA10Pit.IRQ_STA, 4, 1);
        assertFalse(lines[0]);
        clock.advance(1_000_000);
        assertTrue(lines[0], "periodic: fires again a period later");

        pit.write(0x24, 4, 32_768); // 1 s on the LOSC
        pit.write(0x20, 4, AllwinnerA10Pit.CTRL_SINGLE_MODE | AllwinnerA10Pit.CTRL_RELOAD | AllwinnerA10Pit.CTRL_EN);
        clock.advance(1_000_000_000);
        assertTrue(lines[1]);
        assertEquals(AllwinnerA10Pit.CTRL_SINGLE_MODE | AllwinnerA10Pit.CTRL_RELOAD, pit.read(0x20, 4));
        assertEquals(0, pit.read(0x28, 4));
    }

    @Test
    void uartTransmitsAtOnceAndAcknowledgesTheThrInterruptThroughIir() {
        boolean[] irq = new boolean[1];
        Ns16550Uart uart = new Ns16550Uart(clock.scheduler(), 2, 115_200, level -> irq[0] = level);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        uart.output(out::write);
        assertEquals(0x60, uart.read(0x14, 4));
        assertEquals(0x01, uart.read(0x08, 4));
        assertEquals(0xb0, uart.read(0x18, 4));
        uart.write(0x00, 4, 'A');
        assertArrayEquals(new byte[] {'A'}, out.toByteArray());
        assertFalse(irq[0], "no interrupt while IER is clear");
        uart.write(0x04, 4, Ns16550Uart.IER_THRI);
        assertTrue(irq[0]);
        assertEquals(Ns16550Uart.IIR_THRI, uart.read(0x08, 4));
        assertFalse(irq[0], "reading IIR acknowledged it");
        assertEquals(Ns16550Uart.IIR_NO_INT, uart.read(0x08, 4));
    }

    @Test
    void uartReceivesThroughItsFifoAndLoopsBack() {
        boolean[] irq = new boolean[1];
        Ns16550Uart uart = new Ns16550Uart(clock.scheduler(), 2, 115_200, level -> irq[0] = level);
        uart.write(0x0c, 4, Ns16550Uart.LCR_DLAB);
        uart.write(0x00, 4, 1);
        assertEquals(1, uart.read(0x00, 4));
        uart.write(0x0c, 4, 3);
        uart.write(0x08, 4, Ns16550Uart.FCR_FIFO_ENABLE | 0x40); // trigger level 4
        uart.write(0x04, 4, Ns16550Uart.IER_RDI);
        uart.receive("abc".getBytes());
        uart.pollInput();
        assertEquals(0xc0 | Ns16550Uart.IIR_NO_INT, uart.read(0x08, 4), "below the trigger level");
        clock.advance(1_000_000);
        assertEquals(0xc0 | Ns16550Uart.IIR_CTI, uart.read(0x08, 4), "character timeout");
        assertEquals('a', uart.read(0x00, 4));
        assertEquals('b', uart.read(0x00, 4));
        assertEquals('c', uart.read(0x00, 4));
        assertEquals(0x60, uart.read(0x14, 4));
        assertFalse(irq[0]);
        uart.write(0x10, 4, Ns16550Uart.MCR_LOOP);
        uart.write(0x00, 4, 'z');
        assertEquals(0x61, uart.read(0x14, 4));
        assertEquals('z', uart.read(0x00, 4));
    }
}
