package dev.hilfarm.emulator.device;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An SD memory card in SD mode (not SPI), backed by an image file, modelled on QEMU 7.2's
 * hw/sd/sd.c as the PL181 drives it: the identification sequence (CMD0, CMD8, ACMD41, CMD2, CMD3),
 * selection (CMD7), CSD/CID (CMD9/10), status (CMD13), block length (CMD16), single and multiple
 * block reads and writes (CMD17/18/24/25, CMD12), and ACMD6/13/51, CMD6. Cards up to 2 GiB are
 * standard capacity (byte addressed, CSD version 1), larger ones SDHC (block addressed, CCS set),
 * as QEMU decides by size. Writes go straight to the file, so they survive the process.
 */
public final class SdCard implements AutoCloseable {
    /** Largest standard-capacity card; QEMU makes anything larger SDHC. */
    public static final long SDSC_MAX_CAPACITY = 2L << 30;
    public static final int BLOCK_SIZE = 512;

    // Card states (the CURRENT_STATE field of the card status).
    static final int STATE_IDLE = 0;
    static final int STATE_READY = 1;
    static final int STATE_IDENTIFICATION = 2;
    static final int STATE_STANDBY = 3;
    static final int STATE_TRANSFER = 4;
    static final int STATE_SENDING_DATA = 5;
    static final int STATE_RECEIVING_DATA = 6;

    // Card status bits.
    static final int ADDRESS_ERROR = 1 << 30;
    static final int BLOCK_LEN_ERROR = 1 << 29;
    static final int ILLEGAL_COMMAND = 1 << 22;
    static final int READY_FOR_DATA = 1 << 8;
    static final int APP_CMD = 1 << 5;
    static final int CURRENT_STATE_SHIFT = 9;
    /** Bits cleared when read (sd.c CARD_STATUS_C). */
    static final int STATUS_CLEAR_ON_READ = 0xfd39a028;
    /** Bits cleared by the next valid command (sd.c CARD_STATUS_B). */
    static final int STATUS_CLEAR_ON_VALID = 0x00c01e00;

    static final int OCR_VOLTAGE_WINDOW = 0x00ffff00;
    static final int OCR_CARD_CAPACITY = 1 << 30;
    static final int OCR_POWER_UP = 1 << 31;
    /** ACMD41 arguments with none of these bits are enquiries. */
    static final int ACMD41_ENQUIRY_MASK = 0x00ffffff;

    private final Path path;
    private final RandomAccessFile file;
    private final long size;
    private final boolean highCapacity;
    private final byte[] cid = new byte[16];
    private final byte[] csd = new byte[16];
    private final byte[] scr = new byte[8];
    /** The 64-byte SD status (ACMD13): all zero but the bus width ACMD6 sets. */
    private final byte[] sdStatus = new byte[64];
    /** The block (or status/SCR/switch data) being transferred. */
    private final byte[] data = new byte[BLOCK_SIZE];

    private int state;
    private int cardStatus;
    private int ocr;
    private int rca;
    private int vhs;
    private int blockLength;
    private boolean expectingAppCommand;
    private int currentCommand;
    private long dataStart;
    private int dataOffset;
    private int dataLength;

    private SdCard(Path path, RandomAccessFile file, long size) {
        this.path = path;
        this.file = file;
        this.size = size;
        this.highCapacity = size > SDSC_MAX_CAPACITY;
        reset();
    }

    /**
     * Opens an SD card image read-write. Refuses, naming the file, one that is missing, unreadable
     * or not a power of two in size (QEMU 7.2 refuses those too: a real card's capacity is).
     */
    public static SdCard open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("SD card image " + path + ": no such file");
        }
        try {
            long size = Files.size(path);
            if (size < BLOCK_SIZE || Long.bitCount(size) != 1) {
                throw new IllegalArgumentException("SD card image " + path + " is " + size
                        + " bytes; its size must be a power of two (as QEMU requires), e.g. truncate -s 64M " + path);
            }
            return new SdCard(path, new RandomAccessFile(path.toFile(), Files.isWritable(path) ? "rw" : "r"), size);
        } catch (IOException e) {
            throw new IllegalArgumentException("SD card image " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    public boolean highCapacity() {
        return highCapacity;
    }

    /** Power-on state (QEMU's sd_reset): idle, no address, 512-byte blocks, not yet powered up. */
    public void reset() {
        state = STATE_IDLE;
        rca = 0;
        cardStatus = READY_FOR_DATA;
        ocr = OCR_VOLTAGE_WINDOW;
        vhs = 0;
        blockLength = BLOCK_SIZE;
        expectingAppCommand = false;
        currentCommand = 0;
        dataStart = 0;
        dataOffset = 0;
        dataLength = 0;
        setCid();
        setCsd();
        scr[0] = 0x02; // SCR version 1.0, SD physical layer spec 2.00
        scr[1] = 0x25; // SDSC security 1.01; 1- and 4-bit buses
        for (int i = 2; i < scr.length; i++) {
            scr[i] = 0;
        }
        java.util.Arrays.fill(sdStatus, (byte) 0);
    }

    private void setCid() {
        cid[0] = (byte) 0xaa; // manufacturer
        cid[1] = 'X';
        cid[2] = 'Y';
        cid[3] = 'Q';
        cid[4] = 'E';
        cid[5] = 'M';
        cid[6] = 'U';
        cid[7] = '!';
        cid[8] = 0x01; // product revision
        cid[9] = (byte) 0xde;
        cid[10] = (byte) 0xad;
        cid[11] = (byte) 0xbe;
        cid[12] = (byte) 0xef;
        cid[13] = 0x00; // manufactured 2006-02
        cid[14] = 0x62;
        cid[15] = (byte) ((crc7(cid, 15) << 1) | 1);
    }

    private void setCsd() {
        if (!highCapacity) {
            int blockShift = 9;
            int multShift = 9;
            int sectorSize = (1 << (5 + 1)) - 1;
            int wpSize = (1 << (7 + 1)) - 1;
            int cSize = (int) (size >> (multShift + blockShift)) - 1;
            csd[0] = 0x00;
            csd[1] = 0x26;
            csd[2] = 0x00;
            csd[3] = 0x32;
            csd[4] = 0x5f;
            csd[5] = (byte) (0x50 | blockShift);
            csd[6] = (byte) (0xe0 | ((cSize >> 10) & 0x03));
            csd[7] = (byte) ((cSize >> 2) & 0xff);
            csd[8] = (byte) (0x3f | ((cSize << 6) & 0xc0));
            csd[9] = (byte) (0xfc | ((multShift - 2) >> 1));
            csd[10] = (byte) (0x40 | (((multShift - 2) << 7) & 0x80) | (sectorSize >> 1));
            csd[11] = (byte) (((sectorSize << 7) & 0x80) | wpSize);
            csd[12] = (byte) (0x90 | (blockShift >> 2));
            csd[13] = (byte) (0x20 | ((blockShift << 6) & 0xc0));
            csd[14] = 0x00;
        } else {
            long cSize = size / (512 * 1024) - 1;
            csd[0] = 0x40;
            csd[1] = 0x0e;
            csd[2] = 0x00;
            csd[3] = 0x32;
            csd[4] = 0x5b;
            csd[5] = 0x59;
            csd[6] = 0x00;
            csd[7] = (byte) (cSize >> 16);
            csd[8] = (byte) (cSize >> 8);
            csd[9] = (byte) cSize;
            csd[10] = 0x7f;
            csd[11] = (byte) 0x80;
            csd[12] = 0x0a;
            csd[13] = 0x40;
            csd[14] = 0x00;
        }
        csd[15] = (byte) ((crc7(csd, 15) << 1) | 1);
    }

    static int crc7(byte[] message, int length) {
        int shift = 0;
        for (int i = 0; i < length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                shift = (shift << 1) & 0xff;
                if (((shift >> 7) ^ ((message[i] >> bit) & 1)) != 0) {
                    shift ^= 0x89;
                }
            }
        }
        return shift & 0x7f;
    }

    /**
     * Carries out a command and writes its response, big-endian as on the wire without start, CRC
     * and end bits, into {@code response}. Returns the response length: 0 (no response: the
     * controller reports a timeout), 4, or 16 (R2).
     */
    public int command(int index, int argument, byte[] response) {
        int lastState = state;
        int type;
        if (expectingAppCommand) {
            expectingAppCommand = false;
            type = appCommand(index, argument);
        } else {
            type = normalCommand(index, argument);
        }
        if (type == ILLEGAL) {
            cardStatus |= ILLEGAL_COMMAND;
            return 0;
        }
        currentCommand = index;
        cardStatus = (cardStatus & ~(0xf << CURRENT_STATE_SHIFT)) | (lastState << CURRENT_STATE_SHIFT);
        int length;
        switch (type) {
            case R1:
                putInt(response, 0, cardStatus);
                cardStatus &= ~STATUS_CLEAR_ON_READ;
                length = 4;
                break;
            case R2_CID:
                System.arraycopy(cid, 0, response, 0, 16);
                length = 16;
                break;
            case R2_CSD:
                System.arraycopy(csd, 0, response, 0, 16);
                length = 16;
                break;
            case R3:
                putInt(response, 0, ocr);
                length = 4;
                break;
            case R6: {
                int status = ((cardStatus >>> 8) & 0xc000) | ((cardStatus >>> 6) & 0x2000) | (cardStatus & 0x1fff);
                cardStatus &= ~(STATUS_CLEAR_ON_READ & 0xc81fff);
                putInt(response, 0, (rca << 16) | status);
                length = 4;
                break;
            }
            case R7:
                putInt(response, 0, vhs);
                length = 4;
                break;
            default:
                length = 0;
                break;
        }
        cardStatus &= ~STATUS_CLEAR_ON_VALID;
        return length;
    }

    private static final int ILLEGAL = -1;
    private static final int R0 = 0;
    private static final int R1 = 1;
    private static final int R2_CID = 2;
    private static final int R2_CSD = 3;
    private static final int R3 = 4;
    private static final int R6 = 6;
    private static final int R7 = 7;

    private int normalCommand(int index, int argument) {
        // Not an application command: QEMU drops APP_CMD before the response shows the status.
        cardStatus &= ~APP_CMD;
        int addressedRca = argument >>> 16;
        switch (index) {
            case 0: // GO_IDLE_STATE
                reset();
                return R0;
            case 2: // ALL_SEND_CID
                if (state != STATE_READY) {
                    return ILLEGAL;
                }
                state = STATE_IDENTIFICATION;
                return R2_CID;
            case 3: // SEND_RELATIVE_ADDR
                if (state != STATE_IDENTIFICATION && state != STATE_STANDBY) {
                    return ILLEGAL;
                }
                state = STATE_STANDBY;
                rca = (rca + 0x4567) & 0xffff;
                return R6;
            case 6: // SWITCH_FUNC
                if (state != STATE_TRANSFER) {
                    return ILLEGAL;
                }
                switchFunction(argument);
                startSending(64);
                return R1;
            case 7: // SELECT/DESELECT_CARD
                if (state == STATE_STANDBY) {
                    if (rca != addressedRca) {
                        return R0;
                    }
                    state = STATE_TRANSFER;
                    return R1;
                }
                if (state == STATE_TRANSFER || state == STATE_SENDING_DATA) {
                    if (rca == addressedRca) {
                        return ILLEGAL;
                    }
                    state = STATE_STANDBY;
                    return R1;
                }
                return ILLEGAL;
            case 8: // SEND_IF_COND
                if (state != STATE_IDLE) {
                    return ILLEGAL;
                }
                vhs = 0;
                int voltage = argument >>> 8;
                if (voltage == 0 || Integer.bitCount(voltage & 0xf) != 1 || (voltage & ~0xf) != 0) {
                    return R0;
                }
                vhs = argument;
                return R7;
            case 9: // SEND_CSD
            case 10: // SEND_CID
                if (state != STATE_STANDBY) {
                    return ILLEGAL;
                }
                if (rca != addressedRca) {
                    return R0;
                }
                return index == 9 ? R2_CSD : R2_CID;
            case 12: // STOP_TRANSMISSION
                if (state == STATE_SENDING_DATA || state == STATE_RECEIVING_DATA) {
                    state = STATE_TRANSFER;
                    return R1;
                }
                return ILLEGAL;
            case 13: // SEND_STATUS
                if (state < STATE_STANDBY) {
                    return ILLEGAL;
                }
                return rca == addressedRca ? R1 : R0;
            case 16: // SET_BLOCKLEN
                if (state != STATE_TRANSFER) {
                    return ILLEGAL;
                }
                if (argument > BLOCK_SIZE || argument <= 0) {
                    cardStatus |= BLOCK_LEN_ERROR;
                } else {
                    blockLength = argument;
                }
                return R1;
            case 17: // READ_SINGLE_BLOCK
            case 18: // READ_MULTIPLE_BLOCK
            case 24: // WRITE_BLOCK
            case 25: // WRITE_MULTIPLE_BLOCK
                if (state != STATE_TRANSFER) {
                    return ILLEGAL;
                }
                long address = highCapacity ? (argument & 0xffffffffL) << 9 : argument & 0xffffffffL;
                if (address + ioLength() > size) {
                    cardStatus |= ADDRESS_ERROR;
                    return R1;
                }
                dataStart = address;
                dataOffset = 0;
                dataLength = ioLength();
                state = index < 24 ? STATE_SENDING_DATA : STATE_RECEIVING_DATA;
                return R1;
            case 55: // APP_CMD
                if (state == STATE_READY || state == STATE_IDENTIFICATION) {
                    return ILLEGAL;
                }
                if (rca != addressedRca) {
                    return R0;
                }
                expectingAppCommand = true;
                cardStatus |= APP_CMD;
                return R1;
            default:
                return ILLEGAL;
        }
    }

    private int appCommand(int index, int argument) {
        cardStatus |= APP_CMD;
        switch (index) {
            case 6: // SET_BUS_WIDTH: no bus to change, but the SD status reports the width
                if (state != STATE_TRANSFER) {
                    return ILLEGAL;
                }
                sdStatus[0] = (byte) ((sdStatus[0] & 0x3f) | (argument & 3) << 6);
                return R1;
            case 13: // SD_STATUS
                if (state != STATE_TRANSFER) {
                    return ILLEGAL;
                }
                System.arraycopy(sdStatus, 0, data, 0, 64);
                startSending(64);
                return R1;
            case 41: // SD_SEND_OP_COND
                if (state != STATE_IDLE) {
                    return ILLEGAL;
                }
                // QEMU powers up at once unless the argument is a pure enquiry (no voltage bits),
                // after which it powers up 0.5 ms later; a driver always asks again.
                if ((ocr & OCR_POWER_UP) == 0 && (argument & ACMD41_ENQUIRY_MASK) != 0) {
                    powerUp();
                }
                if ((ocr & argument & OCR_VOLTAGE_WINDOW) != 0) {
                    state = STATE_READY;
                }
                return R3;
            case 51: // SEND_SCR
                if (state != STATE_TRANSFER) {
                    return ILLEGAL;
                }
                System.arraycopy(scr, 0, data, 0, 8);
                startSending(8);
                return R1;
            default:
                // Other application commands are ordinary ones sent after CMD55.
                return normalCommand(index, argument);
        }
    }

    /** An enquiry ACMD41 is answered without power-up bit; QEMU sets it on a timer, the model on the next ACMD41. */
    private void powerUp() {
        ocr |= OCR_POWER_UP;
        if (highCapacity) {
            ocr |= OCR_CARD_CAPACITY;
        }
    }

    private void switchFunction(int argument) {
        java.util.Arrays.fill(data, 0, 64, (byte) 0);
        byte[] d = data;
        d[1] = 0x01;
        d[2] = (byte) 0x80;
        d[3] = 0x01;
        d[4] = (byte) 0x80;
        d[5] = 0x01;
        d[6] = (byte) 0x80;
        d[7] = 0x01;
        d[8] = (byte) 0x80;
        d[9] = 0x01;
        d[10] = (byte) 0x80;
        d[11] = 0x43;
        d[12] = (byte) 0x80;
        d[13] = 0x03;
        for (int i = 0; i < 6; i++) {
            int function = (argument >>> (i * 4)) & 0xf;
            d[16 - (i >> 1)] |= (byte) (function << ((i % 2) * 4));
        }
    }

    private void startSending(int length) {
        dataOffset = 0;
        dataLength = length;
        dataStart = -1; // not a card block
        state = STATE_SENDING_DATA;
    }

    private int ioLength() {
        return highCapacity ? BLOCK_SIZE : blockLength;
    }

    /** Whether the card has data for the controller to read. */
    public boolean dataReady() {
        return state == STATE_SENDING_DATA;
    }

    /** The next byte of the data being sent (0 when nothing is). */
    public int readData() {
        if (state != STATE_SENDING_DATA) {
            return 0;
        }
        boolean block = currentCommand == 17 || currentCommand == 18;
        if (block && dataOffset == 0) {
            if (dataStart + dataLength > size) {
                cardStatus |= ADDRESS_ERROR;
                return 0;
            }
            readBlock(dataStart, dataLength);
        }
        int value = data[dataOffset++] & 0xff;
        if (dataOffset >= dataLength) {
            if (currentCommand == 18) {
                dataStart += dataLength;
                dataOffset = 0;
            } else {
                state = STATE_TRANSFER;
            }
        }
        return value;
    }

    /** Takes the next byte of a block being written. */
    public void writeData(int value) {
        if (state != STATE_RECEIVING_DATA) {
            return;
        }
        if (dataOffset == 0 && dataStart + dataLength > size) {
            cardStatus |= ADDRESS_ERROR;
            return;
        }
        data[dataOffset++] = (byte) value;
        if (dataOffset >= dataLength) {
            writeBlock(dataStart, dataLength);
            csd[14] |= 0x40; // the COPY bit, set by any write (CRC left as is, as QEMU does)
            if (currentCommand == 25) {
                dataStart += dataLength;
                dataOffset = 0;
            } else {
                state = STATE_TRANSFER;
            }
        }
    }

    private void readBlock(long offset, int length) {
        try {
            file.seek(offset);
            file.readFully(data, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("SD card image " + path + ": reading at " + offset, e);
        }
    }

    private void writeBlock(long offset, int length) {
        try {
            file.seek(offset);
            file.write(data, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("SD card image " + path + ": writing at " + offset, e);
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
