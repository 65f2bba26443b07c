package dev.hilfarm.emulator.device;

/**
 * The L2C-310 (PL310) level 2 cache controller's registers (ARM DDI 0246), at 0x1E00A000 on the
 * CoreTile A9x4, as QEMU's {@code l2x0} presents them. No cache is modelled (memory is always
 * coherent), so every maintenance operation (cache sync, invalidate, clean, by way or by
 * address, 0x730-0x7FC) completes at once and its register reads as zero: Linux's l2x0 driver
 * writes the way mask and polls until the bits clear.
 */
public final class Pl310L2Cache extends WordRegisters {
    public static final int CACHE_ID = 0x000;
    public static final int CACHE_TYPE = 0x004;
    public static final int CONTROL = 0x100;
    public static final int AUX_CONTROL = 0x104;
    public static final int TAG_RAM_CONTROL = 0x108;
    public static final int DATA_RAM_CONTROL = 0x10c;
    public static final int MAINTENANCE_FIRST = 0x730;
    public static final int MAINTENANCE_END = 0x800;
    public static final int ADDRESS_FILTER_START = 0xc00;
    public static final int ADDRESS_FILTER_END = 0xc04;
    public static final int DEBUG_CONTROL = 0xf40;
    public static final int PREFETCH_CONTROL = 0xf60;
    public static final int POWER_CONTROL = 0xf80;

    /** L2C-310 r3p2 as QEMU reports it. */
    public static final int CACHE_ID_VALUE = 0x410000c8;
    /** 8-way, 16 KiB per way for data and instructions, as QEMU's default "cache-type". */
    public static final int CACHE_TYPE_RESET = 0x1c100100;
    /** 8-way associativity, 16 KiB ways, parity and event monitoring off. */
    public static final int AUX_CONTROL_RESET = 0x02020000;

    private int cacheType;
    private int control;
    private int auxControl;
    private int tagRamControl;
    private int dataRamControl;
    private int filterStart;
    private int filterEnd;

    public Pl310L2Cache() {
        reset();
    }

    @Override
    public int windowSize() {
        return 0x1000;
    }

    @Override
    public void reset() {
        cacheType = CACHE_TYPE_RESET;
        control = 0;
        auxControl = AUX_CONTROL_RESET;
        tagRamControl = 0;
        dataRamControl = 0;
        filterStart = 0;
        filterEnd = 0;
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case CACHE_ID:
                return CACHE_ID_VALUE;
            case CACHE_TYPE:
                // The way size and associativity fields follow the auxiliary control register;
                // like QEMU, bits once reported stay reported until reset.
                int waySize = (auxControl >>> 15) & 0x1c | (auxControl >>> 16) & 0x1;
                cacheType |= (waySize << 18) | (waySize << 6);
                return cacheType;
            case CONTROL:
                return control;
            case AUX_CONTROL:
                return auxControl;
            case TAG_RAM_CONTROL:
                return tagRamControl;
            case DATA_RAM_CONTROL:
                return dataRamControl;
            case ADDRESS_FILTER_START:
                return filterStart;
            case ADDRESS_FILTER_END:
                return filterEnd;
            default:
                // Maintenance operations have completed; event counters, interrupts, lockdown,
                // debug, prefetch and power control read as zero, as on QEMU.
                return 0;
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case CONTROL:
                control = value & 1; // L2 cache enable
                break;
            case AUX_CONTROL:
                auxControl = value;
                break;
            case TAG_RAM_CONTROL:
                tagRamControl = value;
                break;
            case DATA_RAM_CONTROL:
                dataRamControl = value;
                break;
            case ADDRESS_FILTER_START:
                filterStart = value;
                break;
            case ADDRESS_FILTER_END:
                filterEnd = value;
                break;
            default:
                break; // maintenance operations complete at once; the rest is read-as-zero
        }
    }
}
