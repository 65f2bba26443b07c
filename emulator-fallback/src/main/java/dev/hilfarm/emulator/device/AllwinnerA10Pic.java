package dev.hilfarm.emulator.device;

/**
 * The Allwinner A10 interrupt controller as QEMU 7.2 models it (allwinner-a10-pic): 95 level
 * inputs in three 32-bit banks, an IRQ and an FIQ output to the core.
 *
 * <p>QEMU's model, which bare-metal code written against QEMU sees, differs from the A10 manual
 * in ways kept here on purpose: an input is pending exactly while its line is high (the pending
 * registers are read-only; writes to them are ignored); the enable registers are stored but gate
 * nothing: an input reaches the core whenever it is pending and not masked, and every mask bit is
 * clear at reset; an input selected for FIQ raises FIQ and IRQ both; the FIQ pending registers
 * are never set (writing ones clears bits that are already zero). VECTOR reads four times the
 * lowest pending unmasked input, recomputed whenever an input or a register changes, and 0 when
 * none is pending. Every register is a 32-bit word; a narrower access reaches the word it falls in.
 */
public final class AllwinnerA10Pic extends WordRegisters {
    public static final int VECTOR = 0x00;
    public static final int BASE_ADDR = 0x04;
    public static final int PROTECT = 0x08;
    public static final int NMI_CTRL = 0x0c;
    public static final int IRQ_PENDING = 0x10;
    public static final int FIQ_PENDING = 0x20;
    public static final int SELECT = 0x30;
    public static final int ENABLE = 0x40;
    public static final int MASK = 0x50;

    /** Inputs: 0-94, three banks of 32. */
    public static final int INPUTS = 95;
    private static final int BANKS = 3;

    private final InterruptLine irqOut;
    private final InterruptLine fiqOut;
    private final InterruptLine[] inputs = new InterruptLine[INPUTS];

    private final int[] pending = new int[BANKS];
    private final int[] fiqPending = new int[BANKS];
    private final int[] select = new int[BANKS];
    private final int[] enable = new int[BANKS];
    private final int[] mask = new int[BANKS];
    private int vector;
    private int baseAddress;
    private int protect;
    private int nmiControl;
    private boolean irqLevel;
    private boolean fiqLevel;

    public AllwinnerA10Pic(InterruptLine irqOut, InterruptLine fiqOut) {
        this.irqOut = irqOut;
        this.fiqOut = fiqOut;
        for (int i = 0; i < INPUTS; i++) {
            int bank = i >>> 5;
            int bit = 1 << (i & 31);
            inputs[i] = level -> setInput(bank, bit, level);
        }
        reset();
    }

    /** The wire of input {@code n} (0-94), for the device that raises it. */
    public InterruptLine input(int n) {
        if (n < 0 || n >= INPUTS) {
            throw new IllegalArgumentException("A10 interrupt input " + n + " does not exist (0-" + (INPUTS - 1) + ")");
        }
        return inputs[n];
    }

    private void setInput(int bank, int bit, boolean level) {
        int before = pending[bank];
        pending[bank] = level ? before | bit : before & ~bit;
        if (pending[bank] != before) {
            update();
        }
    }

    @Override
    public int windowSize() {
        return 0x400;
    }

    @Override
    public void reset() {
        for (int i = 0; i < BANKS; i++) {
            pending[i] = 0;
            fiqPending[i] = 0;
            select[i] = 0;
            enable[i] = 0;
            mask[i] = 0;
        }
        vector = 0;
        baseAddress = 0;
        protect = 0;
        nmiControl = 0;
        // QEMU's reset leaves the outputs where they were; with nothing pending they go low on the next change.
        irqLevel = false;
        fiqLevel = false;
        irqOut.set(false);
        fiqOut.set(false);
    }

    @Override
    protected int readRegister(int offset) {
        switch (offset) {
            case VECTOR:
                return vector;
            case BASE_ADDR:
                return baseAddress;
            case PROTECT:
                return protect;
            case NMI_CTRL:
                return nmiControl;
            default:
                int[] bank = bankRegister(offset);
                return bank == null ? 0 : bank[(offset & 0xc) >>> 2];
        }
    }

    @Override
    protected void writeRegister(int offset, int value) {
        switch (offset) {
            case VECTOR:
                break;
            case BASE_ADDR:
                baseAddress = value & ~3;
                break;
            case PROTECT:
                protect = value;
                break;
            case NMI_CTRL:
                nmiControl = value;
                break;
            default:
                int[] bank = bankRegister(offset);
                int index = (offset & 0xc) >>> 2;
                if (bank == fiqPending) {
                    fiqPending[index] &= ~value;
                } else if (bank != null && bank != pending) {
                    bank[index] = value; // pending is read-only (Linux writes it anyway)
                }
                break;
        }
        update(); // QEMU recomputes after every write, known offset or not
    }

    /** The banked register array at {@code offset} (three words from each base), or null. */
    private int[] bankRegister(int offset) {
        int index = (offset & 0xc) >>> 2;
        if (index >= BANKS) {
            return null;
        }
        switch (offset & ~0xf) {
            case IRQ_PENDING:
                return pending;
            case FIQ_PENDING:
                return fiqPending;
            case SELECT:
                return select;
            case ENABLE:
                return enable;
            case MASK:
                return mask;
            default:
                return null;
        }
    }

    private void update() {
        int irq = 0;
        int fiq = 0;
        vector = 0;
        for (int i = 0; i < BANKS; i++) {
            int active = pending[i] & ~mask[i];
            irq |= active;
            fiq |= active & select[i];
            if (vector == 0 && active != 0) {
                vector = (i * 32 + Integer.numberOfTrailingZeros(active)) * 4;
            }
        }
        boolean irqNow = irq != 0;
        boolean fiqNow = fiq != 0;
        if (irqNow != irqLevel) {
            irqLevel = irqNow;
            irqOut.set(irqNow);
        }
        if (fiqNow != fiqLevel) {
            fiqLevel = fiqNow;
            fiqOut.set(fiqNow);
        }
    }

    /** Whether input {@code n} is pending (its line is high), for tests and diagnostics. */
    public boolean pending(int n) {
        return (pending[n >>> 5] & (1 << (n & 31))) != 0;
    }
}
