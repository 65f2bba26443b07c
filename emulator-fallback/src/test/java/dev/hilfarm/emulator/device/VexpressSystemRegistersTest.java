package dev.hilfarm.emulator.device;

import static dev.hilfarm.emulator.device.VexpressSystemRegisters.CFGCTRL_START;
import static dev.hilfarm.emulator.device.VexpressSystemRegisters.CFGCTRL_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hilfarm.emulator.machine.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VexpressSystemRegistersTest {
    private final ManualClock clock = new ManualClock();
    private final VexpressSystemRegisters sys = VexpressSystemRegisters.coreTileA9(clock.scheduler());
    private final List<String> power = new ArrayList<>();

    VexpressSystemRegistersTest() {
        sys.powerControl(new PowerControl() {
            @Override
            public void shutdown() {
                power.add("shutdown");
            }

            @Override
            public void reboot() {
                power.add("reboot");
            }
        });
    }

    private int r(int offset) {
        return sys.read(offset, 4);
    }

    private void w(int offset, int value) {
        sys.write(offset, 4, value);
    }

    /** A SYS_CFG transaction the way Linux's vexpress-sysreg driver does it; returns SYS_CFGSTAT. */
    private int config(boolean write, int function, int site, int device, int data) {
        w(0xa0, data);
        w(0xa8, 0);
        w(0xa4, CFGCTRL_START | (write ? CFGCTRL_WRITE : 0) | (function << 20) | (site << 16) | device);
        return r(0xa8);
    }

    @Test
    void identificationAndResetValuesAreQemus() {
        assertEquals(0x1190f500, r(0x00));
        assertEquals(0x0c000191, r(0x84));
        assertEquals(0xff000000, r(0x88));
        assertEquals(1, r(0x44), "SYS_PCICTL");
        assertEquals(0, r(0x48), "no MMC card");
        for (int offset : new int[] {0x04, 0x08, 0x20, 0x24, 0x30, 0x4c, 0x58, 0x5c, 0x60, 0x64, 0xa0, 0xa4, 0xa8, 0xfe0}) {
            assertEquals(0, r(offset), "offset 0x" + Integer.toHexString(offset));
        }
    }

    @Test
    void countersFollowVirtualTime() {
        clock.advance(1_000_000_000L);
        assertEquals(24_000_000, r(0x5c), "SYS_24MHZ after one virtual second");
        assertEquals(100, r(0x24), "SYS_100HZ after one virtual second");
        clock.advance(1000);
        assertEquals(24_000_024, r(0x5c));
    }

    @Test
    void flagsLedsAndLock() {
        w(0x08, 0xffffffff);
        assertEquals(0xffffffff, r(0x08));
        w(0x30, 0xf0f0);
        w(0x34, 0x30);
        assertEquals(0xf0c0, r(0x30));
        assertEquals(0, r(0x34));
        w(0x38, 0xf0f0);
        w(0x3c, 0x30);
        assertEquals(0xf0c0, r(0x38));
        w(0x20, 0xa05f);
        assertEquals(0xa05f, r(0x20));
        w(0x20, 0xffff);
        assertEquals(0x7fff, r(0x20));
        w(0x04, 0xff);
        assertEquals(0, r(0x04), "the switches are inputs");
        sys.reset();
        assertEquals(0, r(0x30), "SYS_FLAGS clear on reset");
        assertEquals(0xf0c0, r(0x38), "SYS_NVFLAGS survive it");
    }

    @Test
    void mmcCardDetect() {
        sys.mmcCard(true, true);
        assertEquals(3, r(0x48));
    }

    @Test
    void oscillatorAndVoltageReadsAnswerWhatQemuAnswers() {
        int[] motherboard = {50_000_000, 23_750_000, 24_000_000, 24_000_000, 24_000_000, 24_000_000};
        for (int device = 0; device < motherboard.length; device++) {
            assertEquals(1, config(false, 1, 0, device, 0x1234), "OSC" + device);
            assertEquals(motherboard[device], r(0xa0));
        }
        int[] tile = {45_000_000, 23_750_000, 66_670_000};
        for (int device = 0; device < tile.length; device++) {
            assertEquals(1, config(false, 1, 1, device, 0));
            assertEquals(tile[device], r(0xa0));
        }
        assertEquals(3, config(false, 1, 0, 6, 0x1234), "no OSC6");
        assertEquals(0x1234, r(0xa0), "data unchanged on error");
        assertEquals(3, config(false, 1, 2, 0, 0), "no second daughterboard");
        assertEquals(1, config(false, 2, 0, 0, 0));
        assertEquals(3_300_000, r(0xa0));
        int[] volts = {1_000_000, 1_000_000, 1_000_000, 1_800_000, 900_000, 3_300_000};
        for (int device = 0; device < volts.length; device++) {
            assertEquals(1, config(false, 2, 1, device, 0));
            assertEquals(volts[device], r(0xa0));
        }
        assertEquals(3, config(false, 4, 0, 0, 0), "TEMP is not answered, as on QEMU");
        assertEquals(3, config(false, 3, 1, 0, 0), "nor AMP");
        w(0xa4, 0x7fffffff);
        assertEquals(0x7ff3ffff, r(0xa4), "START reads as zero, bits 19:18 are reserved");
    }

    @Test
    void oscillatorWritesAreReadBackAndResetRestoresThem() {
        assertEquals(1, config(true, 1, 0, 1, 25_000_000));
        assertEquals(1, config(false, 1, 0, 1, 0));
        assertEquals(25_000_000, r(0xa0));
        assertEquals(25_000_000, sys.motherboardOscillator(1));
        sys.reset();
        assertEquals(1, config(false, 1, 0, 1, 0));
        assertEquals(23_750_000, r(0xa0));
    }

    @Test
    void shutdownAndRebootGoToThePowerControl() {
        assertEquals(1, config(true, 8, 0, 0, 0));
        assertEquals(1, config(true, 9, 0, 0, 0));
        assertEquals(3, config(true, 8, 1, 0, 0), "only the motherboard powers off");
        assertEquals(3, config(true, 5, 0, 0, 0), "RESET reports an error, as on QEMU");
        assertEquals(1, config(true, 7, 0, 0, 0), "MUXFPGA");
        assertEquals(1, config(true, 11, 0, 0, 0), "DVIMODE");
        assertEquals(List.of("shutdown", "reboot"), power);
        w(0xa8, 0xff);
        assertEquals(3, r(0xa8));
    }
}
