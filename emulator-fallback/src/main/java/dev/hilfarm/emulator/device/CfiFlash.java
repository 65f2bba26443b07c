package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.bus.MemoryRegion;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.bus.RomDevice;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CFI NOR flash with the Intel/Sharp command set, as QEMU 7.2's pflash_cfi01 models the vexpress
 * motherboard's flash: a 32-bit bank of two 16-bit devices, little-endian, manufacturer 0x89
 * device 0x18, uniform 256 KiB bank sectors. Reads in array mode go straight to the memory
 * region's pages (the bus's fast path); the first command write takes the region out of array
 * mode, and this class answers reads (status, ID, CFI query) until a read-array command.
 *
 * <p>Supported: read array (0xff, 0x00, 0xf0), read ID (0x90), CFI query (0x98), read status
 * (0x70), clear status (0x50), block erase (0x20/0x28 then 0xd0), word program (0x40/0x10),
 * buffered write (0xe8, count, data, 0xd0), block lock/unlock (0x60 then 0x01/0xd0, accepted and
 * ignored as QEMU does). Like QEMU, erase happens when 0x20 is written and program overwrites
 * rather than ANDs. With a backing file every program and erase is written through to it, so
 * what the guest stores (U-Boot's saveenv) is there after the emulator exits.
 */
public final class CfiFlash implements RomDevice, AutoCloseable {
    public static final int CMD_READ_ARRAY = 0xff;
    public static final int CMD_READ_ID = 0x90;
    public static final int CMD_CFI_QUERY = 0x98;
    public static final int CMD_READ_STATUS = 0x70;
    public static final int CMD_CLEAR_STATUS = 0x50;
    public static final int CMD_BLOCK_ERASE = 0x20;
    public static final int CMD_BLOCK_ERASE_28 = 0x28;
    public static final int CMD_CONFIRM = 0xd0;
    public static final int CMD_PROGRAM = 0x40;
    public static final int CMD_PROGRAM_10 = 0x10;
    public static final int CMD_WRITE_BUFFER = 0xe8;
    public static final int CMD_LOCK = 0x60;
    public static final int CMD_AMD_PROBE = 0xf0;

    public static final int STATUS_READY = 0x80;
    public static final int STATUS_ERASE_ERROR = 0x20;
    public static final int STATUS_PROGRAM_ERROR = 0x10;

    /** vexpress: 32-bit bank of two x16 devices. */
    public static final int BANK_WIDTH = 4;
    public static final int DEVICE_WIDTH = 2;
    public static final long VEXPRESS_SIZE = 64L << 20;
    public static final int VEXPRESS_SECTOR = 256 << 10;
    static final int IDENT0 = 0x89;
    static final int IDENT1 = 0x18;

    private final PhysicalBus bus;
    private final MemoryRegion region;
    private final String name;
    private final Path path;
    private final RandomAccessFile file;
    private final long size;
    private final int sectorSize;
    private final boolean readOnly;
    private final byte[] cfi = new byte[0x52];
    /** Bytes per buffered write, for the whole bank (QEMU: 2 KiB per device). */
    private final int writeBufferSize;

    private int writeCycle;
    private int command;
    private int status;
    private long counter;

    private CfiFlash(PhysicalBus bus, MemoryRegion region, String name, Path path, RandomAccessFile file, boolean readOnly) {
        this.bus = bus;
        this.region = region;
        this.name = name;
        this.path = path;
        this.file = file;
        this.size = region.size();
        this.sectorSize = VEXPRESS_SECTOR;
        this.readOnly = readOnly;
        int devices = BANK_WIDTH / DEVICE_WIDTH;
        int blocks = (int) (size / sectorSize);
        int sectorPerDevice = sectorSize / devices;
        long deviceSize = (long) sectorPerDevice * blocks;
        cfi[0x10] = 'Q';
        cfi[0x11] = 'R';
        cfi[0x12] = 'Y';
        cfi[0x13] = 0x01; // Intel command set
        cfi[0x15] = 0x31; // primary extended table
        cfi[0x1b] = 0x45;
        cfi[0x1c] = 0x55;
        cfi[0x1f] = 0x07;
        cfi[0x20] = 0x07;
        cfi[0x21] = 0x0a;
        cfi[0x23] = 0x04;
        cfi[0x24] = 0x04;
        cfi[0x25] = 0x04;
        cfi[0x27] = (byte) Long.numberOfTrailingZeros(deviceSize);
        cfi[0x28] = 0x02; // x8/x16 interface
        cfi[0x2a] = 0x0b; // 2 KiB write buffer per device
        cfi[0x2c] = 0x01; // one erase block region
        cfi[0x2d] = (byte) (blocks - 1);
        cfi[0x2e] = (byte) ((blocks - 1) >> 8);
        cfi[0x2f] = (byte) (sectorPerDevice >> 8);
        cfi[0x30] = (byte) (sectorPerDevice >> 16);
        cfi[0x31] = 'P';
        cfi[0x32] = 'R';
        cfi[0x33] = 'I';
        cfi[0x34] = '1';
        cfi[0x35] = '0';
        cfi[0x3f] = 0x01;
        writeBufferSize = (1 << 0x0b) * devices;
        bus.attachRomDevice(region, this);
        reset();
    }

    /** Flash with no backing file: starts zeroed (QEMU's pflash without a drive) and forgets writes. */
    public static CfiFlash volatileFlash(PhysicalBus bus, MemoryRegion region, String name) {
        return new CfiFlash(bus, region, name, null, null, false);
    }

    /**
     * Flash backed by {@code path}, which must be exactly the flash's size (QEMU refuses other
     * sizes: "device requires N bytes, block backend provides M bytes"). Its contents are loaded,
     * and programs and erases written through. A file without write permission makes the flash
     * read-only: erase and program then fail with the status error bits, as on QEMU.
     */
    public static CfiFlash backedBy(PhysicalBus bus, MemoryRegion region, String name, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(name + " image " + path + ": no such file");
        }
        try {
            long fileSize = Files.size(path);
            if (fileSize != region.size()) {
                throw new IllegalArgumentException(name + " image " + path + " is " + fileSize + " bytes; the flash is "
                        + region.size() + " bytes and the file must be exactly that size, as QEMU requires"
                        + " (e.g. truncate -s " + (region.size() >> 20) + "M " + path + ")");
            }
            boolean readOnly = !Files.isWritable(path);
            RandomAccessFile file = new RandomAccessFile(path.toFile(), readOnly ? "r" : "rw");
            CfiFlash flash = new CfiFlash(bus, region, name, path, file, readOnly);
            flash.loadFile();
            return flash;
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " image " + path + ": " + e.getMessage(), e);
        }
    }

    private void loadFile() throws IOException {
        file.seek(0);
        for (int page = 0; page < size >>> PhysicalBus.PAGE_SHIFT; page++) {
            file.readFully(bus.regionPage(region, page));
        }
    }

    public Path path() {
        return path;
    }

    /** Back to read-array mode with the state machine idle and the status ready, as QEMU's system reset. */
    public void reset() {
        writeCycle = 0;
        command = 0;
        status = STATUS_READY;
        counter = 0;
        bus.romArrayMode(region, true);
    }

    private void readArrayMode() {
        writeCycle = 0;
        command = 0;
        bus.romArrayMode(region, true);
    }

    @Override
    public int romRead(long offset, int size) {
        switch (command) {
            case 0x00:
                return readArray(offset, size);
            case CMD_READ_ID:
                return replicate(deviceIdQuery(offset), size);
            case CMD_CFI_QUERY:
                return replicate(cfiQuery(offset), size);
            case CMD_PROGRAM:
            case CMD_PROGRAM_10:
            case CMD_BLOCK_ERASE:
            case CMD_BLOCK_ERASE_28:
            case CMD_CLEAR_STATUS:
            case CMD_LOCK:
            case CMD_READ_STATUS:
            case CMD_WRITE_BUFFER:
                // Every device in the bank reports its status in its own lane.
                return size > DEVICE_WIDTH ? status | status << 16 : status;
            default:
                writeCycle = 0;
                command = 0;
                return readArray(offset, size);
        }
    }

    /** A device's 16-bit answer, repeated in the other device's lane for a 32-bit read. */
    private static int replicate(int perDevice, int size) {
        return size == 4 ? perDevice | perDevice << 16 : perDevice;
    }

    private int deviceIdQuery(long offset) {
        switch ((int) (offset >> 2) & 0xff) {
            case 0:
                return IDENT0;
            case 1:
                return IDENT1;
            default:
                return 0; // block lock status and the rest: not modelled, as in QEMU
        }
    }

    private int cfiQuery(long offset) {
        long index = offset >> 2;
        return index < cfi.length ? cfi[(int) index] & 0xff : 0;
    }

    private int readArray(long offset, int size) {
        byte[] page = bus.regionPage(region, (int) (offset >>> PhysicalBus.PAGE_SHIFT));
        int at = (int) (offset & (PhysicalBus.PAGE_SIZE - 1));
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= (page[at + i] & 0xff) << (8 * i);
        }
        return value;
    }

    @Override
    public void romWrite(long offset, int size, int value) {
        int cmd = value & 0xff;
        if (writeCycle == 0) {
            bus.romArrayMode(region, false);
        }
        switch (writeCycle) {
            case 0:
                switch (cmd) {
                    case 0x00:
                    case CMD_AMD_PROBE:
                    case CMD_READ_ARRAY:
                        readArrayMode();
                        return;
                    case CMD_PROGRAM:
                    case CMD_PROGRAM_10:
                        break;
                    case CMD_BLOCK_ERASE:
                    case CMD_BLOCK_ERASE_28: {
                        long start = offset & ~(long) (sectorSize - 1);
                        if (!readOnly) {
                            fill(start, sectorSize, (byte) 0xff);
                            persist(start, sectorSize);
                        } else {
                            status |= STATUS_ERASE_ERROR;
                        }
                        status |= STATUS_READY;
                        break;
                    }
                    case CMD_CLEAR_STATUS:
                        status = 0;
                        readArrayMode();
                        return;
                    case CMD_LOCK:
                        break;
                    case CMD_READ_STATUS:
                    case CMD_READ_ID:
                        command = cmd;
                        return;
                    case CMD_CFI_QUERY:
                        break;
                    case CMD_WRITE_BUFFER:
                        status |= STATUS_READY;
                        break;
                    default:
                        readArrayMode();
                        return;
                }
                writeCycle++;
                command = cmd;
                return;
            case 1:
                switch (command) {
                    case CMD_PROGRAM:
                    case CMD_PROGRAM_10:
                        if (!readOnly) {
                            store(offset, size, value);
                            persist(offset, size);
                        } else {
                            status |= STATUS_PROGRAM_ERROR;
                        }
                        status |= STATUS_READY;
                        writeCycle = 0;
                        return;
                    case CMD_BLOCK_ERASE:
                    case CMD_BLOCK_ERASE_28:
                        if (cmd == CMD_CONFIRM) {
                            writeCycle = 0;
                            status |= STATUS_READY;
                        } else {
                            readArrayMode();
                        }
                        return;
                    case CMD_WRITE_BUFFER:
                        // The word count (minus one) as each device sees it: one device's lane.
                        counter = value & 0xffff;
                        writeCycle++;
                        return;
                    case CMD_LOCK:
                        if (cmd == CMD_CONFIRM || cmd == 0x01) {
                            writeCycle = 0;
                            status |= STATUS_READY;
                        } else {
                            readArrayMode();
                        }
                        return;
                    case CMD_CFI_QUERY:
                        if (cmd == CMD_READ_ARRAY) {
                            readArrayMode();
                        }
                        return; // other writes leave query mode on
                    default:
                        readArrayMode();
                        return;
                }
            case 2:
                if (command != CMD_WRITE_BUFFER) {
                    readArrayMode();
                    return;
                }
                if (!readOnly) {
                    store(offset, size, value);
                } else {
                    status |= STATUS_PROGRAM_ERROR;
                }
                status |= STATUS_READY;
                if (counter == 0) {
                    long start = offset & ~(long) (writeBufferSize - 1);
                    writeCycle++;
                    if (!readOnly) {
                        persist(start, writeBufferSize);
                    }
                }
                counter--;
                return;
            case 3:
                if (command == CMD_WRITE_BUFFER && cmd == CMD_CONFIRM) {
                    writeCycle = 0;
                    status |= STATUS_READY;
                } else {
                    readArrayMode();
                }
                return;
            default:
                readArrayMode();
        }
    }

    private void store(long offset, int size, int value) {
        byte[] page = bus.regionPage(region, (int) (offset >>> PhysicalBus.PAGE_SHIFT));
        int at = (int) (offset & (PhysicalBus.PAGE_SIZE - 1));
        for (int i = 0; i < size; i++) {
            page[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private void fill(long start, int length, byte value) {
        byte[] page = bus.regionPage(region, (int) (start >>> PhysicalBus.PAGE_SHIFT));
        int at = (int) (start & (PhysicalBus.PAGE_SIZE - 1));
        java.util.Arrays.fill(page, at, at + length, value);
    }

    /** Writes [offset, offset + length) of the flash through to the backing file (one page at most). */
    private void persist(long offset, int length) {
        if (file == null) {
            return;
        }
        byte[] page = bus.regionPage(region, (int) (offset >>> PhysicalBus.PAGE_SHIFT));
        int at = (int) (offset & (PhysicalBus.PAGE_SIZE - 1));
        try {
            file.seek(offset);
            file.write(page, at, Math.min(length, PhysicalBus.PAGE_SIZE - at));
        } catch (IOException e) {
            throw new UncheckedIOException(name + " image " + path + ": writing at " + offset, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
