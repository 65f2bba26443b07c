package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Coprocessor;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;

/**
 * CP14: the v7 debug registers Linux's hw_breakpoint code and bare-metal startup code touch, plus
 * the ThumbEE and Jazelle registers, as QEMU 7.2 presents them (read back by the probe in this
 * package's test resources).
 *
 * <ul>
 *   <li>DBGDIDR (User-readable), DBGDRAR and DBGDSAR (User-readable, zero: no memory-mapped debug);</li>
 *   <li>DBGDSCRext, read back through DBGDSCRint (PL1 read-only);</li>
 *   <li>breakpoint and watchpoint value/control registers, as many as DBGDIDR reports;</li>
 *   <li>the OS lock: DBGOSLSR resets locked (0xa), DBGOSLAR locks with 0xC5ACCE55 and unlocks with
 *       anything else; DBGOSDLR reads as zero;</li>
 *   <li>DBGDCCINT and DBGVCR accept writes and do nothing (QEMU leaves Rt unchanged on reads; here
 *       they read zero);</li>
 *   <li>TEECR and TEEHBR (User access to TEEHBR unless TEECR.XED), JIDR, JOSCR and JMCR (zero).</li>
 * </ul>
 * The debug registers only store their values: breakpoints, watchpoints and vector catch raise no
 * debug events here, as on QEMU without a debugger using them.
 */
public final class Cp14Debug implements Coprocessor {
    static final int OSLAR_LOCK_KEY = 0xC5ACCE55;
    static final int OSLSR_RESET = 0xa;
    static final int OSLSR_LOCKED = 1 << 1;
    static final int WVR_MASK = 0xfffffffc;

    private static final int DBGDIDR = 0;
    private static final int DBGDSCRINT = 1 << 3;
    private static final int DBGDCCINT = 2 << 3;
    private static final int DBGDSCREXT = 2 << 3 | 2;
    private static final int DBGVCR = 7 << 3;
    private static final int DBGDRAR = 1 << 7;
    private static final int DBGOSLAR = 1 << 7 | 4;
    private static final int DBGOSLSR = 1 << 7 | 1 << 3 | 4;
    private static final int DBGOSDLR = 1 << 7 | 3 << 3 | 4;
    private static final int DBGDSAR = 2 << 7;
    private static final int TEECR = 6 << 11;
    private static final int TEEHBR = 6 << 11 | 1 << 7;
    private static final int JIDR = 7 << 11;
    private static final int JOSCR = 7 << 11 | 1 << 7;
    private static final int JMCR = 7 << 11 | 2 << 7;

    private final CpuIdentity id;
    private final int[] breakpointValue;
    private final int[] breakpointControl;
    private final int[] watchpointValue;
    private final int[] watchpointControl;
    private int dscr;
    private int oslsr;
    private int teecr;
    private int teehbr;

    public Cp14Debug(CpuModel model) {
        this.id = CpuIdentity.of(model);
        breakpointValue = new int[id.breakpoints()];
        breakpointControl = new int[id.breakpoints()];
        watchpointValue = new int[id.watchpoints()];
        watchpointControl = new int[id.watchpoints()];
        reset();
    }

    public void reset() {
        java.util.Arrays.fill(breakpointValue, 0);
        java.util.Arrays.fill(breakpointControl, 0);
        java.util.Arrays.fill(watchpointValue, 0);
        java.util.Arrays.fill(watchpointControl, 0);
        dscr = 0;
        oslsr = OSLSR_RESET;
        teecr = 0;
        teehbr = 0;
    }

    private static int key(int opc1, int crn, int crm, int opc2) {
        return (opc1 << 11) | (crn << 7) | (crm << 3) | opc2;
    }

    @Override
    public int mrc(CpuState state, int opc1, int crn, int crm, int opc2) {
        boolean privileged = state.privileged();
        int key = key(opc1, crn, crm, opc2);
        switch (key) {
            case DBGDIDR:
                return id.dbgdidr;
            case DBGDRAR:
            case DBGDSAR:
                return 0;
            case TEEHBR:
                checkTeehbrAccess(privileged);
                return teehbr;
            default:
                break;
        }
        if (!privileged) {
            throw UndefinedInstruction.INSTANCE;
        }
        if (opc1 == 0 && crn == 0 && opc2 >= 4) {
            return readPair(crm, opc2);
        }
        switch (key) {
            case DBGDSCRINT:
            case DBGDSCREXT:
                return dscr;
            case DBGDCCINT:
            case DBGVCR:
            case DBGOSDLR:
            case JIDR:
            case JOSCR:
            case JMCR:
                return 0;
            case DBGOSLSR:
                return oslsr;
            case TEECR:
                return teecr;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    @Override
    public void mcr(CpuState state, int opc1, int crn, int crm, int opc2, int value) {
        boolean privileged = state.privileged();
        int key = key(opc1, crn, crm, opc2);
        if (key == TEEHBR) {
            checkTeehbrAccess(privileged);
            teehbr = value;
            return;
        }
        if (!privileged) {
            throw UndefinedInstruction.INSTANCE;
        }
        if (opc1 == 0 && crn == 0 && opc2 >= 4) {
            writePair(crm, opc2, value);
            return;
        }
        switch (key) {
            case DBGDSCREXT:
                dscr = value;
                return;
            case DBGDCCINT:
            case DBGVCR:
            case DBGOSDLR:
            case JOSCR:
            case JMCR:
                return;
            case DBGOSLAR:
                oslsr = value == OSLAR_LOCK_KEY ? oslsr | OSLSR_LOCKED : oslsr & ~OSLSR_LOCKED;
                return;
            case TEECR:
                teecr = value & 1;
                return;
            default:
                throw UndefinedInstruction.INSTANCE;
        }
    }

    /** DBGBVRn (opc2 4), DBGBCRn (5), DBGWVRn (6), DBGWCRn (7), n = CRm. */
    private int readPair(int n, int opc2) {
        switch (opc2) {
            case 4:
                return breakpointValue[checkIndex(n, breakpointValue.length)];
            case 5:
                return breakpointControl[checkIndex(n, breakpointControl.length)];
            case 6:
                return watchpointValue[checkIndex(n, watchpointValue.length)];
            default:
                return watchpointControl[checkIndex(n, watchpointControl.length)];
        }
    }

    private void writePair(int n, int opc2, int value) {
        switch (opc2) {
            case 4:
                breakpointValue[checkIndex(n, breakpointValue.length)] = value;
                return;
            case 5:
                breakpointControl[checkIndex(n, breakpointControl.length)] = value;
                return;
            case 6:
                watchpointValue[checkIndex(n, watchpointValue.length)] = value & WVR_MASK;
                return;
            default:
                watchpointControl[checkIndex(n, watchpointControl.length)] = value;
        }
    }

    private static int checkIndex(int n, int count) {
        if (n >= count) {
            throw UndefinedInstruction.INSTANCE;
        }
        return n;
    }

    private void checkTeehbrAccess(boolean privileged) {
        if (!privileged && (teecr & 1) != 0) {
            throw UndefinedInstruction.INSTANCE;
        }
    }

    @Override
    public long mrrc(CpuState state, int opc1, int crm) {
        throw UndefinedInstruction.INSTANCE;
    }

    @Override
    public void mcrr(CpuState state, int opc1, int crm, long value) {
        throw UndefinedInstruction.INSTANCE;
    }
}
