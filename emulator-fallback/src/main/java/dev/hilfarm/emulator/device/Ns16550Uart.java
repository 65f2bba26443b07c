package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.TimedEvent;
import dev.hilfarm.emulator.memory.MmioDevice;

/**
 * An NS16550A-compatible UART as QEMU 7.2's memory-mapped serial device models it (the console of
 * the Allwinner A10 and of the TI OMAP SoCs): eight byte registers spaced {@code 1 << regShift}
 * bytes apart, the divisor latch behind LCR.DLAB, 16-byte receive FIFO when FCR enables it.
 *
 * <p>Transmission is instantaneous, as on QEMU: a byte written to THR goes to the
 * {@link ByteSink} at once (in loopback mode to the receiver instead), LSR.THRE and TEMT are set
 * again straight away and the THR-empty interrupt becomes pending. That interrupt is also made
 * pending when IER.ETBEI is turned on while THR is empty and cleared by reading IIR while it is
 * the one IIR reports, as QEMU does (Windows and Linux rely on the first). Reception: one holding
 * register, or the FIFO with its trigger level; the character timeout interrupt comes four
 * character times (at the programmed divisor, in virtual time) after the last byte arrived or was
 * read while data waits in the FIFO. The modem status register reads DCD, DSR and CTS asserted,
 * as QEMU's backend without modem lines reports.
 *
 * <p>Input may come from any thread: {@link #receive} queues bytes, and the CPU thread moves them
 * into the receiver in {@link #pollInput} and whenever the guest reads RBR, never faster than the
 * receiver has room (QEMU's chardev flow control), so nothing is lost or overruns.
 */
public final class Ns16550Uart implements MmioDevice, ConsoleUart {
    // Register indices (byte offset = index << regShift).
    public static final int RBR_THR_DLL = 0;
    public static final int IER_DLM = 1;
    public static final int IIR_FCR = 2;
    public static final int LCR = 3;
    public static final int MCR = 4;
    public static final int LSR = 5;
    public static final int MSR = 6;
    public static final int SCR = 7;

    public static final int IER_RDI = 1 << 0;
    public static final int IER_THRI = 1 << 1;
    public static final int IER_RLSI = 1 << 2;
    public static final int IER_MSI = 1 << 3;

    public static final int IIR_NO_INT = 0x01;
    public static final int IIR_ID_MASK = 0x0e;
    public static final int IIR_MSI = 0x00;
    public static final int IIR_THRI = 0x02;
    public static final int IIR_RDI = 0x04;
    public static final int IIR_RLSI = 0x06;
    public static final int IIR_CTI = 0x0c;
    /** IIR bits 7:6 when the FIFOs are enabled. */
    public static final int IIR_FIFOS_ENABLED = 0xc0;

    public static final int FCR_FIFO_ENABLE = 1 << 0;
    public static final int FCR_CLEAR_RECEIVE = 1 << 1;
    public static final int FCR_CLEAR_TRANSMIT = 1 << 2;
    /** The bits FCR keeps (enable, DMA mode, trigger level); the clear bits act once. */
    private static final int FCR_KEPT = 0xc9;

    public static final int LCR_DLAB = 1 << 7;
    public static final int LCR_PARITY = 1 << 3;
    public static final int LCR_TWO_STOP_BITS = 1 << 2;

    public static final int MCR_DTR = 1 << 0;
    public static final int MCR_RTS = 1 << 1;
    public static final int MCR_OUT1 = 1 << 2;
    public static final int MCR_OUT2 = 1 << 3;
    public static final int MCR_LOOP = 1 << 4;

    public static final int LSR_DR = 1 << 0;
    public static final int LSR_OE = 1 << 1;
    public static final int LSR_PE = 1 << 2;
    public static final int LSR_FE = 1 << 3;
    public static final int LSR_BI = 1 << 4;
    public static final int LSR_THRE = 1 << 5;
    public static final int LSR_TEMT = 1 << 6;
    private static final int LSR_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI;

    public static final int MSR_CTS = 1 << 4;
    public static final int MSR_DSR = 1 << 5;
    public static final int MSR_DCD = 1 << 7;
    private static final int MSR_DELTAS = 0x0f;

    private static final int FIFO_DEPTH = 16;
    private static final int[] TRIGGER_LEVELS = {1, 4, 8, 14};
    /** QEMU resets the divisor to 12: 9600 baud from the usual 115200 Hz base. */
    private static final int DIVISOR_RESET = 12;

    private final EventScheduler scheduler;
    private final int regShift;
    private final long baseBaud;
    private final InterruptLine irq;
    private final TimedEvent characterTimeout;
    private ByteSink output = ByteSink.NONE;

    private int rbr;
    private int ier;
    private int iir;
    private int fcr;
    private int lcr;
    private int mcr;
    private int lsr;
    private int msr;
    private int scr;
    private int divisor;
    private boolean thrInterruptPending;
    private boolean timeoutPending;
    private int triggerLevel;
    private final int[] rxFifo = new int[FIFO_DEPTH];
    private int rxRead;
    private int rxCount;
    private boolean irqLevel;

    // Input from other threads, guarded by inputLock.
    private final Object inputLock = new Object();
    private byte[] input = new byte[256];
    private int inputHead;
    private int inputCount;
    private volatile boolean inputWaiting;
    private volatile Runnable inputListener = () -> { };

    /**
     * @param regShift log2 of the register spacing (2 on the A10: registers on word addresses)
     * @param baseBaud the input clock divided by 16, i.e. the baud rate at divisor 1 (QEMU's
     *                 {@code baudbase}; 115200 on its A10)
     */
    public Ns16550Uart(EventScheduler scheduler, int regShift, long baseBaud, InterruptLine irq) {
        if (regShift < 0 || regShift > 4 || baseBaud <= 0) {
            throw new IllegalArgumentException("register shift 0-4 and a positive base baud rate");
        }
        this.scheduler = scheduler;
        this.regShift = regShift;
        this.baseBaud = baseBaud;
        this.irq = irq;
        this.characterTimeout = scheduler.newEvent("16550 character timeout", now -> onCharacterTimeout());
        reset();
    }

    @Override
    public void output(ByteSink sink) {
        this.output = sink;
    }

    @Override
    public void onInput(Runnable listener) {
        this.inputListener = listener;
    }

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

    @Override
    public void pollInput() {
        if (!inputWaiting) {
            return;
        }
        synchronized (inputLock) {
            while (inputCount > 0 && receiverHasRoom()) {
                int value = input[inputHead] & 0xff;
                inputHead = (inputHead + 1) % input.length;
                inputCount--;
                if ((mcr & MCR_LOOP) == 0) {
                    // In loopback the receiver listens only to the transmitter; line input is dropped.
                    receiveByte(value);
                }
            }
            inputWaiting = inputCount > 0;
        }
    }

    private boolean receiverHasRoom() {
        return fifoEnabled() ? rxCount < FIFO_DEPTH : (lsr & LSR_DR) == 0;
    }

    @Override
    public int windowSize() {
        return 8 << regShift;
    }

    @Override
    public void reset() {
        rbr = 0;
        ier = 0;
        iir = IIR_NO_INT;
        fcr = 0;
        lcr = 0;
        mcr = MCR_OUT2;
        lsr = LSR_TEMT | LSR_THRE;
        msr = MSR_DCD | MSR_DSR | MSR_CTS;
        scr = 0;
        divisor = DIVISOR_RESET;
        thrInterruptPending = false;
        timeoutPending = false;
        triggerLevel = 1;
        rxRead = 0;
        rxCount = 0;
        scheduler.cancel(characterTimeout);
        irqLevel = false;
        irq.set(false);
    }

    @Override
    public int read(int offset, int size) {
        switch (offset >>> regShift) {
            case RBR_THR_DLL:
                return (lcr & LCR_DLAB) != 0 ? divisor & 0xff : readReceiver();
            case IER_DLM:
                return (lcr & LCR_DLAB) != 0 ? (divisor >>> 8) & 0xff : ier;
            case IIR_FCR: {
                int value = iir;
                if ((value & IIR_ID_MASK) == IIR_THRI && (value & IIR_NO_INT) == 0) {
                    thrInterruptPending = false; // reading IIR acknowledges the THR-empty interrupt
                    updateInterrupt();
                }
                return value;
            }
            case LCR:
                return lcr;
            case MCR:
                return mcr;
            case LSR: {
                int value = lsr;
                if ((lsr & (LSR_BI | LSR_OE)) != 0) {
                    lsr &= ~(LSR_BI | LSR_OE);
                    updateInterrupt();
                }
                return value;
            }
            case MSR:
                if ((mcr & MCR_LOOP) != 0) {
                    // Loopback: the modem inputs follow the modem outputs (RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD).
                    return (mcr & (MCR_OUT1 | MCR_OUT2)) << 4 | (mcr & MCR_RTS) << 3 | (mcr & MCR_DTR) << 5;
                } else {
                    int value = msr;
                    if ((msr & MSR_DELTAS) != 0) {
                        msr &= ~MSR_DELTAS;
                        updateInterrupt();
                    }
                    return value;
                }
            case SCR:
                return scr;
            default:
                return 0;
        }
    }

    @Override
    public void write(int offset, int size, int value) {
        int data = value & 0xff;
        switch (offset >>> regShift) {
            case RBR_THR_DLL:
                if ((lcr & LCR_DLAB) != 0) {
                    divisor = (divisor & 0xff00) | data;
                } else {
                    transmit(data);
                }
                break;
            case IER_DLM:
                if ((lcr & LCR_DLAB) != 0) {
                    divisor = (divisor & 0x00ff) | data << 8;
                } else {
                    writeIer(data);
                }
                break;
            case IIR_FCR:
                writeFcr(data);
                break;
            case LCR:
                lcr = data;
                break;
            case MCR:
                mcr = data & 0x1f;
                break;
            case SCR:
                scr = data;
                break;
            default:
                break; // LSR and MSR are read-only
        }
    }

    private void transmit(int data) {
        if ((mcr & MCR_LOOP) != 0) {
            receiveByte(data);
        } else {
            output.write(data);
        }
        // The byte left at once: THR and the shift register are empty again.
        lsr |= LSR_THRE | LSR_TEMT;
        thrInterruptPending = true;
        updateInterrupt();
    }

    private void writeIer(int data) {
        int changed = (ier ^ data) & 0x0f;
        ier = data & 0x0f;
        if ((changed & IER_THRI) != 0) {
            thrInterruptPending = (ier & IER_THRI) != 0 && (lsr & LSR_THRE) != 0;
        }
        if (changed != 0) {
            updateInterrupt();
        }
    }

    private void writeFcr(int data) {
        if (data == fcr) {
            return;
        }
        if (((data ^ fcr) & FCR_FIFO_ENABLE) != 0) {
            data |= FCR_CLEAR_RECEIVE | FCR_CLEAR_TRANSMIT; // switching the FIFOs flushes them
        }
        if ((data & FCR_CLEAR_RECEIVE) != 0) {
            lsr &= ~(LSR_DR | LSR_BI);
            timeoutPending = false;
            scheduler.cancel(characterTimeout);
            rxRead = 0;
            rxCount = 0;
        }
        if ((data & FCR_CLEAR_TRANSMIT) != 0) {
            lsr |= LSR_THRE;
            thrInterruptPending = true;
        }
        fcr = data & FCR_KEPT;
        if (fifoEnabled()) {
            iir |= IIR_FIFOS_ENABLED;
            triggerLevel = TRIGGER_LEVELS[(fcr >>> 6) & 3];
        } else {
            iir &= ~IIR_FIFOS_ENABLED;
        }
        updateInterrupt();
    }

    private boolean fifoEnabled() {
        return (fcr & FCR_FIFO_ENABLE) != 0;
    }

    private int readReceiver() {
        int value;
        if (fifoEnabled()) {
            if (rxCount == 0) {
                value = 0;
            } else {
                value = rxFifo[rxRead];
                rxRead = (rxRead + 1) % FIFO_DEPTH;
                rxCount--;
            }
            if (rxCount == 0) {
                lsr &= ~(LSR_DR | LSR_BI);
            } else {
                scheduleCharacterTimeout();
            }
            timeoutPending = false;
        } else {
            value = rbr;
            lsr &= ~(LSR_DR | LSR_BI);
        }
        updateInterrupt();
        pollInput();
        return value;
    }

    private void receiveByte(int value) {
        if (fifoEnabled()) {
            if (rxCount == FIFO_DEPTH) {
                lsr |= LSR_OE;
            } else {
                rxFifo[(rxRead + rxCount) % FIFO_DEPTH] = value;
                rxCount++;
            }
            lsr |= LSR_DR;
            scheduleCharacterTimeout();
        } else {
            if ((lsr & LSR_DR) != 0) {
                lsr |= LSR_OE;
            }
            rbr = value;
            lsr |= LSR_DR;
        }
        updateInterrupt();
    }

    /** The timeout interrupt comes four character times after the receiver last saw activity. */
    private void scheduleCharacterTimeout() {
        scheduler.scheduleAtNanos(characterTimeout, scheduler.nowNanos() + 4 * characterNanos());
    }

    /** One character's time on the line: start bit, data bits, parity, stop bits at the divisor's baud rate. */
    private long characterNanos() {
        int bits = 1 + (lcr & 3) + 5 + ((lcr & LCR_PARITY) != 0 ? 1 : 0) + ((lcr & LCR_TWO_STOP_BITS) != 0 ? 2 : 1);
        long baud = baseBaud / Math.max(1, divisor);
        return 1_000_000_000L / Math.max(1, baud) * bits;
    }

    private void onCharacterTimeout() {
        if (rxCount > 0) {
            timeoutPending = true;
            updateInterrupt();
        }
    }

    /** Recomputes IIR (highest-priority cause first) and the interrupt output, as the 16550 prioritises them. */
    private void updateInterrupt() {
        int cause;
        if ((ier & IER_RLSI) != 0 && (lsr & LSR_ERRORS) != 0) {
            cause = IIR_RLSI;
        } else if ((ier & IER_RDI) != 0 && timeoutPending) {
            cause = IIR_CTI;
        } else if ((ier & IER_RDI) != 0 && (lsr & LSR_DR) != 0 && (!fifoEnabled() || rxCount >= triggerLevel)) {
            cause = IIR_RDI;
        } else if ((ier & IER_THRI) != 0 && thrInterruptPending) {
            cause = IIR_THRI;
        } else if ((ier & IER_MSI) != 0 && (msr & MSR_DELTAS) != 0) {
            cause = IIR_MSI;
        } else {
            cause = IIR_NO_INT;
        }
        iir = cause | (iir & 0xf0);
        boolean level = cause != IIR_NO_INT;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
