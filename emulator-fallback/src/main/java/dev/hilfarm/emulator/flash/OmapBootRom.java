package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.emulator.usb.UsbFunction;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The USB peripheral boot of a TI OMAP3/OMAP4 boot ROM: it offers its ASIC ID on bulk IN (an
 * OMAP3 as soon as it enumerates, an OMAP4 when asked with 0xF0030003), then takes
 * 0xF0030002, the image size and the image on bulk OUT (all little-endian), and runs the image
 * from internal SRAM: {@code boot} is handed the image. An image larger than the SRAM the ROM
 * loads into is refused with a STALL.
 *
 * <p>The ASIC ID is the ROM's sub-block list (count, then id/length/fixed-1/data blocks: chip ID,
 * secure mode, public ID, root key hash, checksum), 69 bytes, as TI's reference manuals describe
 * it; the chip ID carries {@code chip} (e.g. 0x3630 for a DM3730).
 */
public final class OmapBootRom implements UsbFunction {
    public static final int ENDPOINT_IN = 0x81;
    public static final int ENDPOINT_OUT = 0x01;
    public static final int PERIPHERAL_BOOT = 0xF0030002;
    public static final int GET_ASIC_ID = 0xF0030003;

    private enum Phase { COMMAND, SIZE, IMAGE, DONE }

    private final UsbDeviceInfo info;
    private final boolean asksFirst;
    private final int sramLimit;
    private final Consumer<byte[]> boot;
    private final byte[] asicId;
    private final BulkPipe in = new BulkPipe();
    private final ByteArrayOutputStream image = new ByteArrayOutputStream();
    private final byte[] word = new byte[4];
    private int wordFill;
    private Phase phase = Phase.COMMAND;
    private int size;

    /**
     * @param omap4     an OMAP4 ROM waits for GET_ASIC_ID; an OMAP3 one sends its ASIC ID unasked
     * @param sramLimit the most the ROM loads (the SRAM it runs the image from)
     */
    public OmapBootRom(UsbId id, int chip, boolean omap4, int sramLimit, Consumer<byte[]> boot) {
        this.info = new UsbDeviceInfo(id, "", List.of(new UsbInterface(0, 0, 0xff, 0xff, 0xff,
                List.of(ENDPOINT_OUT, ENDPOINT_IN), "", List.of())));
        this.asksFirst = omap4;
        this.sramLimit = sramLimit;
        this.boot = boot;
        this.asicId = asicId(chip);
        if (!omap4) {
            in.queue(asicId);
        }
    }

    static byte[] asicId(int chip) {
        byte[] id = new byte[69];
        int i = 0;
        id[i++] = 5; // sub-blocks
        id[i++] = 0x01; id[i++] = 0x05; id[i++] = 0x01; // chip ID block
        id[i++] = (byte) (chip >>> 8); id[i++] = (byte) chip; id[i++] = 0x07; id[i++] = 0x00;
        id[i++] = 0x13; id[i++] = 0x02; id[i++] = 0x01; id[i++] = 0x00; // secure mode: general purpose
        id[i++] = 0x12; id[i++] = 0x15; id[i++] = 0x01; i += 20; // public ID
        id[i++] = 0x14; id[i++] = 0x15; id[i++] = 0x01; i += 20; // root key hash
        id[i++] = 0x15; id[i++] = 0x09; id[i++] = 0x01; // checksum block, 8 bytes
        return id;
    }

    @Override
    public UsbDeviceInfo info() {
        return info;
    }

    @Override
    public int control(int requestType, int request, int value, int index, byte[] data, int length) throws UsbException {
        throw new UsbException.Stall("OMAP boot ROM: no control requests");
    }

    @Override
    public synchronized void bulkOut(int endpoint, byte[] data, int offset, int length) throws UsbException {
        for (int i = 0; i < length; ) {
            switch (phase) {
                case COMMAND, SIZE -> {
                    word[wordFill++] = data[offset + i++];
                    if (wordFill == 4) {
                        wordFill = 0;
                        int value = (word[0] & 0xff) | (word[1] & 0xff) << 8 | (word[2] & 0xff) << 16 | (word[3] & 0xff) << 24;
                        acceptWord(value);
                    }
                }
                case IMAGE -> {
                    int n = Math.min(length - i, size - image.size());
                    image.write(data, offset + i, n);
                    i += n;
                    if (image.size() == size) {
                        phase = Phase.DONE;
                        boot.accept(image.toByteArray());
                    }
                }
                case DONE -> throw new UsbException.Stall("OMAP boot ROM: the image has been loaded and runs");
            }
        }
    }

    private void acceptWord(int value) throws UsbException {
        if (phase == Phase.SIZE) {
            if (value <= 0 || value > sramLimit) {
                phase = Phase.COMMAND;
                throw new UsbException.Stall(String.format("OMAP boot ROM: image of %d bytes, the ROM loads at most %d",
                        value & 0xffffffffL, sramLimit));
            }
            size = value;
            image.reset();
            phase = Phase.IMAGE;
        } else if (value == GET_ASIC_ID && asksFirst) {
            in.queue(asicId);
        } else if (value == PERIPHERAL_BOOT) {
            phase = Phase.SIZE;
        } else {
            throw new UsbException.Stall(String.format("OMAP boot ROM: unknown boot message 0x%08x", value));
        }
    }

    @Override
    public synchronized int bulkIn(int endpoint, byte[] data, int offset, int length, Duration timeout) throws UsbException {
        return in.take(data, offset, length, timeout, "OMAP boot ROM");
    }
}
