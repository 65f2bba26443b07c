package dev.hilfarm.emulator.system;

import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * The performance monitor registers of CP15 (c9, and the PMEVCNTRn/PMEVTYPERn/PMCCFILTR views in
 * c14), as QEMU 7.2 presents them on its cortex-a9 and cortex-a8: the registers exist and keep what
 * is written with the same masks, PMCR.P and PMCR.C reset the counters, but nothing counts, because
 * QEMU gives these cores no PMU event source. Software increments (PMSWINC) therefore have no
 * effect and no overflow is ever flagged. That keeps every run deterministic.
 *
 * <p>Privilege: PL1 always; User mode when PMUSERENR.EN is set, except PMINTENSET/PMINTENCLR (PL1
 * only) and PMUSERENR (always readable from User, never writable).
 */
final class PerformanceMonitors {
    static final int PMCR_E = 1;
    static final int PMCR_P = 1 << 1;
    static final int PMCR_C = 1 << 2;
    /** PMCR bits software can write: E, D, X, DP, LC and bit 7, as QEMU's PMCR_WRITABLE_MASK. */
    static final int PMCR_WRITABLE = 0xf9;
    static final int EVTYPER_MASK = 0xfe00ffff;
    static final int PMCCFILTR_MASK = 0xf8000000;
    static final int SELECT_CYCLE_COUNTER = 31;

    private final int counters;
    private final int pmcrFixed;
    /** Counter-enable, overflow and interrupt-enable registers hold bits 0..N-1 and bit 31 (the cycle counter). */
    private final int counterMask;
    private final int[] eventType;
    private final int[] eventCount;

    private int pmcr;
    private int countEnable;
    private int overflow;
    private int interruptEnable;
    private int select;
    private int cycleCount;
    private int cycleFilter;
    private int userEnable;

    PerformanceMonitors(int pmcrReset) {
        this.pmcrFixed = pmcrReset & ~0x7ff;
        this.counters = (pmcrReset >>> 11) & 0x1f;
        this.counterMask = (int) ((1L << counters) - 1) | 0x80000000;
        this.eventType = new int[counters];
        this.eventCount = new int[counters];
        reset();
    }

    void reset() {
        pmcr = 0;
        countEnable = 0;
        overflow = 0;
        interruptEnable = 0;
        select = 0;
        cycleCount = 0;
        cycleFilter = 0;
        userEnable = 0;
        java.util.Arrays.fill(eventType, 0);
        java.util.Arrays.fill(eventCount, 0);
    }

    /** PMUSERENR.EN: User mode may use the counters. */
    boolean userAccessEnabled() {
        return (userEnable & 1) != 0;
    }

    int counters() {
        return counters;
    }

    /** c9, c12-c14 reads; {@code privileged} is false for User mode. */
    int readC9(int crm, int opc2, boolean privileged) {
        switch (crm << 3 | opc2) {
            case 12 << 3:
                checkUser(privileged);
                return pmcrFixed | pmcr;
            case 12 << 3 | 1:
            case 12 << 3 | 2:
                checkUser(privileged);
                return countEnable;
            case 12 << 3 | 3:
                checkUser(privileged);
                return overflow;
            case 12 << 3 | 5:
                checkUser(privileged);
                return select;
            case 13 << 3:
                checkUser(privileged);
                return cycleCount;
            case 13 << 3 | 1:
                checkUser(privileged);
                return readSelectedType();
            case 13 << 3 | 2:
                checkUser(privileged);
                return select < counters ? eventCount[select] : 0;
            case 14 << 3:
                return userEnable;
            case 14 << 3 | 1:
            case 14 << 3 | 2:
                checkPrivileged(privileged);
                return interruptEnable;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    void writeC9(int crm, int opc2, int value, boolean privileged) {
        switch (crm << 3 | opc2) {
            case 12 << 3:
                checkUser(privileged);
                if ((value & PMCR_C) != 0) {
                    cycleCount = 0;
                }
                if ((value & PMCR_P) != 0) {
                    java.util.Arrays.fill(eventCount, 0);
                }
                pmcr = value & PMCR_WRITABLE;
                return;
            case 12 << 3 | 1:
                checkUser(privileged);
                countEnable |= value & counterMask;
                return;
            case 12 << 3 | 2:
                checkUser(privileged);
                countEnable &= ~(value & counterMask);
                return;
            case 12 << 3 | 3:
                checkUser(privileged);
                overflow &= ~(value & counterMask);
                return;
            case 12 << 3 | 4:
                checkUser(privileged);
                return; // PMSWINC: no counter counts on this core model
            case 12 << 3 | 5:
                checkUser(privileged);
                select = value & 0x1f;
                return;
            case 13 << 3:
                checkUser(privileged);
                cycleCount = value;
                return;
            case 13 << 3 | 1:
                checkUser(privileged);
                writeSelectedType(value);
                return;
            case 13 << 3 | 2:
                checkUser(privileged);
                if (select < counters) {
                    eventCount[select] = value;
                }
                return;
            case 14 << 3:
                checkPrivileged(privileged);
                userEnable = value & 1;
                return;
            case 14 << 3 | 1:
                checkPrivileged(privileged);
                interruptEnable |= value & counterMask;
                return;
            case 14 << 3 | 2:
                checkPrivileged(privileged);
                interruptEnable &= ~(value & counterMask);
                return;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** c14: PMEVCNTRn (c8/c9, n = crm[0]:opc2), PMEVTYPERn (c12/c13) and PMCCFILTR (c15, 7). */
    int readC14(int crm, int opc2, boolean privileged) {
        checkUser(privileged);
        if (crm == 15 && opc2 == 7) {
            return cycleFilter;
        }
        int n = ((crm & 3) << 3) | opc2;
        if (n < counters) {
            if ((crm & ~1) == 8) {
                return eventCount[n];
            }
            if ((crm & ~1) == 12) {
                return eventType[n];
            }
        }
        throw UndefinedInstruction.INSTANCE;
    }

    void writeC14(int crm, int opc2, int value, boolean privileged) {
        checkUser(privileged);
        if (crm == 15 && opc2 == 7) {
            cycleFilter = value & PMCCFILTR_MASK;
            return;
        }
        int n = ((crm & 3) << 3) | opc2;
        if (n < counters) {
            if ((crm & ~1) == 8) {
                eventCount[n] = value;
                return;
            }
            if ((crm & ~1) == 12) {
                eventType[n] = value & EVTYPER_MASK;
                return;
            }
        }
        throw UndefinedInstruction.INSTANCE;
    }

    private int readSelectedType() {
        if (select < counters) {
            return eventType[select];
        }
        return select == SELECT_CYCLE_COUNTER ? cycleFilter : 0;
    }

    private void writeSelectedType(int value) {
        if (select < counters) {
            eventType[select] = value & EVTYPER_MASK;
        } else if (select == SELECT_CYCLE_COUNTER) {
            cycleFilter = value & PMCCFILTR_MASK;
        }
    }

    private void checkUser(boolean privileged) {
        if (!privileged && (userEnable & 1) == 0) {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    private static void checkPrivileged(boolean privileged) {
        if (!privileged) {
            throw UndefinedInstruction.INSTANCE;
        }
    }
}
