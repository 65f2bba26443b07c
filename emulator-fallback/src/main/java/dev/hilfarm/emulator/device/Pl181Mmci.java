package dev.hilfarm.emulator.device;

/**
 * ARM PrimeCell MultiMedia Card Interface PL180/PL181 (ARM DDI 0172) with one SD card slot, as
 * QEMU 7.2's hw/sd/pl181.c models it: commands complete at once when written, data moves between
 * the card and a 16-word FIFO as the guest reads or writes FIFO words, and the two interrupt
 * outputs are the status ANDed with MASK0 and MASK1. No DMA, no interrupt-mode or pending
 * commands (QEMU ignores those too). With no card, every command times out.
 */
public final class Pl181Mmci extends WordRegisters {
    public static final int MCI_POWER = 0x00;
    public static final int MCI_CLOCK = 0x04;
    public static final int MCI_ARGUMENT = 0x08;
    public static final int MCI_COMMAND = 0x0c;
    public static final int MCI_RESPCMD = 0x10;
    public static final int MCI_RESPONSE0 = 0x14;
    public static final int MCI_DATATIMER = 0x24;
    public static final int MCI_DATALENGTH = 0x28;
    public static final int MCI_DATACTRL = 0x2c;
    public static final int MCI_DATACNT = 0x30;
    public static final int MCI_STATUS = 0x34;
    public static final int MCI_CLEAR = 0x38;
    public static final int MCI_MASK0 = 0x3c;
    public static final int MCI_MASK1 = 0x40;
    public static final int MCI_FIFOCNT = 0x48;
    public static final int MCI_FIFO = 0x80;
    public static final int MCI_FIFO_END = 0xc0;

    public static final int CMD_INDEX = 0x3f;
    public static final int CMD_RESPONSE = 1 << 6;
    public static final int CMD_LONGRESP = 1 << 7;
    public static final int CMD_INTERRUPT = 1 << 8;
    public static final int CMD_PENDING = 1 << 9;
    public static final int CMD_ENABLE = 1 << 10;

    public static final int DATA_ENABLE = 1 << 0;
    public static final int DATA_DIRECTION_READ = 1 << 1;

    public static final int STATUS_CMDTIMEOUT = 1 << 2;
    public static final int STATUS_CMDRESPEND = 1 << 6;
    public static final int STATUS_CMDSENT = 1 << 7;
    public static final int STATUS_DATAEND = 1 << 8;
    public static final int STATUS_DATABLOCKEND = 1 << 10;
    public static final int STATUS_TXACTIVE = 1 << 12;
    public static final int STATUS_RXACTIVE = 1 << 13;
    public static final int STATUS_TXFIFOHALFEMPTY = 1 << 14;
    public static final int STATUS_RXFIFOHALFFULL = 1 << 15;
    public static final int STATUS_TXFIFOFULL = 1 << 16;
    public static final int STATUS_RXFIFOFULL = 1 << 17;
    public static final int STATUS_TXFIFOEMPTY = 1 << 18;
    public static final int STATUS_RXFIFOEMPTY = 1 << 19;
    public static final int STATUS_TXDATAAVLBL = 1 << 20;
    public static final int STATUS_RXDATAAVLBL = 1 << 21;
    static final int STATUS_TX_FIFO = STATUS_TXACTIVE | STATUS_TXFIFOHALFEMPTY | STATUS_TXFIFOFULL | STATUS_TXFIFOEMPTY
            | STATUS_TXDATAAVLBL;
    static final int STATUS_RX_FIFO = STATUS_RXACTIVE | STATUS_RXFIFOHALFFULL | STATUS_RXFIFOFULL | STATUS_RXFIFOEMPTY
            | STATUS_RXDATAAVLBL;
    /** Only the static flags (bits 10:0) can be cleared. */
    static final int CLEARABLE = 0x7ff;

    static final int FIFO_WORDS = 16;

    private static final PrimeCellId ID = new PrimeCellId(0x81, 0x11, 0x04, 0x00);

    private final SdCard card;
    private final InterruptLine irq0;
    private final InterruptLine irq1;
    private final byte[] response = new byte[16];
    private final int[] fifo = new int[FIFO_WORDS];

    private int power;
    private int clock;
    private int argument;
    private int command;
    private final int[] responses = new int[4];
    private int dataTimer;
    private int dataLength;
    private int dataControl;
    private int dataCount;
    private int status;
    private int mask0;
    private int mask1;
    private int fifoPosition;
    private int fifoLength;
    /**
     * QEMU holds the next FIFO refill back after a FIFO read until the guest reads the status
     * (a workaround for an old Linux driver); guests see the effect, so the model keeps it.
     */
    private boolean deferRefill;

    /** @param card the card in the slot, or null for an empty slot */
    public Pl181Mmci(SdCard card, InterruptLine irq0, InterruptLine irq1) {
        this.card = card;
        this.irq0 = irq0;
        this.irq1 = irq1;
        reset();
    }

    public SdCard card() {
        return card;
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    @Override
    public void reset() {
        power = 0;
        clock = 0; // QEMU's reset leaves the clock register alone; it starts at 0 all the same
        argument = 0;
        command = 0;
        responses[0] = responses[1] = responses[2] = responses[3] = 0;
        dataTimer = 0;
        dataLength = 0;
        dataControl = 0;
        dataCount = 0;
        status = 0;
        mask0 = 0;
        mask1 = 0;
        fifoPosition = 0;
        fifoLength = 0;
        deferRefill = false;
        if (card != null) {
            card.reset();
        }
        updateInterrupts();
    }

    private void updateInterrupts() {
        irq0.set((status & mask0) != 0);
        irq1.set((status & mask1) != 0);
    }

    @Override
    protected int readRegister(int offset) {
        if (offset >= MCI_FIFO && offset < MCI_FIFO_END) {
            if (fifoLength == 0) {
                return 0;
            }
            int value = pop();
            deferRefill = true;
            runFifo();
            updateInterrupts();
            return value;
        }
        switch (offset) {
            case MCI_POWER:
                return power;
            case MCI_CLOCK:
                return clock;
            case MCI_ARGUMENT:
                return argument;
            case MCI_COMMAND:
                return command;
            case MCI_RESPCMD:
                return 0; // QEMU never fills it in
            case MCI_RESPONSE0:
            case MCI_RESPONSE0 + 4:
            case MCI_RESPONSE0 + 8:
            case MCI_RESPONSE0 + 12:
                return responses[(offset - MCI_RESPONSE0) >> 2];
            case MCI_DATATIMER:
                return dataTimer;
            case MCI_DATALENGTH:
                return dataLength;
            case MCI_DATACTRL:
                return dataControl;
            case MCI_DATACNT:
                return dataCount;
            case MCI_STATUS: {
                int value = status;
                releaseDeferredRefill();
                return value;
            }
            case MCI_MASK0:
                return mask0;
            case MCI_MASK1:
                return mask1;
            case MCI_FIFOCNT: {
                int value = (dataCount + 3) >>> 2;
                releaseDeferredRefill();
                return value;
            }
            default:
                return PrimeCellId.covers(offset) ? ID.read(offset) : 0;
        }
    }

    private void releaseDeferredRefill() {
        if (deferRefill) {
            deferRefill = false;
            runFifo();
            updateInterrupts();
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        if (offset >= MCI_FIFO && offset < MCI_FIFO_END) {
            if (dataCount != 0) {
                push(value);
                runFifo();
            }
            updateInterrupts();
            return;
        }
        switch (offset) {
            case MCI_POWER:
                power = value & 0xff;
                break;
            case MCI_CLOCK:
                clock = value & 0xff;
                break;
            case MCI_ARGUMENT:
                argument = value;
                break;
            case MCI_COMMAND:
                command = value;
                if ((command & CMD_ENABLE) != 0) {
                    if ((command & CMD_PENDING) == 0) {
                        sendCommand();
                        runFifo();
                    }
                    command &= ~CMD_ENABLE; // done, one way or the other
                }
                break;
            case MCI_DATATIMER:
                dataTimer = value;
                break;
            case MCI_DATALENGTH:
                dataLength = value & 0xffff;
                break;
            case MCI_DATACTRL:
                dataControl = value & 0xff;
                if ((value & DATA_ENABLE) != 0) {
                    dataCount = dataLength;
                    runFifo();
                }
                break;
            case MCI_CLEAR:
                status &= ~(value & CLEARABLE);
                break;
            case MCI_MASK0:
                mask0 = value;
                break;
            case MCI_MASK1:
                mask1 = value;
                break;
            default:
                break;
        }
        updateInterrupts();
    }

    private void sendCommand() {
        int length = card == null ? 0 : card.command(command & CMD_INDEX, argument, response);
        if ((command & CMD_RESPONSE) != 0) {
            boolean longResponse = (command & CMD_LONGRESP) != 0;
            if (length == 0 || (length == 4 && longResponse) || (length != 4 && length != 16)) {
                status |= STATUS_CMDTIMEOUT;
                return;
            }
            responses[0] = word(0);
            if (length == 4) {
                responses[1] = responses[2] = responses[3] = 0;
            } else {
                responses[1] = word(4);
                responses[2] = word(8);
                responses[3] = word(12) & ~1; // the end bit is not part of the response
            }
            status |= STATUS_CMDRESPEND;
        } else {
            status |= STATUS_CMDSENT;
        }
    }

    private int word(int at) {
        return (response[at] & 0xff) << 24 | (response[at + 1] & 0xff) << 16 | (response[at + 2] & 0xff) << 8
                | (response[at + 3] & 0xff);
    }

    /** Moves bytes between card and FIFO (little-endian within a word) and updates the FIFO flags. */
    private void runFifo() {
        boolean read = (dataControl & DATA_DIRECTION_READ) != 0;
        if (card != null && dataCount != 0 && (!read || card.dataReady()) && !deferRefill) {
            if (read) {
                int n = 0;
                int value = 0;
                while (dataCount != 0 && fifoLength < FIFO_WORDS) {
                    value |= card.readData() << (n * 8);
                    dataCount--;
                    if (++n == 4) {
                        push(value);
                        n = 0;
                        value = 0;
                    }
                }
                if (n != 0) {
                    push(value);
                }
            } else {
                int n = 0;
                int value = 0;
                while (dataCount > 0 && (fifoLength > 0 || n > 0)) {
                    if (n == 0) {
                        value = pop();
                        n = 4;
                    }
                    n--;
                    dataCount--;
                    card.writeData(value & 0xff);
                    value >>>= 8;
                }
            }
        }
        status &= ~(STATUS_RX_FIFO | STATUS_TX_FIFO);
        if (dataCount == 0) {
            // QEMU reports the block end together with the data end.
            status |= STATUS_DATAEND | STATUS_DATABLOCKEND;
        }
        if (dataCount == 0 && fifoLength == 0) {
            dataControl &= ~DATA_ENABLE;
        } else {
            int bits = STATUS_TXACTIVE | STATUS_RXACTIVE;
            if (fifoLength == 0) {
                bits |= STATUS_TXFIFOEMPTY | STATUS_RXFIFOEMPTY;
            } else {
                bits |= STATUS_TXDATAAVLBL | STATUS_RXDATAAVLBL;
            }
            if (fifoLength == FIFO_WORDS) {
                bits |= STATUS_TXFIFOFULL | STATUS_RXFIFOFULL;
            }
            if (fifoLength <= FIFO_WORDS / 2) {
                bits |= STATUS_TXFIFOHALFEMPTY;
            }
            if (fifoLength >= FIFO_WORDS / 2) {
                bits |= STATUS_RXFIFOHALFFULL;
            }
            status |= bits & (read ? STATUS_RX_FIFO : STATUS_TX_FIFO);
        }
    }

    private void push(int value) {
        if (fifoLength == FIFO_WORDS) {
            return; // overflow: QEMU drops the word
        }
        fifo[(fifoPosition + fifoLength) & (FIFO_WORDS - 1)] = value;
        fifoLength++;
    }

    private int pop() {
        if (fifoLength == 0) {
            return 0;
        }
        int value = fifo[fifoPosition];
        fifoLength--;
        fifoPosition = (fifoPosition + 1) & (FIFO_WORDS - 1);
        return value;
    }
}
