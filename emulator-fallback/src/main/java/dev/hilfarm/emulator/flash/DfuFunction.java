package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.DfuSeLayout;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.emulator.usb.EmulatedUsbPort;
import dev.hilfarm.emulator.usb.UsbFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A DFU 1.1 function as U-Boot's gadget presents it: a run-time interface that DETACH turns
 * into a DFU-mode device (it re-enumerates), one alternate setting per {@link StorageRegion},
 * downloads written block by block into the region's file (what arrived before an interruption
 * stays written), uploads read back from it, and the DFU state machine with its status codes,
 * STALLing what the current state does not allow.
 *
 * <p>{@code manifestationTolerant} false makes the device reset at the end of manifestation, as
 * many do: it vanishes from the bus (the host sees NO_DEVICE) and comes back in run-time mode.
 */
public final class DfuFunction implements UsbFunction {
    // Requests (DFU 1.1, section 3).
    static final int DETACH = 0;
    static final int DNLOAD = 1;
    static final int UPLOAD = 2;
    static final int GETSTATUS = 3;
    static final int CLRSTATUS = 4;
    static final int GETSTATE = 5;
    static final int ABORT = 6;

    // States (section 6.1.2).
    static final int APP_IDLE = 0;
    static final int APP_DETACH = 1;
    static final int DFU_IDLE = 2;
    static final int DNLOAD_SYNC = 3;
    static final int DNBUSY = 4;
    static final int DNLOAD_IDLE = 5;
    static final int MANIFEST_SYNC = 6;
    static final int MANIFEST = 7;
    static final int MANIFEST_WAIT_RESET = 8;
    static final int UPLOAD_IDLE = 9;
    static final int DFU_ERROR = 10;

    // Status codes.
    static final int OK = 0x00;
    static final int ERR_TARGET = 0x01;
    static final int ERR_WRITE = 0x03;
    static final int ERR_PROG = 0x06;
    static final int ERR_ADDRESS = 0x08;
    static final int ERR_NOTDONE = 0x09;
    static final int ERR_STALLEDPKT = 0x0f;

    /** bmAttributes: can download, can upload, (manifestation tolerant), will detach. */
    private static final int CAN_DOWNLOAD = 1;
    private static final int CAN_UPLOAD = 2;
    private static final int MANIFESTATION_TOLERANT = 4;
    private static final int WILL_DETACH = 8;
    private static final int POLL_TIMEOUT_MS = 5;

    private final EmulatedUsbPort port;
    private final UsbId id;
    private final List<StorageRegion> targets;
    private final int transferSize;
    private final boolean manifestationTolerant;
    private final UsbDeviceInfo runtimeInfo;
    private final UsbDeviceInfo dfuInfo;

    private boolean dfuMode;
    private int state;
    private int status;
    private int alternate;
    private long written;
    private long uploaded;
    private int expectedBlock;

    /* DfuSe (ST's extension, bcdDFU 0x011a): one memory per alternate setting, addressed through a pointer. */
    private final List<DfuSeLayout> dfuse;
    private long pointer;

    /** DfuSe commands, the first byte of a block-0 download. */
    static final int DFUSE_GET_COMMANDS = 0x00;
    static final int DFUSE_SET_ADDRESS = 0x21;
    static final int DFUSE_ERASE = 0x41;
    static final int DFUSE_READ_UNPROTECT = 0x92;

    public DfuFunction(EmulatedUsbPort port, UsbId id, List<StorageRegion> targets, int transferSize, boolean manifestationTolerant) {
        this(port, id, targets, List.of(), transferSize, manifestationTolerant);
    }

    /**
     * A DfuSe device (bcdDFU 0x011a): alternate setting i is the memory {@code layouts.get(i)}
     * describes (its interface string), backed by {@code targets.get(i)} from the layout's base
     * address on. Flash semantics: sectors must be erased (to 0xff) before they are written.
     */
    public static DfuFunction dfuse(EmulatedUsbPort port, UsbId id, List<StorageRegion> targets, List<String> layouts,
                                    int transferSize) {
        if (layouts.size() != targets.size()) {
            throw new IllegalArgumentException("one DfuSe layout per target: " + layouts.size() + " for " + targets.size());
        }
        return new DfuFunction(port, id, targets, layouts, transferSize, true);
    }

    private DfuFunction(EmulatedUsbPort port, UsbId id, List<StorageRegion> targets, List<String> layouts, int transferSize,
                        boolean manifestationTolerant) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a DFU function needs at least one target");
        }
        this.dfuse = layouts.stream().map(DfuSeLayout::parse).toList();
        this.port = port;
        this.id = id;
        this.targets = List.copyOf(targets);
        this.transferSize = transferSize;
        this.manifestationTolerant = manifestationTolerant;
        List<Integer> functional = functionalDescriptor(transferSize, manifestationTolerant, !layouts.isEmpty());
        this.runtimeInfo = new UsbDeviceInfo(id, "DFU0001", List.of(new UsbInterface(0, 0, 0xfe, 1, 1, List.of(), "DFU", functional)));
        List<UsbInterface> alternates = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            alternates.add(new UsbInterface(0, i, 0xfe, 1, 2, List.of(), layouts.isEmpty() ? targets.get(i).name() : layouts.get(i),
                    functional));
        }
        this.dfuInfo = new UsbDeviceInfo(id, "DFU0001", alternates);
    }

    /** DFU functional descriptor (DFU 1.1, 4.1.3): 9 bytes, type 0x21; bcdDFU 0x011a for DfuSe. */
    private static List<Integer> functionalDescriptor(int transferSize, boolean tolerant, boolean dfuse) {
        int attributes = CAN_DOWNLOAD | CAN_UPLOAD | WILL_DETACH | (tolerant ? MANIFESTATION_TOLERANT : 0);
        return List.of(9, 0x21, attributes, 0xe8, 0x03, transferSize & 0xff, transferSize >>> 8, dfuse ? 0x1a : 0x10, 0x01);
    }

    /** Plugs the function in, in run-time mode (as a running bootloader shows it) or already in DFU mode. */
    public void attach(boolean inDfuMode) {
        dfuMode = inDfuMode;
        state = inDfuMode ? DFU_IDLE : APP_IDLE;
        status = OK;
        alternate = 0;
        port.attach(this);
    }

    @Override
    public synchronized UsbDeviceInfo info() {
        return dfuMode ? dfuInfo : runtimeInfo;
    }

    @Override
    public synchronized void setAlternate(int interfaceNumber, int alt) throws UsbException {
        if (!dfuMode || interfaceNumber != 0 || alt < 0 || alt >= targets.size() || (state != DFU_IDLE)) {
            throw stall("SET_INTERFACE " + interfaceNumber + "/" + alt + " in state " + state);
        }
        alternate = alt;
    }

    @Override
    public synchronized int control(int requestType, int request, int value, int index, byte[] data, int length)
            throws UsbException {
        if ((requestType & 0x60) != 0x20) {
            throw stall("not a class request");
        }
        if (!dfuMode) {
            return runtimeRequest(request, data, length);
        }
        switch (request) {
            case DNLOAD:
                return download(value, data, length);
            case UPLOAD:
                return dfuse.isEmpty() ? upload(data, length) : dfuseUpload(value, data, length);
            case GETSTATUS:
                return getStatus(data);
            case CLRSTATUS:
                if (state != DFU_ERROR) {
                    throw stall("CLRSTATUS outside dfuERROR");
                }
                state = DFU_IDLE;
                status = OK;
                return 0;
            case GETSTATE:
                data[0] = (byte) state;
                return 1;
            case ABORT:
                if (state == DFU_IDLE || state == DNLOAD_IDLE || state == UPLOAD_IDLE || state == DNLOAD_SYNC) {
                    state = DFU_IDLE;
                    return 0;
                }
                throw stall("ABORT in state " + state);
            default:
                throw stall("request " + request);
        }
    }

    private int runtimeRequest(int request, byte[] data, int length) throws UsbException {
        switch (request) {
            case DETACH:
                // WillDetach: the device re-enumerates in DFU mode by itself; old handles are gone.
                attach(true);
                return 0;
            case GETSTATUS:
                status(data, OK, 0, state);
                return 6;
            case GETSTATE:
                data[0] = (byte) state;
                return 1;
            default:
                throw new UsbException.Stall("DFU run-time mode: request " + request + " not supported");
        }
    }

    private int download(int block, byte[] data, int length) throws UsbException {
        if (!dfuse.isEmpty() && length > 0) {
            return dfuseDownload(block, data, length);
        }
        StorageRegion target = targets.get(alternate);
        if (length == 0) {
            if (state != DNLOAD_IDLE) {
                throw stall("zero-length DNLOAD in state " + state);
            }
            state = MANIFEST_SYNC;
            return 0;
        }
        if (state == DFU_IDLE) {
            written = 0;
            expectedBlock = 0;
        } else if (state != DNLOAD_IDLE) {
            throw stall("DNLOAD in state " + state);
        }
        if (length > transferSize) {
            throw stall("DNLOAD of " + length + " bytes, wTransferSize is " + transferSize);
        }
        if (block != (expectedBlock & 0xffff)) {
            return error(ERR_NOTDONE, "DNLOAD block " + block + ", expected " + (expectedBlock & 0xffff));
        }
        if (written + length > target.size()) {
            return error(ERR_ADDRESS, "download beyond the end of " + target.name() + " (" + target.size() + " bytes)");
        }
        try (FileChannel channel = FileChannel.open(target.file(), StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
            long position = target.offset() + written;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException e) {
            return error(ERR_WRITE, "writing " + target.file() + ": " + e.getMessage());
        }
        written += length;
        expectedBlock++;
        state = DNLOAD_SYNC;
        return 0;
    }

    /**
     * A DfuSe download: block 0 carries a command (set the address pointer, erase a sector or
     * everything, read unprotect), blocks from 2 on carry data for pointer + (block - 2) *
     * wTransferSize. Writing where the flash is not erased, or outside the layout, is an error
     * the host reads with GETSTATUS.
     */
    private int dfuseDownload(int block, byte[] data, int length) throws UsbException {
        if (state != DFU_IDLE && state != DNLOAD_IDLE) {
            throw stall("DNLOAD in state " + state);
        }
        if (length > transferSize) {
            throw stall("DNLOAD of " + length + " bytes, wTransferSize is " + transferSize);
        }
        DfuSeLayout layout = dfuse.get(alternate);
        StorageRegion target = targets.get(alternate);
        if (block == 0) {
            int command = data[0] & 0xff;
            long address = length >= 5 ? (data[1] & 0xffL) | (data[2] & 0xffL) << 8 | (data[3] & 0xffL) << 16 | (data[4] & 0xffL) << 24 : -1;
            switch (command) {
                case DFUSE_SET_ADDRESS -> {
                    if (address < 0 || layout.sectors(address, 1).isEmpty()) {
                        return error(ERR_TARGET, String.format("set address 0x%08x: outside %s", address, layout.name()));
                    }
                    pointer = address;
                }
                case DFUSE_ERASE -> {
                    List<DfuSeLayout.Sector> sectors = length == 1 ? layout.sectors() : layout.sectors(address, 1);
                    if (sectors.isEmpty() || sectors.stream().anyMatch(x -> !x.erasable())) {
                        return error(ERR_TARGET, String.format("erase 0x%08x: not an erasable sector of %s", address, layout.name()));
                    }
                    for (DfuSeLayout.Sector x : sectors) {
                        fill(target, x.address() - layout.base(), x.size(), (byte) 0xff);
                    }
                }
                case DFUSE_READ_UNPROTECT -> {
                    // nothing is protected in the model
                }
                default -> {
                    return error(ERR_TARGET, String.format("DfuSe command 0x%02x", command));
                }
            }
            state = DNLOAD_SYNC;
            return 0;
        }
        if (block == 1) {
            return error(ERR_TARGET, "DfuSe block 1 is not used");
        }
        long address = pointer + (long) (block - 2) * transferSize;
        List<DfuSeLayout.Sector> sectors = layout.sectors(address, length);
        if (sectors.isEmpty() || sectors.stream().anyMatch(x -> !x.writable())) {
            return error(ERR_ADDRESS, String.format("write of %d bytes at 0x%08x: outside the writable memory of %s", length, address,
                    layout.name()));
        }
        try (FileChannel channel = FileChannel.open(target.file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long position = target.offset() + address - layout.base();
            ByteBuffer old = ByteBuffer.allocate(length);
            while (old.hasRemaining() && channel.read(old, position + old.position()) >= 0) {
                // read what is there now
            }
            for (int i = 0; i < length; i++) {
                if (old.get(i) != (byte) 0xff) {
                    return error(ERR_PROG, String.format("write at 0x%08x: not erased", address + i));
                }
            }
            ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } catch (IOException e) {
            return error(ERR_WRITE, "writing " + target.file() + ": " + e.getMessage());
        }
        state = DNLOAD_SYNC;
        return 0;
    }

    /** A DfuSe upload: block 0 lists the commands, blocks from 2 on read from the pointer on. */
    private int dfuseUpload(int block, byte[] data, int length) throws UsbException {
        if (state != DFU_IDLE && state != UPLOAD_IDLE) {
            throw stall("UPLOAD in state " + state);
        }
        if (block == 0) {
            byte[] commands = {DFUSE_GET_COMMANDS, DFUSE_SET_ADDRESS, DFUSE_ERASE, (byte) DFUSE_READ_UNPROTECT};
            int n = Math.min(length, commands.length);
            System.arraycopy(commands, 0, data, 0, n);
            state = DFU_IDLE;
            return n;
        }
        DfuSeLayout layout = dfuse.get(alternate);
        long address = pointer + (long) (block - 2) * transferSize;
        long available = layout.base() + layout.size() - address;
        if (block < 2 || available < 0) {
            return error(ERR_ADDRESS, String.format("upload block %d: address 0x%08x outside %s", block, address, layout.name()));
        }
        int n = (int) Math.min(Math.min(length, transferSize), available);
        StorageRegion target = targets.get(alternate);
        try (FileChannel channel = FileChannel.open(target.file(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(data, 0, n);
            long position = target.offset() + address - layout.base();
            while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
                // read until full or end of file
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        state = n < length ? DFU_IDLE : UPLOAD_IDLE;
        return n;
    }

    private static void fill(StorageRegion target, long offset, long size, byte value) throws UsbException {
        byte[] chunk = new byte[(int) Math.min(size, 1 << 16)];
        java.util.Arrays.fill(chunk, value);
        try (FileChannel channel = FileChannel.open(target.file(), StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; ) {
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, size - done));
                done += channel.write(b, target.offset() + offset + done);
            }
        } catch (IOException e) {
            throw new UsbException.Stall("DfuSe erase: " + e.getMessage());
        }
    }

    private int upload(byte[] data, int length) throws UsbException {
        StorageRegion target = targets.get(alternate);
        if (state == DFU_IDLE) {
            uploaded = 0;
        } else if (state != UPLOAD_IDLE) {
            throw stall("UPLOAD in state " + state);
        }
        int n = (int) Math.min(Math.min(length, transferSize), target.size() - uploaded);
        try (FileChannel channel = FileChannel.open(target.file(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(data, 0, n);
            long position = target.offset() + uploaded;
            while (buffer.hasRemaining()) {
                int r = channel.read(buffer, position);
                if (r < 0) {
                    break;
                }
                position += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uploaded += n;
        // A short packet ends the upload.
        state = n < length ? DFU_IDLE : UPLOAD_IDLE;
        return n;
    }

    private int getStatus(byte[] data) throws UsbException {
        int poll = 0;
        switch (state) {
            case DNLOAD_SYNC:
                // The block is written already; report busy once so hosts honour bwPollTimeout.
                state = DNBUSY;
                poll = POLL_TIMEOUT_MS;
                break;
            case DNBUSY:
                state = DNLOAD_IDLE;
                break;
            case MANIFEST_SYNC:
                state = MANIFEST;
                poll = POLL_TIMEOUT_MS;
                break;
            case MANIFEST:
                if (manifestationTolerant) {
                    state = DFU_IDLE;
                } else {
                    // Reset at the end of manifestation: gone from the bus, back in run-time mode.
                    state = MANIFEST_WAIT_RESET;
                    status(data, status, 0, state);
                    attach(false);
                    return 6;
                }
                break;
            default:
                break;
        }
        status(data, status, poll, state);
        return 6;
    }

    private static void status(byte[] data, int status, int pollMs, int state) {
        data[0] = (byte) status;
        data[1] = (byte) pollMs;
        data[2] = (byte) (pollMs >>> 8);
        data[3] = (byte) (pollMs >>> 16);
        data[4] = (byte) state;
        data[5] = 0;
    }

    private int error(int code, String why) throws UsbException {
        state = DFU_ERROR;
        status = code;
        throw new UsbException.Stall("DFU: " + why);
    }

    private UsbException stall(String why) {
        state = DFU_ERROR;
        status = ERR_STALLEDPKT;
        return new UsbException.Stall("DFU: " + why);
    }
}
