package dev.hilfarm.emulator.device;

/**
 * The Cortex-A9 MPCore's interrupt controller, a GICv1 with the Security Extensions and 5
 * priority bits, for one CPU, as QEMU's {@code arm_gic} (revision 1) models it on vexpress-a9. This
 * class holds the state and the prioritisation; {@link GicDistributor} and {@link GicCpuInterface}
 * are its two register windows.
 *
 * <p>The emulated CPU never leaves the Secure state, so every register access is a Secure one:
 * both interrupt groups are visible, ICCICR has its Secure layout (EnableGrp0, EnableGrp1,
 * AckCtl, FIQEn, SBPR), group 0 interrupts are signalled as FIQ when FIQEn is set and as IRQ
 * otherwise. A level-sensitive interrupt is pending while its input is high or while software has
 * set it pending; an edge-triggered one latches on the rising edge. Active priorities are kept per
 * preemption level, as the GIC's active priority registers do: an EOI drops the highest active
 * priority and deactivates the interrupt written.
 */
public final class Gic {
    public static final int SGI_COUNT = 16;
    public static final int PRIVATE_COUNT = 32;
    /** Interrupt IDs 0-95: 16 SGIs, 16 PPIs, 64 SPIs, as QEMU's a9mpcore on vexpress. */
    public static final int DEFAULT_IRQ_COUNT = 96;
    public static final int SPURIOUS = 1023;
    /** What a Secure acknowledge returns for a group 1 interrupt while AckCtl is clear. */
    public static final int SPURIOUS_GROUP1 = 1022;
    /** The implemented priority bits (5: 32 levels). */
    public static final int PRIORITY_MASK = 0xf8;
    /** Running priority when nothing is active (reads as 0xff). */
    static final int IDLE_PRIORITY = 0x100;

    public static final int CTLR_ENABLE_GRP0 = 1 << 0;
    public static final int CTLR_ENABLE_GRP1 = 1 << 1;
    public static final int CTLR_ACK_CTL = 1 << 2;
    public static final int CTLR_FIQ_EN = 1 << 3;
    public static final int CTLR_SBPR = 1 << 4;

    final int irqCount;
    final boolean[] enabled;
    final boolean[] latched;
    final boolean[] active;
    final boolean[] level;
    final boolean[] edgeTriggered;
    final boolean[] group1;
    final int[] priority;
    /** Per SGI, the CPUs that sent it (bit n = CPU n). */
    final int[] sgiSources = new int[SGI_COUNT];

    int distributorControl;
    int cpuControl;
    int priorityMask;
    int binaryPoint;
    int aliasedBinaryPoint;
    int runningPriority;
    int currentPending;
    /** Active priorities per preemption level (priority >> 1): 128 levels per group. */
    private final long[] activeLevels0 = new long[2];
    private final long[] activeLevels1 = new long[2];

    private final InterruptLine[] inputs;
    private InterruptLine irqOutput = InterruptLine.NONE;
    private InterruptLine fiqOutput = InterruptLine.NONE;
    private boolean irqLevel;
    private boolean fiqLevel;

    public Gic(int irqCount) {
        if (irqCount < PRIVATE_COUNT || irqCount > 1020 || irqCount % 32 != 0) {
            throw new IllegalArgumentException("a GIC has 32 to 1020 interrupts in steps of 32, not " + irqCount);
        }
        this.irqCount = irqCount;
        enabled = new boolean[irqCount];
        latched = new boolean[irqCount];
        active = new boolean[irqCount];
        level = new boolean[irqCount];
        edgeTriggered = new boolean[irqCount];
        group1 = new boolean[irqCount];
        priority = new int[irqCount];
        inputs = new InterruptLine[irqCount];
        for (int id = SGI_COUNT; id < irqCount; id++) {
            int line = id;
            inputs[id] = high -> setInput(line, high);
        }
        reset();
    }

    public Gic() {
        this(DEFAULT_IRQ_COUNT);
    }

    public int irqCount() {
        return irqCount;
    }

    /** Connects the CPU's IRQ and FIQ inputs. */
    public void connect(InterruptLine irq, InterruptLine fiq) {
        this.irqOutput = irq;
        this.fiqOutput = fiq;
        irqLevel = false;
        fiqLevel = false;
        irq.set(false);
        fiq.set(false);
        update();
    }

    /** The input wire of a private peripheral (ID 16-31) or shared peripheral (ID 32 and up) interrupt. */
    public InterruptLine input(int id) {
        if (id < SGI_COUNT || id >= irqCount) {
            throw new IllegalArgumentException("no interrupt input with ID " + id);
        }
        return inputs[id];
    }

    /** The input wire of shared peripheral interrupt {@code spi} (interrupt ID 32 + spi). */
    public InterruptLine spi(int spi) {
        return input(PRIVATE_COUNT + spi);
    }

    /** Resets the controller's state; the levels of its input wires are their sources' business and stay. */
    public void reset() {
        for (int id = 0; id < irqCount; id++) {
            boolean sgi = id < SGI_COUNT;
            enabled[id] = sgi; // SGIs are always enabled
            latched[id] = false;
            active[id] = false;
            edgeTriggered[id] = sgi;
            group1[id] = false;
            priority[id] = 0;
        }
        java.util.Arrays.fill(sgiSources, 0);
        distributorControl = 0;
        cpuControl = 0;
        priorityMask = 0;
        binaryPoint = 0;
        aliasedBinaryPoint = 1;
        runningPriority = IDLE_PRIORITY;
        currentPending = SPURIOUS;
        java.util.Arrays.fill(activeLevels0, 0);
        java.util.Arrays.fill(activeLevels1, 0);
        update();
    }

    private void setInput(int id, boolean high) {
        if (level[id] == high) {
            return;
        }
        level[id] = high;
        if (high && edgeTriggered[id]) {
            latched[id] = true;
        }
        update();
    }

    boolean pending(int id) {
        return latched[id] || (level[id] && !edgeTriggered[id]);
    }

    /** Whether the CPU's IRQ input is asserted (for tests and debuggers). */
    public boolean irqAsserted() {
        return irqLevel;
    }

    public boolean fiqAsserted() {
        return fiqLevel;
    }

    /** Recomputes the highest-priority pending interrupt and the CPU's IRQ and FIQ inputs. */
    void update() {
        currentPending = SPURIOUS;
        boolean irq = false;
        boolean fiq = false;
        if ((distributorControl & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1)) != 0
                && (cpuControl & (CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1)) != 0) {
            int best = SPURIOUS;
            int bestPriority = IDLE_PRIORITY;
            for (int id = 0; id < irqCount; id++) {
                if (enabled[id] && !active[id] && priority[id] < bestPriority && pending(id)) {
                    best = id;
                    bestPriority = priority[id];
                }
            }
            if (bestPriority < priorityMask) {
                currentPending = best;
                if (bestPriority < runningPriority) {
                    int group = group1[best] ? 1 : 0;
                    if ((distributorControl & (1 << group)) != 0 && (cpuControl & (1 << group)) != 0) {
                        if (group == 0 && (cpuControl & CTLR_FIQ_EN) != 0) {
                            fiq = true;
                        } else {
                            irq = true;
                        }
                    }
                }
            }
        }
        if (irq != irqLevel) {
            irqLevel = irq;
            irqOutput.set(irq);
        }
        if (fiq != fiqLevel) {
            fiqLevel = fiq;
            fiqOutput.set(fiq);
        }
    }

    /** ICCHPIR: the highest-priority pending interrupt, 1022 for a group 1 one while AckCtl is clear. */
    int highestPending() {
        int id = currentPending;
        if (id < irqCount && group1[id] && (cpuControl & CTLR_ACK_CTL) == 0) {
            return SPURIOUS_GROUP1;
        }
        return id;
    }

    /** ICCIAR read: acknowledges the highest-priority pending interrupt, if it may preempt. */
    int acknowledge() {
        int id = highestPending();
        if (id >= irqCount) {
            return id;
        }
        if (priority[id] >= runningPriority) {
            return SPURIOUS;
        }
        int result = id;
        if (id < SGI_COUNT) {
            int source = Integer.numberOfTrailingZeros(sgiSources[id]);
            sgiSources[id] &= ~(1 << source);
            if (sgiSources[id] == 0) {
                latched[id] = false;
            }
            result |= (source & 7) << 10;
        } else {
            // A level-sensitive interrupt whose input is still high stays pending (and is active now).
            latched[id] = false;
        }
        int groupPriority = groupPriority(id);
        int preemptionLevel = groupPriority >>> 1;
        long[] levels = group1[id] ? activeLevels1 : activeLevels0;
        levels[preemptionLevel >>> 6] |= 1L << preemptionLevel;
        runningPriority = groupPriority;
        active[id] = true;
        update();
        return result;
    }

    /** ICCEOIR write: drops the running priority and deactivates the interrupt written. */
    void endOfInterrupt(int value) {
        int id = value & 0x3ff;
        if (id >= irqCount || runningPriority == IDLE_PRIORITY) {
            return; // spurious IDs and EOIs with nothing active are ignored
        }
        long[] levels = group1[id] ? activeLevels1 : activeLevels0;
        if (levels[0] != 0) {
            levels[0] &= levels[0] - 1;
        } else {
            levels[1] &= levels[1] - 1;
        }
        runningPriority = priorityFromActiveLevels();
        active[id] = false;
        update();
    }

    private int priorityFromActiveLevels() {
        long low = activeLevels0[0] | activeLevels1[0];
        if (low != 0) {
            return Long.numberOfTrailingZeros(low) << 1;
        }
        long high = activeLevels0[1] | activeLevels1[1];
        if (high != 0) {
            return (64 + Long.numberOfTrailingZeros(high)) << 1;
        }
        return IDLE_PRIORITY;
    }

    /** The priority bits that count for preemption under the binary point that applies to the interrupt. */
    private int groupPriority(int id) {
        int point = group1[id] && (cpuControl & CTLR_SBPR) == 0 ? aliasedBinaryPoint - 1 : binaryPoint;
        return priority[id] & (0xff << ((point & 7) + 1)) & 0xff;
    }

    /** ICCRPR. */
    int runningPriorityRegister() {
        return runningPriority == IDLE_PRIORITY ? 0xff : runningPriority;
    }

    /** ICDSGIR: raises a software-generated interrupt on the CPUs the target filter selects (only CPU 0 exists). */
    void softwareInterrupt(int value) {
        int sgi = value & 0xf;
        int targets;
        switch ((value >>> 24) & 3) {
            case 0: targets = (value >>> 16) & 0xff; break;  // the listed CPUs
            case 1: targets = 0xfe; break;                   // all but the requesting CPU
            case 2: targets = 0x01; break;                   // the requesting CPU
            default: targets = 0xff; break;                  // reserved: QEMU sends to every CPU
        }
        if ((targets & 1) != 0) {
            sgiSources[sgi] |= 1; // from CPU 0
            latched[sgi] = true;
            update();
        }
    }
}
