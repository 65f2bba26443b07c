package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.TimedEvent;
import dev.hilfarm.emulator.machine.VirtualClock;

/**
 * ARM PrimeCell UART PL011 (ARM DDI 0183), as on the V2M-P1 motherboard with a 24 MHz UARTCLK.
 *
 * <p>Transmission is instantaneous, as on QEMU: a byte written to UARTDR goes to the
 * {@link ByteSink} at once, the transmit FIFO is always empty (TXFE set, TXFF and BUSY clear) and
 * every write asserts the transmit interrupt, which, as on the hardware, is not asserted before
 * the first write. Reception follows the TRM: a 32-entry FIFO (one entry with LCR_H.FEN clear),
 * the receive interrupt when the FIFO level reaches the IFLS trigger level, and the receive
 * timeout interrupt when data has waited for 32 bit periods (at the programmed baud rate, in
 * virtual time) without more arriving.
 *
 * <p>Input may come from any thread: {@link #receive} queues bytes, and the CPU thread moves them
 * into the FIFO in {@link #pollInput} (which the machine calls between run slices) and whenever
 * the guest reads UARTDR, never faster than the FIFO has room, so nothing is lost.
 */
public final class Pl011Uart extends WordRegisters implements ConsoleUart {
    public static final int UARTDR = 0x000;
    public static final int UARTRSR_ECR = 0x004;
    public static final int UARTFR = 0x018;
    public static final int UARTILPR = 0x020;
    public static final int UARTIBRD = 0x024;
    public static final int UARTFBRD = 0x028;
    public static final int UARTLCR_H = 0x02c;
    public static final int UARTCR = 0x030;
    public static final int UARTIFLS = 0x034;
    public static final int UARTIMSC = 0x038;
    public static final int UARTRIS = 0x03c;
    public static final int UARTMIS = 0x040;
    public static final int UARTICR = 0x044;
    public static final int UARTDMACR = 0x048;

    public static final int FR_BUSY = 1 << 3;
    public static final int FR_RXFE = 1 << 4;
    public static final int FR_TXFF = 1 << 5;
    public static final int FR_RXFF = 1 << 6;
    public static final int FR_TXFE = 1 << 7;

    public static final int INT_RX = 1 << 4;
    public static final int INT_TX = 1 << 5;
    public static final int INT_RT = 1 << 6;
    public static final int INT_OE = 1 << 10;
    private static final int INT_MASK = 0x7ff;

    public static final int LCR_H_FEN = 1 << 4;
    public static final int CR_UARTEN = 1 << 0;
    public static final int CR_LBE = 1 << 7;
    public static final int CR_TXE = 1 << 8;
    public static final int CR_RXE = 1 << 9;

    private static final int DR_OE = 1 << 11;
    private static final int FIFO_DEPTH = 32;
    /** UARTCR at reset: transmit and receive enabled, the UART itself disabled. */
    private static final int CR_RESET = CR_TXE | CR_RXE;
    /** UARTIFLS at reset: both trigger levels at half full. */
    private static final int IFLS_RESET = 0x12;
    /** The receive timeout is 32 bit periods; before the guest programs a divisor, 38400 baud is assumed. */
    private static final int TIMEOUT_BITS = 32;
    private static final long DEFAULT_BAUD = 38400;

    private static final PrimeCellId ID = new PrimeCellId(0x11, 0x10, 0x14, 0x00);

    private final EventScheduler scheduler;
    private final long clockHz;
    private final InterruptLine irq;
    private final TimedEvent receiveTimeout;
    private ByteSink output = ByteSink.NONE;

    private final int[] rxFifo = new int[FIFO_DEPTH];
    private int rxRead;
    private int rxCount;
    private int rsr;
    private int ilpr;
    private int ibrd;
    private int fbrd;
    private int lcrH;
    private int cr;
    private int ifls;
    private int imsc;
    private int ris;
    private int dmacr;
    private boolean irqLevel;

    // Input from other threads, guarded by inputLock.
    private final Object inputLock = new Object();
    private byte[] input = new byte[256];
    private int inputHead;
    private int inputCount;
    private volatile boolean inputWaiting;
    private volatile Runnable inputListener = () -> { };

    /**
     * @param clockHz UARTCLK, from which the baud rate and so the receive timeout follow (24 MHz on the V2M-P1)
     */
    public Pl011Uart(EventScheduler scheduler, long clockHz, InterruptLine irq) {
        this.scheduler = scheduler;
        this.clockHz = clockHz;
        this.irq = irq;
        this.receiveTimeout = scheduler.newEvent("pl011 receive timeout", now -> onReceiveTimeout());
        reset();
    }

    /** Where transmitted bytes go. */
    @Override
    public void output(ByteSink sink) {
        this.output = sink;
    }

    /** Called (on the receiving thread) whenever {@link #receive} queues a byte: the machine wakes an idle CPU. */
    @Override
    public void onInput(Runnable listener) {
        this.inputListener = listener;
    }

    /** Queues a received byte; safe to call from any thread. */
    @Override
    public void receive(byte value) {
        synchronized (inputLock) {
            if (inputCount == input.length) {
                byte[] bigger = new byte[input.length * 2];
                for (int i = 0; i < inputCount; i++) {
                    bigger[i] = input[(inputHead + i) % input.length];
                }
                input = bigger;
                inputHead = 0;
            }
            input[(inputHead + inputCount) % input.length] = value;
            inputCount++;
            inputWaiting = true;
        }
        inputListener.run();
    }

    /** Queues received bytes; safe to call from any thread. */
    @Override
    public void receive(byte[] bytes) {
        for (byte b : bytes) {
            receive(b);
        }
    }

    /** Whether received bytes are queued that the FIFO has not taken yet. */
    public boolean hasQueuedInput() {
        return inputWaiting;
    }

    /** Moves queued input into the receive FIFO while it has room. Call on the CPU thread. */
    @Override
    public void pollInput() {
        if (!inputWaiting) {
            return;
        }
        synchronized (inputLock) {
            while (inputCount > 0 && rxCount < fifoDepth()) {
                int value = input[inputHead] & 0xff;
                inputHead = (inputHead + 1) % input.length;
                inputCount--;
                if ((cr & CR_LBE) == 0) {
                    // In loopback the receiver listens only to the transmitter; line input is dropped.
                    putFifo(value);
                }
            }
            inputWaiting = inputCount > 0;
        }
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    @Override
    public void reset() {
        rxRead = 0;
        rxCount = 0;
        rsr = 0;
        ilpr = 0;
        ibrd = 0;
        fbrd = 0;
        lcrH = 0;
        cr = CR_RESET;
        ifls = IFLS_RESET;
        imsc = 0;
        ris = 0;
        dmacr = 0;
        scheduler.cancel(receiveTimeout);
        updateInterrupt();
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case UARTDR:
                return readData();
            case UARTRSR_ECR:
                return rsr;
            case UARTFR:
                return flags();
            case UARTILPR:
                return ilpr;
            case UARTIBRD:
                return ibrd;
            case UARTFBRD:
                return fbrd;
            case UARTLCR_H:
                return lcrH;
            case UARTCR:
                return cr;
            case UARTIFLS:
                return ifls;
            case UARTIMSC:
                return imsc;
            case UARTRIS:
                return ris;
            case UARTMIS:
                return ris & imsc;
            case UARTDMACR:
                return dmacr;
            default:
                return PrimeCellId.covers(offset) ? ID.read(offset) : 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case UARTDR:
                transmit(value & 0xff);
                break;
            case UARTRSR_ECR:
                rsr = 0; // any write clears the error flags
                break;
            case UARTILPR:
                ilpr = value & 0xff;
                break;
            case UARTIBRD:
                ibrd = value & 0xffff;
                break;
            case UARTFBRD:
                fbrd = value & 0x3f;
                break;
            case UARTLCR_H:
                if (((lcrH ^ value) & LCR_H_FEN) != 0) {
                    // Switching the FIFOs on or off empties them, as QEMU does.
                    rxRead = 0;
                    rxCount = 0;
                    scheduler.cancel(receiveTimeout);
                }
                lcrH = value & 0xff;
                updateRxLevel();
                break;
            case UARTCR:
                cr = value & 0xffff;
                break;
            case UARTIFLS:
                ifls = value & 0x3f;
                updateRxLevel();
                break;
            case UARTIMSC:
                imsc = value & INT_MASK;
                updateInterrupt();
                break;
            case UARTICR:
                ris &= ~value;
                updateInterrupt();
                break;
            case UARTDMACR:
                dmacr = value & 0x7; // no DMA controller on this board is wired to the requests
                break;
            default:
                break; // UARTFR, UARTRIS, UARTMIS and the IDs are read-only
        }
    }

    private int flags() {
        int fr = FR_TXFE;
        if (rxCount == 0) {
            fr |= FR_RXFE;
        }
        if (rxCount == fifoDepth()) {
            fr |= FR_RXFF;
        }
        return fr;
    }

    private void transmit(int value) {
        output.write(value);
        if ((cr & CR_LBE) != 0) {
            putFifo(value);
        }
        // The byte has left the (empty) FIFO: its level is at or below any trigger level.
        ris |= INT_TX;
        updateInterrupt();
    }

    private int readData() {
        if (rxCount == 0) {
            pollInput();
        }
        int entry = rxFifo[rxRead];
        if (rxCount > 0) {
            rxRead = (rxRead + 1) % FIFO_DEPTH;
            rxCount--;
        }
        rsr = (entry >>> 8) & 0xf;
        if (rxCount == 0) {
            ris &= ~INT_RT;
            scheduler.cancel(receiveTimeout);
        }
        updateRxLevel();
        if (inputWaiting) {
            pollInput();
        }
        return entry & 0xfff;
    }

    private void putFifo(int value) {
        int depth = fifoDepth();
        if (rxCount == depth) {
            // Overrun: the character is lost and the entry at the top of the FIFO carries the flag.
            rxFifo[(rxRead + rxCount - 1) % FIFO_DEPTH] |= DR_OE;
            ris |= INT_OE;
            updateInterrupt();
            return;
        }
        rxFifo[(rxRead + rxCount) % FIFO_DEPTH] = value;
        rxCount++;
        if (rxCount >= rxTriggerLevel()) {
            ris |= INT_RX;
        }
        scheduler.scheduleAtNanos(receiveTimeout, scheduler.nowNanos() + timeoutNanos());
        updateInterrupt();
    }

    /** Deasserts the receive interrupt once the FIFO has been read below the trigger level. */
    private void updateRxLevel() {
        if (rxCount < rxTriggerLevel()) {
            ris &= ~INT_RX;
        }
        updateInterrupt();
    }

    private void onReceiveTimeout() {
        if (rxCount > 0) {
            ris |= INT_RT;
            updateInterrupt();
        }
    }

    private int fifoDepth() {
        return (lcrH & LCR_H_FEN) != 0 ? FIFO_DEPTH : 1;
    }

    /** RXIFLSEL: 1/8, 1/4, 1/2, 3/4 or 7/8 of the FIFO; a single character without FIFOs. */
    private int rxTriggerLevel() {
        if ((lcrH & LCR_H_FEN) == 0) {
            return 1;
        }
        switch ((ifls >>> 3) & 7) {
            case 0: return 4;
            case 1: return 8;
            case 2: return 16;
            case 3: return 24;
            default: return 28;
        }
    }

    /** 32 bit periods: a bit lasts 16 * (IBRD + FBRD / 64) UARTCLK cycles. */
    private long timeoutNanos() {
        long divisorSixtyFourths = (long) ibrd * 64 + fbrd;
        if (ibrd == 0) {
            return TIMEOUT_BITS * VirtualClock.NANOS_PER_SECOND / DEFAULT_BAUD;
        }
        // 32 bits * 16 cycles * divisor / 64 = 8 * divisor-in-64ths cycles
        return VirtualClock.nanosForTicks(TIMEOUT_BITS * 16 * divisorSixtyFourths / 64, clockHz);
    }

    private void updateInterrupt() {
        boolean level = (ris & imsc) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
