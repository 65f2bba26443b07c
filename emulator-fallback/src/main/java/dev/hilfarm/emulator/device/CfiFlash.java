package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.bus.MemoryRegion;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.bus.RomController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A bank of CFI NOR flash with the Intel/Sharp command set, as QEMU's pflash_cfi01 presents it on
 * vexpress-a9: a 32-bit bank of two 16-bit devices, uniform sectors, manufacturer 0x89 device
 * 0x18. Read-array mode reads the region's arrays directly (the bus's fast path); commands switch
 * it to I/O mode for status, identifier and CFI query reads. Program (0x40/0x10), buffered write
 * (0xe8 … 0xd0), block erase (0x20 … 0xd0), clear status (0x50), lock commands (0x60, accepted
 * and ignored) and read array (0xff, 0xf0, 0x00) follow QEMU's sequences, including its quirk of
 * erasing on the 0x20 command itself.
 *
 * <p>With a backing file every program and erase is written through to it, so what the guest
 * stores (U-Boot's saveenv, a flashed image) survives the emulator. The file must be exactly the
 * bank's size, as QEMU requires.
 */
public final class CfiFlash implements RomController {
    static final int CMD_READ_ARRAY = 0x00;
    static final int CMD_PROGRAM = 0x40;
    static final int CMD_PROGRAM_ALT = 0x10;
    static final int CMD_BLOCK_ERASE = 0x20;
    static final int CMD_BLOCK_ERASE_ALT = 0x28;
    static final int CMD_CLEAR_STATUS = 0x50;
    static final int CMD_LOCK = 0x60;
    static final int CMD_READ_STATUS = 0x70;
    static final int CMD_READ_ID = 0x90;
    static final int CMD_CFI_QUERY = 0x98;
    static final int CMD_WRITE_BUFFER = 0xe8;
    static final int CONFIRM = 0xd0;
    static final int STATUS_READY = 0x80;
    static final int STATUS_ERASE_ERROR = 0x20;
    static final int STATUS_PROGRAM_ERROR = 0x10;

    private static final int BANK_WIDTH = 4;
    private static final int DEVICE_WIDTH = 2;

    private final PhysicalBus bus;
    private final MemoryRegion region;
    private final long sectorLength;
    private final int manufacturer;
    private final int device;
    private final FileChannel file;
    private final byte[] cfi = new byte[0x52];
    private final int writeBlockSize;
    private final byte[] scratch = new byte[4];

    private int wcycle;
    private int cmd;
    private int status;
    private long counter;

    private CfiFlash(PhysicalBus bus, MemoryRegion region, long sectorLength, int manufacturer, int device, FileChannel file) {
        this.bus = bus;
        this.region = region;
        this.sectorLength = sectorLength;
        this.manufacturer = manufacturer;
        this.device = device;
        this.file = file;
        this.writeBlockSize = fillCfiTable();
        reset();
    }

    /**
     * Attaches a flash controller to {@code region} (a ROM region of the bus), loading and
     * writing through to {@code backing} when given.
     *
     * @throws IllegalArgumentException naming the file when its size is not the bank's
     */
    public static CfiFlash attach(PhysicalBus bus, MemoryRegion region, long sectorLength, Optional<Path> backing) {
        FileChannel channel = null;
        if (backing.isPresent()) {
            Path path = backing.get();
            try {
                long size = Files.size(path);
                if (size != region.size()) {
                    throw new IllegalArgumentException(String.format("flash image %s is %d bytes; %s needs exactly %d bytes"
                            + " (create one with: truncate -s %d %s)", path, size, region.name(), region.size(), region.size(), path));
                }
                channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < size; at += buffer.capacity()) {
                    buffer.clear();
                    while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) > 0) {
                        // keep reading
                    }
                    if (!allZero(buffer.array(), buffer.position())) {
                        bus.romStore(region, at, buffer.array(), 0, buffer.position(), (byte) 0);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("flash image " + path + ": " + e.getMessage(), e);
            }
        }
        CfiFlash flash = new CfiFlash(bus, region, sectorLength, 0x89, 0x18, channel);
        bus.attachController(region, flash);
        return flash;
    }

    private static boolean allZero(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Power-on state: read-array mode, write state machine ready. */
    public void reset() {
        cmd = CMD_READ_ARRAY;
        wcycle = 0;
        status = STATUS_READY;
        bus.setRomIoMode(region, false);
    }

    /** The CFI query table of one device of the bank; answers the bank's write-buffer size. */
    private int fillCfiTable() {
        int devices = BANK_WIDTH / DEVICE_WIDTH;
        long blocks = region.size() / sectorLength;
        long sectorPerDevice = sectorLength / devices;
        long deviceLength = sectorPerDevice * blocks;
        cfi[0x10] = 'Q';
        cfi[0x11] = 'R';
        cfi[0x12] = 'Y';
        cfi[0x13] = 0x01; // Intel command set
        cfi[0x15] = 0x31; // primary extended table
        cfi[0x1B] = 0x45; // Vcc min
        cfi[0x1C] = 0x55; // Vcc max
        cfi[0x1F] = 0x07;
        cfi[0x20] = 0x07;
        cfi[0x21] = 0x0a;
        cfi[0x23] = 0x04;
        cfi[0x24] = 0x04;
        cfi[0x25] = 0x04;
        cfi[0x27] = (byte) Long.numberOfTrailingZeros(deviceLength);
        cfi[0x28] = 0x02; // x8/x16 interface
        cfi[0x2A] = 0x0B; // 2 KiB write buffer per device
        cfi[0x2C] = 0x01; // one erase block region
        cfi[0x2D] = (byte) (blocks - 1);
        cfi[0x2E] = (byte) ((blocks - 1) >> 8);
        cfi[0x2F] = (byte) (sectorPerDevice >> 8);
        cfi[0x30] = (byte) (sectorPerDevice >> 16);
        cfi[0x31] = 'P';
        cfi[0x32] = 'R';
        cfi[0x33] = 'I';
        cfi[0x34] = '1';
        cfi[0x35] = '0';
        cfi[0x3f] = 0x01;
        return (1 << cfi[0x2A]) * devices;
    }

    @Override
    public int read(long offset, int size) {
        switch (cmd) {
            case CMD_READ_ARRAY:
                return data(offset, size);
            case CMD_PROGRAM, CMD_PROGRAM_ALT, CMD_BLOCK_ERASE, CMD_BLOCK_ERASE_ALT, CMD_CLEAR_STATUS, CMD_LOCK,
                    CMD_READ_STATUS, CMD_WRITE_BUFFER: {
                // One status byte per device of the bank.
                int value = status;
                if (size > DEVICE_WIDTH) {
                    value |= status << 16;
                }
                return value;
            }
            case CMD_READ_ID:
                return replicate(idQuery(offset));
            case CMD_CFI_QUERY: {
                int index = (int) (offset >>> 2);
                return index < cfi.length ? replicate(cfi[index] & 0xff) : 0;
            }
            default:
                wcycle = 0;
                cmd = CMD_READ_ARRAY;
                return data(offset, size);
        }
    }

    private int idQuery(long offset) {
        switch ((int) (offset >>> 2) & 0xff) {
            case 0:
                return manufacturer;
            case 1:
                return device;
            default:
                return 0;
        }
    }

    /** The same 16-bit answer from both devices of the bank. */
    private static int replicate(int value) {
        return (value & 0xffff) | (value << 16);
    }

    private int data(long offset, int size) {
        bus.regionRead(region, offset, scratch, 0, size);
        int value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (scratch[i] & 0xff);
        }
        return value;
    }

    @Override
    public void write(long offset, int size, int value) {
        int command = value & 0xff;
        if (wcycle == 0) {
            bus.setRomIoMode(region, true);
        }
        switch (wcycle) {
            case 0:
                switch (command) {
                    case 0x00, 0xf0, 0xff:
                        readArray();
                        return;
                    case CMD_PROGRAM, CMD_PROGRAM_ALT:
                        break;
                    case CMD_BLOCK_ERASE: {
                        // QEMU erases on the setup command and only checks for the confirm after.
                        long sector = offset & ~(sectorLength - 1);
                        store(sector, null, (int) sectorLength, (byte) 0xff);
                        status |= STATUS_READY;
                        break;
                    }
                    case CMD_CLEAR_STATUS:
                        status = 0;
                        readArray();
                        return;
                    case CMD_LOCK:
                        break;
                    case CMD_READ_STATUS, CMD_READ_ID:
                        cmd = command;
                        return;
                    case CMD_CFI_QUERY:
                        break;
                    case CMD_WRITE_BUFFER:
                        status |= STATUS_READY;
                        break;
                    default:
                        readArray();
                        return;
                }
                wcycle = 1;
                cmd = command;
                return;
            case 1:
                switch (cmd) {
                    case CMD_PROGRAM, CMD_PROGRAM_ALT:
                        program(offset, size, value);
                        status |= STATUS_READY;
                        wcycle = 0;
                        return;
                    case CMD_BLOCK_ERASE, CMD_BLOCK_ERASE_ALT:
                        if (command == CONFIRM) {
                            wcycle = 0;
                            status |= STATUS_READY;
                        } else {
                            readArray();
                        }
                        return;
                    case CMD_WRITE_BUFFER:
                        counter = value & 0xffffL; // word count - 1, per device
                        wcycle = 2;
                        return;
                    case CMD_LOCK:
                        if (command == CONFIRM || command == 0x01) {
                            wcycle = 0;
                            status |= STATUS_READY;
                        } else {
                            readArray();
                        }
                        return;
                    case CMD_CFI_QUERY:
                        if (command == 0xff) {
                            readArray();
                        }
                        return;
                    default:
                        readArray();
                        return;
                }
            case 2:
                if (cmd != CMD_WRITE_BUFFER) {
                    readArray();
                    return;
                }
                program(offset, size, value);
                status |= STATUS_READY;
                if (counter == 0) {
                    wcycle = 3;
                }
                counter--;
                return;
            case 3:
                if (cmd == CMD_WRITE_BUFFER && command == CONFIRM) {
                    wcycle = 0;
                    status |= STATUS_READY;
                } else {
                    readArray();
                }
                return;
            default:
                readArray();
        }
    }

    private void readArray() {
        wcycle = 0;
        cmd = CMD_READ_ARRAY;
        bus.setRomIoMode(region, false);
    }

    private void program(long offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            scratch[i] = (byte) (value >>> (8 * i));
        }
        store(offset, scratch, size, (byte) 0);
    }

    /** Changes the flash (and its file): {@code data}, or {@code fill} repeated when data is null. */
    private void store(long offset, byte[] data, int length, byte fill) {
        bus.romStore(region, offset, data, 0, length, fill);
        if (file == null) {
            return;
        }
        try {
            ByteBuffer buffer;
            if (data != null) {
                buffer = ByteBuffer.wrap(data, 0, length);
            } else {
                byte[] filled = new byte[length];
                java.util.Arrays.fill(filled, fill);
                buffer = ByteBuffer.wrap(filled);
            }
            long position = offset;
            while (buffer.hasRemaining()) {
                position += file.write(buffer, position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the flash image of " + region.name() + ": " + e.getMessage(), e);
        }
    }

    /** The size of the bank's write buffer in bytes (both devices). */
    public int writeBlockSize() {
        return writeBlockSize;
    }
}
