package dev.hilfarm.emulator.device;

/**
 * The PrimeCell SP810 system controller at 0x10001000 of the V2M-P1 (ARM DDI 0254). On the
 * motherboard its SCCTRL selects the SP804 timers' clocks (bits 15, 17, 19, 21: 1 MHz TIMCLK
 * instead of 32 kHz REFCLK), which Linux's clk-sp810 driver sets. Mode changes and clock
 * switches complete at once.
 *
 * <p>QEMU's vexpress-a9 has no SP810 (its window reads zero there) and clocks the SP804s at 1 MHz
 * regardless; this model keeps that frequency too and only holds the registers, so guests that
 * program the controller see it answer.
 */
public final class Sp810SystemController extends WordRegisters {
    public static final int SCCTRL = 0x000;
    public static final int SCSYSSTAT = 0x004;
    public static final int SCIMCTRL = 0x008;
    public static final int SCIMSTAT = 0x00c;
    public static final int SCXTALCTRL = 0x010;
    public static final int SCPLLCTRL = 0x014;
    public static final int SCPLLFCTRL = 0x018;
    public static final int SCPERCTRL0 = 0x01c;
    public static final int SCPERCTRL1 = 0x020;
    public static final int SCPEREN = 0x024;
    public static final int SCPERDIS = 0x028;
    public static final int SCPERCLKEN = 0x02c;
    public static final int SCPERSTAT = 0x030;

    /** SCCTRL.ModeCtrl [2:0] and ModeStatus [6:3] (read-only), RemapStat [8] (read-only). */
    private static final int MODE_CTRL_MASK = 0x7;
    private static final int MODE_STATUS_SHIFT = 3;
    private static final int READ_ONLY_CTRL_BITS = (0xf << MODE_STATUS_SHIFT) | (1 << 8);
    public static final int TIMER0_TIMCLK = 1 << 15;
    public static final int TIMER1_TIMCLK = 1 << 17;
    public static final int TIMER2_TIMCLK = 1 << 19;
    public static final int TIMER3_TIMCLK = 1 << 21;

    /** Reset: DOZE requested and reached (ModeCtrl 001, ModeStatus 0001). */
    private static final int SCCTRL_RESET = 0x1 | (0x1 << MODE_STATUS_SHIFT);

    private static final PrimeCellId ID = new PrimeCellId(0x10, 0x18, 0x04, 0x00);

    private int control;
    private int systemStatus;
    private int interruptModeControl;
    private int interruptModeStatus;
    private int crystalControl;
    private int pllControl;
    private int pllFrequency;
    private int peripheralControl0;
    private int peripheralControl1;
    private int peripheralClocks;

    public Sp810SystemController() {
        reset();
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    @Override
    public void reset() {
        control = SCCTRL_RESET;
        systemStatus = 0;
        interruptModeControl = 0;
        interruptModeStatus = 0;
        crystalControl = 0;
        pllControl = 0;
        pllFrequency = 0;
        peripheralControl0 = 0;
        peripheralControl1 = 0;
        peripheralClocks = 0xffffffff; // every peripheral clock runs out of reset
    }

    /** Whether SCCTRL selects the 1 MHz TIMCLK for SP804 timer {@code n} (0-3). */
    public boolean timerUsesTimclk(int n) {
        return (control & (TIMER0_TIMCLK << (2 * n))) != 0;
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case SCCTRL:
                return control;
            case SCSYSSTAT:
                return systemStatus;
            case SCIMCTRL:
                return interruptModeControl;
            case SCIMSTAT:
                return interruptModeStatus;
            case SCXTALCTRL:
                return crystalControl;
            case SCPLLCTRL:
                return pllControl;
            case SCPLLFCTRL:
                return pllFrequency;
            case SCPERCTRL0:
                return peripheralControl0;
            case SCPERCTRL1:
                return peripheralControl1;
            case SCPERCLKEN:
            case SCPERSTAT:
                return peripheralClocks;
            default:
                return PrimeCellId.covers(offset) ? ID.read(offset) : 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case SCCTRL:
                control = (value & ~READ_ONLY_CTRL_BITS) | (modeStatusFor(value & MODE_CTRL_MASK) << MODE_STATUS_SHIFT);
                break;
            case SCSYSSTAT:
                systemStatus = value;
                break;
            case SCIMCTRL:
                interruptModeControl = value;
                break;
            case SCIMSTAT:
                interruptModeStatus = value;
                break;
            case SCXTALCTRL:
                crystalControl = value;
                break;
            case SCPLLCTRL:
                pllControl = value;
                break;
            case SCPLLFCTRL:
                pllFrequency = value;
                break;
            case SCPERCTRL0:
                peripheralControl0 = value;
                break;
            case SCPERCTRL1:
                peripheralControl1 = value;
                break;
            case SCPEREN:
                peripheralClocks |= value;
                break;
            case SCPERDIS:
                peripheralClocks &= ~value;
                break;
            default:
                break;
        }
    }

    /** The ModeStatus the controller settles in for a requested ModeCtrl: SLEEP, DOZE, XTAL CTL or NORMAL. */
    private static int modeStatusFor(int modeCtrl) {
        if ((modeCtrl & 0x4) != 0) {
            return 0x4; // NORMAL
        }
        if ((modeCtrl & 0x2) != 0) {
            return 0x2; // XTAL CTL (SLOW)
        }
        return modeCtrl; // 000 SLEEP, 001 DOZE
    }
}
