package dev.hilfarm.emulator.device;

import dev.hilfarm.emulator.machine.EventScheduler;
import dev.hilfarm.emulator.machine.VirtualClock;

/**
 * The Versatile Express motherboard's system registers (V2M-P1 TRM, "System register
 * interface"), as QEMU's {@code realview_sysctl} models them for vexpress: board and CPU
 * identification, LEDs, flags for secondary-CPU boot, the 100 Hz and 24 MHz counters (from
 * virtual time), MMC card detect, and the SYS_CFG interface through which the guest reads and sets
 * oscillators and voltages and asks for shutdown and reboot.
 *
 * <p>SYS_CFG: the guest writes SYS_CFGDATA, clears SYS_CFGSTAT and writes SYS_CFGCTRL with
 * START | WRITE | DCC | FUNCTION | SITE | POSITION | DEVICE; the operation completes at once and
 * SYS_CFGSTAT reads COMPLETE, plus ERROR for anything the board does not have. The functions
 * answered are those QEMU answers (other functions, RESET and TEMP included, report ERROR as on
 * QEMU).
 */
public final class VexpressSystemRegisters extends WordRegisters {
    public static final int SYS_ID = 0x00;
    public static final int SYS_SW = 0x04;
    public static final int SYS_LED = 0x08;
    public static final int SYS_LOCK = 0x20;
    public static final int SYS_100HZ = 0x24;
    public static final int SYS_CFGDATA1 = 0x28;
    public static final int SYS_CFGDATA2 = 0x2c;
    public static final int SYS_FLAGS = 0x30;
    public static final int SYS_FLAGSSET = 0x30;
    public static final int SYS_FLAGSCLR = 0x34;
    public static final int SYS_NVFLAGS = 0x38;
    public static final int SYS_NVFLAGSSET = 0x38;
    public static final int SYS_NVFLAGSCLR = 0x3c;
    public static final int SYS_RESETCTL = 0x40;
    public static final int SYS_PCICTL = 0x44;
    public static final int SYS_MCI = 0x48;
    public static final int SYS_FLASH = 0x4c;
    public static final int SYS_CLCD = 0x50;
    public static final int SYS_CFGSW = 0x58;
    public static final int SYS_24MHZ = 0x5c;
    public static final int SYS_MISC = 0x60;
    public static final int SYS_DMA = 0x64;
    public static final int SYS_PROCID0 = 0x84;
    public static final int SYS_PROCID1 = 0x88;
    public static final int SYS_CFGDATA = 0xa0;
    public static final int SYS_CFGCTRL = 0xa4;
    public static final int SYS_CFGSTAT = 0xa8;

    /** SYS_ID of the V2M-P1 as QEMU reports it: rev B, HBI-0190, build 0xf, AXI, FPGA 0x00. */
    public static final int VEXPRESS_SYS_ID = 0x1190f500;
    /** SYS_PROCID0 for the CoreTile Express A9x4 (HBI-0191). */
    public static final int CORETILE_A9_PROCID = 0x0c000191;
    public static final int PROCID1_NO_TILE = 0xff000000;

    private static final int LOCK_KEY = 0xa05f;
    private static final int MCI_CARD_PRESENT = 1 << 0;
    private static final int MCI_WRITE_PROTECTED = 1 << 1;

    // SYS_CFGCTRL fields
    public static final int CFGCTRL_START = 1 << 31;
    public static final int CFGCTRL_WRITE = 1 << 30;
    private static final int CFGCTRL_RESERVED = 3 << 18;
    public static final int CFGSTAT_COMPLETE = 1 << 0;
    public static final int CFGSTAT_ERROR = 1 << 1;

    // SYS_CFG functions (V2M-P1 TRM, "Configuration registers")
    public static final int FUNC_OSC = 1;
    public static final int FUNC_VOLT = 2;
    public static final int FUNC_AMP = 3;
    public static final int FUNC_TEMP = 4;
    public static final int FUNC_RESET = 5;
    public static final int FUNC_SCC = 6;
    public static final int FUNC_MUXFPGA = 7;
    public static final int FUNC_SHUTDOWN = 8;
    public static final int FUNC_REBOOT = 9;
    public static final int FUNC_DVIMODE = 11;
    public static final int FUNC_POWER = 12;
    public static final int FUNC_ENERGY = 13;

    public static final int SITE_MOTHERBOARD = 0;
    public static final int SITE_DAUGHTERBOARD_1 = 1;

    /** Motherboard oscillators OSC0-5 at reset, in Hz (as QEMU): static memory, CLCD, peripherals, reserved, system bus, reserved. */
    private static final int[] MOTHERBOARD_OSC_RESET = {50_000_000, 23_750_000, 24_000_000, 24_000_000, 24_000_000, 24_000_000};
    /** The only motherboard voltage sensor, VIO, in microvolts. */
    private static final int MOTHERBOARD_VIO_MICROVOLTS = 3_300_000;

    /** CoreTile Express A9x4 oscillators at reset, in Hz: AXI ACLK, CLCD, test chip reference. */
    public static final int[] CORETILE_A9_OSC = {45_000_000, 23_750_000, 66_670_000};
    /** CoreTile Express A9x4 supply voltages in microvolts: VD10, VD10_S2, VD10_S3, VCC1V8, DDR2VTT, VCC3V3. */
    public static final int[] CORETILE_A9_VOLTAGES = {1_000_000, 1_000_000, 1_000_000, 1_800_000, 900_000, 3_300_000};

    private final EventScheduler scheduler;
    private final int sysId;
    private final int procId0;
    private final int[] daughterboardOscReset;
    private final int[] daughterboardVoltages;
    private final int[] motherboardOsc = new int[MOTHERBOARD_OSC_RESET.length];
    private final int[] daughterboardOsc;
    private PowerControl power = PowerControl.NONE;
    private boolean cardPresent;
    private boolean cardWriteProtected;

    private int leds;
    private int lock;
    private int cfgData1;
    private int cfgData2;
    private int flags;
    private int nvFlags;
    private int cfgData;
    private int cfgCtrl;
    private int cfgStat;

    public VexpressSystemRegisters(EventScheduler scheduler, int sysId, int procId0,
                                   int[] daughterboardOsc, int[] daughterboardVoltages) {
        this.scheduler = scheduler;
        this.sysId = sysId;
        this.procId0 = procId0;
        this.daughterboardOscReset = daughterboardOsc.clone();
        this.daughterboardVoltages = daughterboardVoltages.clone();
        this.daughterboardOsc = new int[daughterboardOsc.length];
        reset();
    }

    /** The motherboard with a CoreTile Express A9x4, as QEMU's vexpress-a9. */
    public static VexpressSystemRegisters coreTileA9(EventScheduler scheduler) {
        return new VexpressSystemRegisters(scheduler, VEXPRESS_SYS_ID, CORETILE_A9_PROCID,
                CORETILE_A9_OSC, CORETILE_A9_VOLTAGES);
    }

    /** Who handles SYS_CFG shutdown and reboot. */
    public void powerControl(PowerControl power) {
        this.power = power;
    }

    /** The MMC slot's card-detect and write-protect switches, as SYS_MCI shows them. */
    public void mmcCard(boolean present, boolean writeProtected) {
        this.cardPresent = present;
        this.cardWriteProtected = writeProtected;
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    @Override
    public void reset() {
        leds = 0;
        lock = 0;
        cfgData1 = 0;
        cfgData2 = 0;
        flags = 0;
        // SYS_NVFLAGS keep their value over a reset: that is what "non-volatile" means here.
        cfgData = 0;
        cfgCtrl = 0;
        cfgStat = 0;
        System.arraycopy(MOTHERBOARD_OSC_RESET, 0, motherboardOsc, 0, motherboardOsc.length);
        System.arraycopy(daughterboardOscReset, 0, daughterboardOsc, 0, daughterboardOsc.length);
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case SYS_ID:
                return sysId;
            case SYS_LED:
                return leds;
            case SYS_LOCK:
                return lock;
            case SYS_100HZ:
                return (int) VirtualClock.ticks(scheduler.nowNanos(), 100);
            case SYS_CFGDATA1:
                return cfgData1;
            case SYS_CFGDATA2:
                return cfgData2;
            case SYS_FLAGS:
                return flags;
            case SYS_NVFLAGS:
                return nvFlags;
            case SYS_PCICTL:
                return 1;
            case SYS_MCI:
                return (cardPresent ? MCI_CARD_PRESENT : 0) | (cardWriteProtected ? MCI_WRITE_PROTECTED : 0);
            case SYS_24MHZ:
                return (int) VirtualClock.ticks(scheduler.nowNanos(), 24_000_000);
            case SYS_PROCID0:
                return procId0;
            case SYS_PROCID1:
                return PROCID1_NO_TILE;
            case SYS_CFGDATA:
                return cfgData;
            case SYS_CFGCTRL:
                return cfgCtrl;
            case SYS_CFGSTAT:
                return cfgStat;
            default:
                // SYS_SW (no switches to read), SYS_RESETCTL and SYS_CLCD (RAZ on vexpress),
                // SYS_FLASH, SYS_CFGSW, SYS_MISC, SYS_DMA and reserved space read as zero, as on QEMU.
                return 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case SYS_LED:
                leds = value;
                break;
            case SYS_LOCK:
                // Writing the key locks the value in; anything else reads back without bit 15.
                lock = (value & 0xffff) == LOCK_KEY ? LOCK_KEY : value & 0x7fff;
                break;
            case SYS_CFGDATA1:
                cfgData1 = value;
                break;
            case SYS_CFGDATA2:
                cfgData2 = value;
                break;
            case SYS_FLAGSSET:
                flags |= value;
                break;
            case SYS_FLAGSCLR:
                flags &= ~value;
                break;
            case SYS_NVFLAGSSET:
                nvFlags |= value;
                break;
            case SYS_NVFLAGSCLR:
                nvFlags &= ~value;
                break;
            case SYS_CFGDATA:
                cfgData = value;
                break;
            case SYS_CFGCTRL:
                writeCfgCtrl(value);
                break;
            case SYS_CFGSTAT:
                cfgStat = value & (CFGSTAT_COMPLETE | CFGSTAT_ERROR);
                break;
            default:
                break; // read-only or reserved
        }
    }

    private void writeCfgCtrl(int value) {
        // START only triggers the operation and reads as zero; bits 19:18 are reserved (RAZ/WI).
        cfgCtrl = value & ~(CFGCTRL_START | CFGCTRL_RESERVED);
        if ((value & CFGCTRL_START) == 0) {
            return;
        }
        int dcc = (cfgCtrl >>> 26) & 0xf;
        int function = (cfgCtrl >>> 20) & 0x3f;
        int site = (cfgCtrl >>> 16) & 0x3;
        int position = (cfgCtrl >>> 12) & 0xf;
        int device = cfgCtrl & 0xfff;
        boolean ok;
        if (dcc != 0 || position != 0 || (site != SITE_MOTHERBOARD && site != SITE_DAUGHTERBOARD_1)) {
            ok = false; // only the motherboard and the first daughterboard at stack position 0 exist
        } else if ((cfgCtrl & CFGCTRL_WRITE) != 0) {
            ok = configWrite(function, site, device, cfgData);
        } else {
            ok = configRead(function, site, device);
        }
        cfgStat = CFGSTAT_COMPLETE | (ok ? 0 : CFGSTAT_ERROR);
    }

    private boolean configRead(int function, int site, int device) {
        boolean motherboard = site == SITE_MOTHERBOARD;
        switch (function) {
            case FUNC_OSC:
                if (motherboard && device < motherboardOsc.length) {
                    cfgData = motherboardOsc[device];
                    return true;
                }
                if (!motherboard && device < daughterboardOsc.length) {
                    cfgData = daughterboardOsc[device];
                    return true;
                }
                return false;
            case FUNC_VOLT:
                if (motherboard && device == 0) {
                    cfgData = MOTHERBOARD_VIO_MICROVOLTS;
                    return true;
                }
                if (!motherboard && device < daughterboardVoltages.length) {
                    cfgData = daughterboardVoltages[device];
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    private boolean configWrite(int function, int site, int device, int value) {
        boolean motherboard = site == SITE_MOTHERBOARD;
        switch (function) {
            case FUNC_OSC:
                if (motherboard && device < motherboardOsc.length) {
                    motherboardOsc[device] = value;
                    return true;
                }
                if (!motherboard && device < daughterboardOsc.length) {
                    daughterboardOsc[device] = value;
                    return true;
                }
                return false;
            case FUNC_MUXFPGA:
            case FUNC_DVIMODE:
                // Video output selection and DVI mode: accepted; there is no display to switch.
                return motherboard && device == 0;
            case FUNC_SHUTDOWN:
                if (motherboard && device == 0) {
                    power.shutdown();
                    return true;
                }
                return false;
            case FUNC_REBOOT:
                if (motherboard && device == 0) {
                    power.reboot();
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /** The current value of a motherboard oscillator in Hz (e.g. OSC2, the 24 MHz UART clock). */
    public int motherboardOscillator(int index) {
        return motherboardOsc[index];
    }
}
