package dev.hilfarm.harness.flash;

import dev.hilfarm.board.UsbId;
import dev.hilfarm.board.usb.UsbDeviceInfo;
import dev.hilfarm.board.usb.UsbException;
import dev.hilfarm.board.usb.UsbHost;
import dev.hilfarm.board.usb.UsbInterface;
import dev.hilfarm.board.usb.UsbTransport;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Loads a first-stage image (U-Boot's MLO/SPL) into a TI OMAP3/OMAP4 over the boot ROM's USB
 * peripheral boot: wait for the ROM to enumerate (it stays only briefly), read its ASIC ID (an
 * OMAP4 sends it when asked with 0xF0030003), then send 0xF0030002, the size and the image.
 */
public final class OmapPeripheralBoot {
    static final int PERIPHERAL_BOOT = 0xF0030002;
    static final int GET_ASIC_ID = 0xF0030003;

    /** What the ROM says about itself: the chip (0x3630 for a DM3730) and the raw sub-blocks. */
    public record AsicId(int chip, boolean generalPurpose, byte[] raw) {
    }

    private OmapPeripheralBoot() {
    }

    public static AsicId load(UsbHost host, UsbId rom, boolean omap4, byte[] image, Duration timeout) {
        UsbDeviceInfo device = awaitDevice(host, rom, timeout);
        try (UsbTransport usb = host.open(device)) {
            UsbInterface iface = device.interfaces().get(0);
            usb.claim(iface.number());
            int out = iface.endpoint(false);
            int in = iface.endpoint(true);
            if (omap4) {
                usb.bulk(out, le32(GET_ASIC_ID), 0, 4, timeout);
            }
            byte[] buffer = new byte[512];
            int n = usb.bulk(in, buffer, 0, buffer.length, timeout);
            AsicId id = parse(Arrays.copyOf(buffer, n));
            usb.bulk(out, le32(PERIPHERAL_BOOT), 0, 4, timeout);
            try {
                usb.bulk(out, le32(image.length), 0, 4, timeout);
            } catch (UsbException.Stall refused) {
                throw new BootRomFailure("OMAP boot ROM " + rom + " refused an image of " + image.length + " bytes: "
                        + refused.getMessage());
            }
            for (int sent = 0; sent < image.length; ) {
                int chunk = Math.min(64 * 1024, image.length - sent);
                sent += usb.bulk(out, Arrays.copyOfRange(image, sent, sent + chunk), 0, chunk, timeout);
            }
            return id;
        } catch (UsbException e) {
            throw new InfrastructureException("OMAP peripheral boot on " + rom + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new InfrastructureException("OMAP peripheral boot on " + rom + ": " + e.getMessage(), e);
        }
    }

    private static UsbDeviceInfo awaitDevice(UsbHost host, UsbId rom, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Optional<UsbDeviceInfo> found = host.devices().stream().filter(d -> d.id().equals(rom)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (UsbException e) {
                throw new InfrastructureException("OMAP peripheral boot: cannot list USB devices: " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException("OMAP peripheral boot: no boot ROM " + rom + " appeared within "
                        + timeout.toSeconds() + " s (power the board on with USB boot selected)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("OMAP peripheral boot: interrupted while waiting for " + rom);
            }
        }
    }

    /** Walks the ASIC ID's sub-blocks (id, length, data); names the offset of a malformed one. */
    static AsicId parse(byte[] raw) {
        if (raw.length < 1) {
            throw new InfrastructureException("OMAP boot ROM sent an empty ASIC ID");
        }
        int blocks = raw[0] & 0xff;
        int chip = -1;
        boolean generalPurpose = true;
        int at = 1;
        for (int b = 0; b < blocks; b++) {
            if (at + 2 > raw.length || at + 2 + (raw[at + 1] & 0xff) > raw.length) {
                throw new InfrastructureException("OMAP boot ROM ASIC ID: sub-block " + b + " at byte offset " + at
                        + " runs past the " + raw.length + " bytes received");
            }
            int kind = raw[at] & 0xff;
            int length = raw[at + 1] & 0xff;
            if (kind == 0x01 && length >= 3) {
                chip = (raw[at + 3] & 0xff) << 8 | (raw[at + 4] & 0xff);
            } else if (kind == 0x13 && length >= 2) {
                generalPurpose = raw[at + 3] == 0;
            }
            at += 2 + length;
        }
        if (chip < 0) {
            throw new InfrastructureException("OMAP boot ROM ASIC ID has no chip ID sub-block");
        }
        return new AsicId(chip, generalPurpose, raw);
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
