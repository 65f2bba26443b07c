package dev.hilfarm.harness.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.DfuSeLayout;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbHost;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.board.usb.UsbTransport;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The host side of DFU 1.1: finds the device by its IDs, detaches a run-time device into DFU mode
 * and waits for it to re-enumerate, selects the alternate setting by name, downloads in blocks of
 * the device's wTransferSize with GETSTATUS polling that honours bwPollTimeout, manifests, and
 * uploads. A device that resets during manifestation (it vanishes: NO_DEVICE) has finished; one
 * that vanishes during the download has not, and that is reported as an interruption with the
 * bytes that were sent.
 */
public final class DfuClient {
    static final int DETACH = 0;
    static final int DNLOAD = 1;
    static final int UPLOAD = 2;
    static final int GETSTATUS = 3;
    static final int CLRSTATUS = 4;

    static final int STATE_DFU_IDLE = 2;
    static final int STATE_DNBUSY = 4;
    static final int STATE_DNLOAD_IDLE = 5;
    static final int STATE_MANIFEST_SYNC = 6;
    static final int STATE_MANIFEST = 7;
    static final int STATE_MANIFEST_WAIT_RESET = 8;
    static final int STATE_DFU_ERROR = 10;

    private static final int REQUEST_OUT = UsbTransport.TYPE_CLASS | UsbTransport.RECIPIENT_INTERFACE;
    private static final int REQUEST_IN = UsbTransport.DIR_IN | REQUEST_OUT;
    private static final List<String> STATUS_NAMES = List.of("OK", "errTARGET", "errFILE", "errWRITE", "errERASE",
            "errCHECK_ERASED", "errPROG", "errVERIFY", "errADDRESS", "errNOTDONE", "errFIRMWARE", "errVENDOR", "errUSBR",
            "errPOR", "errUNKNOWN", "errSTALLEDPKT");

    /** Waits between polls; tests and the emulator may pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void millis(long ms);
    }

    private final UsbHost host;
    private final UsbId id;
    private final Duration timeout;
    private final Pause pause;
    private final byte[] statusBuffer = new byte[6];

    public DfuClient(UsbHost host, UsbId id, Duration timeout, Pause pause) {
        this.host = host;
        this.id = id;
        this.timeout = timeout;
        this.pause = pause;
    }

    /** Downloads {@code image} to the alternate setting named {@code target}; {@code progress} gets bytes sent. */
    public void download(String target, byte[] image, LongConsumer progress) {
        try (Session s = open(target)) {
            int block = 0;
            int sent = 0;
            try {
                while (sent < image.length) {
                    int n = Math.min(s.transferSize, image.length - sent);
                    byte[] chunk = Arrays.copyOfRange(image, sent, sent + n);
                    dnload(s, block, chunk);
                    awaitState(s, STATE_DNLOAD_IDLE, "DNLOAD block " + block);
                    sent += n;
                    block = (block + 1) & 0xffff;
                    progress.accept(sent);
                }
            } catch (UsbException.NoDevice e) {
                throw new InfrastructureException("dfu: the device went away during the download, after " + sent + " of "
                        + image.length + " bytes: the flash is incomplete (repeat it)", e);
            } catch (UsbException e) {
                throw new InfrastructureException("dfu: download interrupted after " + sent + " of " + image.length
                        + " bytes: " + e.getMessage(), e);
            }
            manifest(s, block);
        }
    }

    private void dnload(Session s, int block, byte[] chunk) throws UsbException {
        try {
            s.usb.control(REQUEST_OUT, DNLOAD, block, 0, chunk, chunk.length, timeout);
        } catch (UsbException.Stall stall) {
            throw refusal(s, "DNLOAD block " + block);
        }
    }

    private void manifest(Session s, int block) {
        try {
            s.usb.control(REQUEST_OUT, DNLOAD, block, 0, new byte[0], 0, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                int state = getStatus(s);
                if (state == STATE_DFU_IDLE || state == STATE_MANIFEST_WAIT_RESET) {
                    return;
                }
                if (state == STATE_DFU_ERROR) {
                    throw refusal(s, "manifestation");
                }
                if (System.nanoTime() > deadline) {
                    throw new InfrastructureException("dfu: manifestation did not end within " + timeout.toSeconds() + " s");
                }
            }
        } catch (UsbException.NoDevice e) {
            // Devices that are not manifestation tolerant reset here: gone means done.
        } catch (UsbException e) {
            throw new InfrastructureException("dfu: manifestation: " + e.getMessage(), e);
        }
    }

    /** Reads back up to {@code maxBytes} from the alternate setting named {@code target}. */
    public byte[] upload(String target, int maxBytes) {
        try (Session s = open(target)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] block = new byte[s.transferSize];
            int number = 0;
            while (out.size() < maxBytes) {
                int want = Math.min(s.transferSize, maxBytes - out.size());
                int n;
                try {
                    n = s.usb.control(REQUEST_IN, UPLOAD, number++ & 0xffff, 0, block, want, timeout);
                } catch (UsbException.Stall stall) {
                    throw refusal(s, "UPLOAD");
                } catch (UsbException e) {
                    throw new InfrastructureException("dfu: upload interrupted after " + out.size() + " bytes: " + e.getMessage(), e);
                }
                out.write(block, 0, n);
                if (n < want) {
                    break;
                }
            }
            if (out.size() == maxBytes) {
                // Ended by us, not by a short packet: leave the device idle for the next user.
                try {
                    s.usb.control(REQUEST_OUT, 6, 0, 0, new byte[0], 0, timeout);
                } catch (UsbException ignored) {
                    // ABORT is a courtesy
                }
            }
            return out.toByteArray();
        }
    }

    /** The memory name of a DfuSe interface string ("@Internal Flash /0x08000000/..."), else the string itself. */
    private static String layoutName(String interfaceName) {
        return interfaceName.startsWith("@") ? DfuSeLayout.parse(interfaceName).name() : interfaceName;
    }

    // ---- DfuSe (ST's extension, bcdDFU 0x011a) -----------------------------------------------

    /**
     * DfuSe: erases the sectors that {@code data} at {@code address} touches (as the target's
     * layout describes them), then writes it block by block from the address pointer.
     */
    public void dfuseDownload(String target, long address, byte[] data, LongConsumer progress) {
        try (Session s = open(target)) {
            DfuSeLayout layout = dfuseLayout(s, target);
            List<DfuSeLayout.Sector> sectors = layout.sectors(address, data.length);
            if (sectors.isEmpty()) {
                throw new IllegalArgumentException(String.format("dfu: %d bytes at 0x%08x do not fit %s (0x%08x, %d bytes)",
                        data.length, address, layout.name(), layout.base(), layout.size()));
            }
            int sent = 0;
            try {
                for (DfuSeLayout.Sector sector : sectors) {
                    dfuseCommand(s, DFUSE_ERASE, sector.address(), String.format("erase of the sector at 0x%08x", sector.address()));
                }
                dfuseCommand(s, DFUSE_SET_ADDRESS, address, String.format("set address 0x%08x", address));
                int block = 2;
                while (sent < data.length) {
                    int n = Math.min(s.transferSize, data.length - sent);
                    dnload(s, block, Arrays.copyOfRange(data, sent, sent + n));
                    awaitState(s, STATE_DNLOAD_IDLE, String.format("DfuSe write of block %d (0x%08x)", block,
                            address + (long) (block - 2) * s.transferSize));
                    sent += n;
                    block++;
                    progress.accept(sent);
                }
                abort(s);
            } catch (UsbException e) {
                throw new InfrastructureException("dfu: DfuSe download interrupted after " + sent + " of " + data.length
                        + " bytes: " + e.getMessage(), e);
            }
        }
    }

    /** DfuSe: reads {@code length} bytes from {@code address} of the target's memory. */
    public byte[] dfuseUpload(String target, long address, int length) {
        try (Session s = open(target)) {
            try {
                dfuseCommand(s, DFUSE_SET_ADDRESS, address, String.format("set address 0x%08x", address));
                abort(s);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[s.transferSize];
                int block = 2;
                while (out.size() < length) {
                    int want = Math.min(s.transferSize, length - out.size());
                    int n;
                    try {
                        n = s.usb.control(REQUEST_IN, UPLOAD, block++, 0, buffer, want, timeout);
                    } catch (UsbException.Stall stall) {
                        throw refusal(s, String.format("DfuSe read at 0x%08x", address + out.size()));
                    }
                    out.write(buffer, 0, n);
                    if (n < want) {
                        break;
                    }
                }
                abort(s);
                return out.toByteArray();
            } catch (UsbException e) {
                throw new InfrastructureException("dfu: DfuSe upload: " + e.getMessage(), e);
            }
        }
    }

    /** Writes every element of a DfuSe file to its target's alternate setting; {@code progress} gets bytes written. */
    public void flash(DfuFile file, String source, LongConsumer progress) {
        long done = 0;
        for (DfuFile.Target t : file.dfuseTargets(source)) {
            for (DfuFile.Element e : t.elements()) {
                long base = done;
                dfuseDownload("alt" + t.alternate(), e.address(), e.data(), n -> progress.accept(base + n));
                done += e.data().length;
            }
        }
    }

    private DfuSeLayout dfuseLayout(Session s, String target) {
        if (!s.interfaceName.startsWith("@")) {
            throw new IllegalArgumentException("dfu: target '" + target + "' of " + id + " is not a DfuSe memory (its name is '"
                    + s.interfaceName + "')");
        }
        return DfuSeLayout.parse(s.interfaceName);
    }

    /** A DfuSe command in block 0 (command byte, 32-bit little-endian address), run to dfuDNLOAD-IDLE. */
    private void dfuseCommand(Session s, int command, long address, String what) throws UsbException {
        byte[] block = {(byte) command, (byte) address, (byte) (address >>> 8), (byte) (address >>> 16), (byte) (address >>> 24)};
        try {
            s.usb.control(REQUEST_OUT, DNLOAD, 0, 0, block, block.length, timeout);
        } catch (UsbException.Stall stall) {
            throw refusal(s, what);
        }
        awaitState(s, STATE_DNLOAD_IDLE, what);
    }

    /** Back to dfuIDLE (DfuSe wants it between a command and an upload). */
    private void abort(Session s) throws UsbException {
        s.usb.control(REQUEST_OUT, 6, 0, 0, new byte[0], 0, timeout);
    }

    static final int DFUSE_SET_ADDRESS = 0x21;
    static final int DFUSE_ERASE = 0x41;

    /** An open DFU-mode device with the target's alternate setting selected. */
    private record Session(UsbTransport usb, int transferSize, String interfaceName) implements AutoCloseable {
        @Override
        public void close() {
            try {
                usb.close();
            } catch (java.io.IOException ignored) {
                // closing a handle cannot lose data
            }
        }
    }

    private Session open(String target) {
        try {
            UsbDeviceInfo device = find().orElseThrow(() -> new InfrastructureException("dfu: no device " + id + " on the bus"));
            if (device.find(0xfe, 1, 1).isPresent()) {
                device = detach(device);
            }
            List<UsbInterface> alternates = device.interfaces().stream().filter(i -> i.is(0xfe, 1, 2)).toList();
            UsbInterface alt = alternates.stream().filter(i -> i.name().equals(target) || layoutName(i.name()).equals(target)
                            || ("alt" + i.alternate()).equals(target)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("dfu: device " + id + " has no target '" + target
                            + "' (it has: " + String.join(", ", alternates.stream().map(UsbInterface::name).toList()) + ")"));
            UsbTransport usb = host.open(device);
            usb.claim(alt.number());
            usb.setAlternate(alt.number(), alt.alternate());
            Session s = new Session(usb, transferSize(alt), alt.name());
            if (getStatus(s) == STATE_DFU_ERROR) {
                usb.control(REQUEST_OUT, CLRSTATUS, 0, 0, new byte[0], 0, timeout);
            }
            return s;
        } catch (UsbException e) {
            throw new InfrastructureException("dfu " + id + ": " + e.getMessage(), e);
        }
    }

    private UsbDeviceInfo detach(UsbDeviceInfo runtime) throws UsbException {
        try (UsbTransport usb = host.open(runtime)) {
            usb.claim(0);
            usb.control(REQUEST_OUT, DETACH, 1000, 0, new byte[0], 0, timeout);
        } catch (UsbException.NoDevice gone) {
            // it re-enumerated before answering: that is what DETACH is for
        } catch (java.io.IOException e) {
            throw new InfrastructureException("dfu: detach: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<UsbDeviceInfo> again = find();
            if (again.isPresent() && again.get().find(0xfe, 1, 2).isPresent()) {
                return again.get();
            }
            pause.millis(50);
        }
        throw new InfrastructureException("dfu: " + id + " did not come back in DFU mode within " + timeout.toSeconds()
                + " s of DETACH");
    }

    private Optional<UsbDeviceInfo> find() throws UsbException {
        return host.devices().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** wTransferSize from the DFU functional descriptor (type 0x21), else the 4096 U-Boot uses. */
    private static int transferSize(UsbInterface alt) {
        List<Integer> x = alt.extra();
        for (int i = 0; i + 6 < x.size(); i += Math.max(1, x.get(i))) {
            if (x.get(i + 1) == 0x21) {
                return x.get(i + 5) | x.get(i + 6) << 8;
            }
        }
        return 4096;
    }

    /** GETSTATUS, after waiting the bwPollTimeout it asks for. Answers bState. */
    private int getStatus(Session s) throws UsbException {
        int n = s.usb.control(REQUEST_IN, GETSTATUS, 0, 0, statusBuffer, 6, timeout);
        if (n != 6) {
            throw new InfrastructureException("dfu: GETSTATUS answered " + n + " bytes, not 6");
        }
        int poll = (statusBuffer[1] & 0xff) | (statusBuffer[2] & 0xff) << 8 | (statusBuffer[3] & 0xff) << 16;
        if (poll > 0) {
            pause.millis(poll);
        }
        return statusBuffer[4] & 0xff;
    }

    private void awaitState(Session s, int wanted, String what) throws UsbException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int state = getStatus(s);
            if (state == wanted) {
                return;
            }
            if (state == STATE_DFU_ERROR) {
                throw refusal(s, what);
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException("dfu: " + what + ": still in state " + state + " after " + timeout.toSeconds() + " s");
            }
        }
    }

    /** The device refused: read its status, clear the error, and say which. */
    private DfuFailure refusal(Session s, String what) {
        int status = -1;
        try {
            s.usb.control(REQUEST_IN, GETSTATUS, 0, 0, statusBuffer, 6, timeout);
            status = statusBuffer[0] & 0xff;
            s.usb.control(REQUEST_OUT, CLRSTATUS, 0, 0, new byte[0], 0, timeout);
        } catch (UsbException ignored) {
            // the refusal is what we report
        }
        String name = status >= 0 && status < STATUS_NAMES.size() ? STATUS_NAMES.get(status) : "status " + status;
        return new DfuFailure("dfu " + id + ": the device refused " + what + ": " + name, status);
    }
}
