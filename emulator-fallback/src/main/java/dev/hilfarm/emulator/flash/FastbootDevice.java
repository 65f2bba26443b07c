package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.sparse.SparseDecoder;
import dev.hilfarm.board.sparse.SparseFormatException;

import dev.hilfarm.board.flash.FastbootLink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The device side of fastboot, as a bootloader's gadget (U-Boot's, Android's) answers it:
 * getvar, download, upload, flash, erase, boot, continue, reboot, oem. Flashing writes the
 * downloaded bytes into a {@link StorageRegion}'s backing file and forces them to disk, so what
 * was flashed survives the emulator. One connection at a time, one command at a time, as on a
 * real device.
 */
public final class FastbootDevice {
    /** What the host asked the board to do once fastboot has answered OKAY. */
    public interface Listener {
        /** {@code fastboot boot}: run the downloaded image. */
        default void boot(byte[] image) {
        }

        /** {@code fastboot continue}: go on with the normal boot. */
        default void continueBoot() {
        }

        /** {@code fastboot reboot} (or reboot-bootloader when {@code toBootloader}). */
        default void reboot(boolean toBootloader) {
        }
    }

    private static final String VERSION = "0.4";

    private final String product;
    private final String serial;
    private final int maxDownloadSize;
    private final Map<String, StorageRegion> partitions = new LinkedHashMap<>();
    private final Listener listener;
    private final byte[] message = new byte[FastbootLink.MAX_MESSAGE];
    private byte[] downloaded = new byte[0];

    public FastbootDevice(String product, String serial, int maxDownloadSize, List<StorageRegion> partitions, Listener listener) {
        if (maxDownloadSize <= 0) {
            throw new IllegalArgumentException("max-download-size must be positive");
        }
        this.product = product;
        this.serial = serial;
        this.maxDownloadSize = maxDownloadSize;
        for (StorageRegion p : partitions) {
            if (this.partitions.put(p.name(), p) != null) {
                throw new IllegalArgumentException("fastboot partition " + p.name() + " given twice");
            }
        }
        this.listener = listener;
    }

    /** Serves commands on {@code link} until the host closes it. */
    public void serve(FastbootLink link) throws IOException {
        int n;
        while ((n = link.readMessage(message)) >= 0) {
            String command = new String(message, 0, n, StandardCharsets.US_ASCII);
            try {
                execute(link, command);
            } catch (CommandFailed e) {
                reply(link, "FAIL", e.getMessage());
            }
        }
    }

    private void execute(FastbootLink link, String command) throws IOException {
        if (command.startsWith("getvar:")) {
            getvar(link, command.substring(7));
        } else if (command.startsWith("download:")) {
            download(link, command.substring(9));
        } else if (command.equals("upload")) {
            reply(link, "DATA", String.format("%08x", downloaded.length));
            link.write(downloaded, 0, downloaded.length);
            reply(link, "OKAY", "");
        } else if (command.startsWith("fetch:")) {
            fetch(link, command.substring(6));
        } else if (command.startsWith("flash:")) {
            flash(link, partition(command.substring(6)));
        } else if (command.startsWith("erase:")) {
            erase(link, partition(command.substring(6)));
        } else if (command.equals("boot")) {
            if (downloaded.length == 0) {
                throw new CommandFailed("no image downloaded");
            }
            reply(link, "OKAY", "");
            listener.boot(downloaded.clone());
        } else if (command.equals("continue")) {
            reply(link, "OKAY", "");
            listener.continueBoot();
        } else if (command.equals("reboot") || command.equals("reboot-bootloader")) {
            reply(link, "OKAY", "");
            listener.reboot(command.equals("reboot-bootloader"));
        } else if (command.startsWith("oem ")) {
            oem(link, command.substring(4));
        } else {
            throw new CommandFailed("unknown command " + command);
        }
    }

    private void getvar(FastbootLink link, String name) throws IOException {
        if (name.equals("all")) {
            for (String var : List.of("version", "product", "serialno", "max-download-size", "secure", "unlocked")) {
                reply(link, "INFO", var + ": " + variable(var));
            }
            for (StorageRegion p : partitions.values()) {
                reply(link, "INFO", "partition-size:" + p.name() + ": " + variable("partition-size:" + p.name()));
                reply(link, "INFO", "partition-type:" + p.name() + ": raw");
            }
            reply(link, "OKAY", "");
            return;
        }
        reply(link, "OKAY", variable(name));
    }

    private String variable(String name) {
        switch (name) {
            case "version":
                return VERSION;
            case "version-bootloader":
                return "hilfarm-emulator";
            case "product":
                return product;
            case "serialno":
                return serial;
            case "max-download-size":
            case "downloadsize":
                return String.format("0x%08x", maxDownloadSize);
            case "secure":
                return "no";
            case "unlocked":
                return "yes";
            case "slot-count":
                return "0";
            default:
                break;
        }
        int colon = name.indexOf(':');
        if (colon > 0) {
            String key = name.substring(0, colon);
            StorageRegion p = partitions.get(name.substring(colon + 1));
            if (p != null) {
                switch (key) {
                    case "partition-size":
                        return String.format("0x%016x", p.size());
                    case "partition-type":
                        return "raw";
                    case "has-slot":
                    case "is-logical":
                        return "no";
                    default:
                        break;
                }
            } else if (key.equals("has-slot") || key.equals("is-logical")) {
                return "no";
            }
        }
        throw new CommandFailed("GetVar: variable " + name + " not found");
    }

    private void download(FastbootLink link, String sizeHex) throws IOException {
        long size;
        try {
            size = Long.parseLong(sizeHex, 16);
        } catch (NumberFormatException e) {
            throw new CommandFailed("download: bad size '" + sizeHex + "'");
        }
        if (size <= 0 || size > maxDownloadSize) {
            throw new CommandFailed(String.format(Locale.ROOT, "download: %d bytes, max-download-size is %d", size, maxDownloadSize));
        }
        byte[] buffer = new byte[(int) size];
        reply(link, "DATA", String.format("%08x", size));
        link.readData(buffer, 0, buffer.length);
        downloaded = buffer;
        reply(link, "OKAY", "");
    }

    private StorageRegion partition(String name) {
        StorageRegion p = partitions.get(name);
        if (p == null) {
            throw new CommandFailed("partition " + name + " does not exist (known: " + String.join(", ", partitions.keySet()) + ")");
        }
        return p;
    }

    private void flash(FastbootLink link, StorageRegion p) throws IOException {
        if (downloaded.length == 0) {
            throw new CommandFailed("no image downloaded");
        }
        if (SparseDecoder.hasMagic(downloaded)) {
            try {
                flashSparse(p);
            } catch (IOException e) {
                throw new CommandFailed("writing " + p.name() + " failed: " + e.getMessage());
            }
            reply(link, "OKAY", "");
            return;
        }
        if (downloaded.length > p.size()) {
            throw new CommandFailed(String.format(Locale.ROOT, "image of %d bytes does not fit partition %s (%d bytes)",
                    downloaded.length, p.name(), p.size()));
        }
        try {
            write(p, ByteBuffer.wrap(downloaded));
        } catch (IOException e) {
            // The storage failed, not the link: the host gets a FAIL it can report, and may retry.
            throw new CommandFailed("writing " + p.name() + " failed: " + e.getMessage());
        }
        reply(link, "OKAY", "");
    }

    /**
     * Expands a sparse download into the partition: RAW and FILL chunks are written, DONT_CARE
     * blocks are left as they are (that is how the host sends a large image in pieces: each piece
     * covers the rest with DONT_CARE).
     */
    private void flashSparse(StorageRegion p) throws IOException {
        try (FileChannel channel = FileChannel.open(p.file(), StandardOpenOption.WRITE)) {
            SparseDecoder.decode(downloaded, new SparseDecoder.Visitor() {
                private int blockSize;

                @Override
                public void header(SparseDecoder.Header header) {
                    if (header.expandedLength() > p.size()) {
                        throw new CommandFailed(String.format(Locale.ROOT, "sparse image of %d bytes does not fit partition %s (%d bytes)",
                                header.expandedLength(), p.name(), p.size()));
                    }
                    blockSize = header.blockSize();
                }

                @Override
                public void raw(long startBlock, long blocks, long dataOffset) throws IOException {
                    writeFully(channel, ByteBuffer.wrap(downloaded, (int) dataOffset, (int) (blocks * blockSize)),
                            p.offset() + startBlock * blockSize);
                }

                @Override
                public void fill(long startBlock, long blocks, int pattern) throws IOException {
                    ByteBuffer block = ByteBuffer.allocate(blockSize).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    while (block.hasRemaining()) {
                        block.putInt(pattern);
                    }
                    for (long b = 0; b < blocks; b++) {
                        writeFully(channel, block.flip(), p.offset() + (startBlock + b) * blockSize);
                    }
                }

                @Override
                public void dontCare(long startBlock, long blocks) {
                }
            });
            channel.force(false);
        } catch (SparseFormatException e) {
            throw new CommandFailed("sparse image: byte " + e.offset() + ": " + e.getMessage());
        }
    }

    /**
     * {@code fetch:PARTITION:OFFSET:SIZE} (hex), as newer fastboot reads a partition back: the
     * bytes go to the host in a DATA phase, at most max-download-size at a time.
     */
    private void fetch(FastbootLink link, String arguments) throws IOException {
        String[] parts = arguments.split(":");
        if (parts.length != 3) {
            throw new CommandFailed("fetch: expected fetch:PARTITION:OFFSET:SIZE");
        }
        StorageRegion p = partition(parts[0]);
        long offset;
        long size;
        try {
            offset = Long.parseUnsignedLong(parts[1], 16);
            size = Long.parseUnsignedLong(parts[2], 16);
        } catch (NumberFormatException e) {
            throw new CommandFailed("fetch: bad offset or size in '" + arguments + "'");
        }
        if (size <= 0 || size > maxDownloadSize || offset + size > p.size()) {
            throw new CommandFailed(String.format(Locale.ROOT, "fetch: %d bytes at %d of %s (%d bytes; at most %d per fetch)",
                    size, offset, p.name(), p.size(), maxDownloadSize));
        }
        ByteBuffer data = ByteBuffer.allocate((int) size);
        try (FileChannel channel = FileChannel.open(p.file(), StandardOpenOption.READ)) {
            while (data.hasRemaining()) {
                if (channel.read(data, p.offset() + offset + data.position()) < 0) {
                    break;   // past the end of the backing file: storage that was never written reads as zeros
                }
            }
        }
        reply(link, "DATA", String.format("%08x", size));
        link.write(data.array(), 0, data.capacity());
        reply(link, "OKAY", "");
    }

    private void erase(FastbootLink link, StorageRegion p) throws IOException {
        // Erased storage reads as zeros on an SD card; write them in slices to bound memory.
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(p.size(), 1 << 20));
        try (FileChannel channel = FileChannel.open(p.file(), StandardOpenOption.WRITE)) {
            for (long done = 0; done < p.size(); ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), p.size() - done));
                done += writeFully(channel, zeros, p.offset() + done);
            }
            channel.force(false);
        }
        reply(link, "OKAY", "");
    }

    private void oem(FastbootLink link, String arguments) throws IOException {
        if (arguments.startsWith("echo ")) {
            reply(link, "INFO", arguments.substring(5));
            reply(link, "OKAY", "");
            return;
        }
        throw new CommandFailed("oem " + arguments.split(" ")[0] + " is not supported (supported: oem echo TEXT)");
    }

    private static void write(StorageRegion p, ByteBuffer data) throws IOException {
        try (FileChannel channel = FileChannel.open(p.file(), StandardOpenOption.WRITE)) {
            writeFully(channel, data, p.offset());
            channel.force(false);
        }
    }

    private static int writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        int total = data.remaining();
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
        return total;
    }

    private static void reply(FastbootLink link, String kind, String text) throws IOException {
        byte[] bytes = (kind + text).getBytes(StandardCharsets.US_ASCII);
        // Replies are limited to 64 bytes by the protocol; longer text is cut, not split.
        link.write(bytes, 0, Math.min(bytes.length, 64));
    }

    /** A command the device refuses: answered with FAIL and this message. */
    private static final class CommandFailed extends RuntimeException {
        CommandFailed(String message) {
            super(message, null, false, false);
        }
    }
}
