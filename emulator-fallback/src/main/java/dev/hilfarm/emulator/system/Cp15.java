package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.cpu.Coprocessor;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.SystemControl;
import dev.hilfarm.emulator.cpu.UndefinedInstruction;
import dev.hilfarm.emulator.memory.Bus;

/**
 * CP15, the system control coprocessor of a Cortex-A9 or Cortex-A8, as QEMU 7.2 presents it to a
 * bare-metal program: identification, SCTLR/ACTLR/CPACR, the Security Extensions registers of the
 * Secure state the core starts in (SCR, SDER, NSACR, MVBAR, ISR), translation table and fault
 * registers, address translation operations, cache, branch predictor and TLB maintenance, the
 * performance monitors, thread ID registers, TEX remap and the core's implementation-defined c15.
 *
 * <p>Which encodings exist, from which privilege, with which reset values and write masks, was read
 * back from QEMU by a probe (the records are this package's test resources, and the tests replay
 * them against this class). The core stays in the Secure state: SCR.NS is stored but has no
 * effect, there is one bank of each register, and Monitor mode does not exist.
 *
 * <p>Decoding allocates nothing: the operands are packed into one int and switched on.
 */
public final class Cp15 implements Coprocessor, SystemControl {
    public static final int SCTLR_M = 1;
    public static final int SCTLR_A = 1 << 1;
    public static final int SCTLR_V = 1 << 13;
    public static final int SCTLR_EE = 1 << 25;
    public static final int SCTLR_TRE = 1 << 28;
    public static final int SCTLR_AFE = 1 << 29;
    public static final int SCTLR_TE = 1 << 30;
    public static final int SCTLR_RESET = 0x00c50078;

    static final int TTBCR_PD0 = 1 << 4;
    static final int TTBCR_PD1 = 1 << 5;
    /** TTBCR.N and, with the Security Extensions, PD0 and PD1. */
    static final int TTBCR_MASK = 0x37;
    static final int SCR_MASK = 0x327f;
    static final int PAR_MASK = 0xfffff6ff;
    static final int VBAR_MASK = 0xffffffe0;
    static final int CPACR_CP10_CP11 = 0x00f00000;
    static final int CPACR_D32DIS = 1 << 30;
    static final int CPACR_ASEDIS = 1 << 31;
    /** PAR.SS: the translation was a supersection. */
    static final int PAR_SUPERSECTION = 1 << 1;
    static final int PAR_NS = 1 << 9;

    // Registers addressed by opc1:CRn:CRm:opc2 packed as opc1 << 11 | CRn << 7 | CRm << 3 | opc2.
    private static final int CSSELR = 2 << 11;
    private static final int SCTLR = 1 << 7;
    private static final int ACTLR = 1 << 7 | 1;
    private static final int CPACR = 1 << 7 | 2;
    private static final int SCR = 1 << 7 | 1 << 3;
    private static final int SDER = 1 << 7 | 1 << 3 | 1;
    private static final int NSACR = 1 << 7 | 1 << 3 | 2;
    /** opc1 4, c1, c0, 1: reads as zero from Secure PL1 on QEMU (the Hyp auxiliary control register). */
    private static final int HACTLR = 4 << 11 | 1 << 7 | 1;
    private static final int TTBR0 = 2 << 7;
    private static final int TTBR1 = 2 << 7 | 1;
    private static final int TTBCR = 2 << 7 | 2;
    private static final int DFSR = 5 << 7;
    private static final int IFSR = 5 << 7 | 1;
    private static final int ADFSR = 5 << 7 | 1 << 3;
    private static final int AIFSR = 5 << 7 | 1 << 3 | 1;
    /** opc1 6, c5, c1, 0 and 1: read as zero from Secure PL1 on QEMU (AArch32 views of AFSR0/1_EL3). */
    private static final int AFSR_EL3_0 = 6 << 11 | 5 << 7 | 1 << 3;
    private static final int AFSR_EL3_1 = 6 << 11 | 5 << 7 | 1 << 3 | 1;
    private static final int DFAR = 6 << 7;
    /** c6, c0, 1: reads as zero on QEMU's v7 cores (the old WFAR). */
    private static final int WFAR = 6 << 7 | 1;
    private static final int IFAR = 6 << 7 | 2;
    private static final int PAR = 7 << 7 | 4 << 3;
    private static final int CP15ISB = 7 << 7 | 5 << 3 | 4;
    private static final int CP15DSB = 7 << 7 | 10 << 3 | 4;
    private static final int CP15DMB = 7 << 7 | 10 << 3 | 5;
    private static final int PRRR = 10 << 7 | 2 << 3;
    private static final int NMRR = 10 << 7 | 2 << 3 | 1;
    private static final int VBAR = 12 << 7;
    private static final int MVBAR = 12 << 7 | 1;
    private static final int ISR = 12 << 7 | 1 << 3;
    private static final int FCSEIDR = 13 << 7;
    private static final int CONTEXTIDR = 13 << 7 | 1;
    private static final int TPIDRURW = 13 << 7 | 2;
    private static final int TPIDRURO = 13 << 7 | 3;
    private static final int TPIDRPRW = 13 << 7 | 4;
    private static final int A9_POWER_CONTROL = 15 << 7;
    private static final int A9_DIAGNOSTIC = 15 << 7 | 1;
    private static final int A9_POWER_DIAGNOSTIC = 15 << 7 | 2;
    private static final int A9_NEON_BUSY = 15 << 7 | 1 << 3;
    private static final int A9_CBAR = 4 << 11 | 15 << 7;
    private static final int A9_TLB_LOCKDOWN_READ = 5 << 11 | 15 << 7 | 4 << 3 | 2;
    private static final int A9_TLB_LOCKDOWN_WRITE = 5 << 11 | 15 << 7 | 4 << 3 | 4;
    private static final int A9_TLB_VA = 5 << 11 | 15 << 7 | 5 << 3 | 2;
    private static final int A9_TLB_PA = 5 << 11 | 15 << 7 | 6 << 3 | 2;
    private static final int A9_TLB_ATTR = 5 << 11 | 15 << 7 | 7 << 3 | 2;
    private static final int A8_L2_LOCKDOWN = 1 << 11 | 9 << 7;
    private static final int A8_L2_AUXILIARY_CONTROL = 1 << 11 | 9 << 7 | 2;

    private final Cpu cpu;
    final Bus bus;
    private final CpuIdentity id;
    private final int privatePeripheralBase;
    final Tlb tlb = new Tlb();
    final TranslationTableWalker walker;
    final PerformanceMonitors pmu;
    private boolean advancedSimd = true;
    private boolean thirtyTwoDoubleRegisters = true;

    // The registers the walker and the MMU read directly.
    int sctlr;
    int ttbr0;
    int ttbr1;
    int ttbcr;
    int dacr;
    int fcseidr;
    int prrr;
    int nmrr;

    private int cpacr;
    private int scr;
    private int sder;
    private int nsacr;
    private int dfsr;
    private int ifsr;
    private int dfar;
    private int ifar;
    private int par;
    private int vbar;
    private int mvbar;
    private int contextidr;
    private int tpidrurw;
    private int tpidruro;
    private int tpidrprw;
    private int csselr;
    private int powerControl;
    private int diagnostic;
    private int powerDiagnostic;
    private int cbar;

    /**
     * @param cpu                    the core (for ISR, which reports its pending interrupt lines)
     * @param model                  which identity to report
     * @param privatePeripheralBase  CBAR on the Cortex-A9 (0x1e000000 on vexpress-a9); ignored on the A8
     * @param bus                    the physical bus translation table walks read
     */
    public Cp15(Cpu cpu, CpuModel model, int privatePeripheralBase, Bus bus) {
        this.cpu = cpu;
        this.bus = bus;
        this.id = CpuIdentity.of(model);
        this.privatePeripheralBase = privatePeripheralBase;
        this.walker = new TranslationTableWalker(bus, this);
        this.pmu = new PerformanceMonitors(id.pmcrReset);
        reset();
    }

    /**
     * Which SIMD features CPACR reflects, as QEMU's CPACR write does: without Advanced SIMD ASEDIS
     * reads as one once written, without D16-D31 D32DIS does. QEMU's cortex-a9 and cortex-a8 have
     * both, which is the default.
     */
    public void setSimdFeatures(boolean advancedSimd, boolean thirtyTwoDoubleRegisters) {
        this.advancedSimd = advancedSimd;
        this.thirtyTwoDoubleRegisters = thirtyTwoDoubleRegisters;
    }

    public CpuIdentity identity() {
        return id;
    }

    /** The TLB, for machines that hand it their RAM for the direct path ({@link Tlb#setDirectRam}). */
    public Tlb tlb() {
        return tlb;
    }

    /** Cold reset: every register to its reset value, TLB empty. */
    public void reset() {
        sctlr = SCTLR_RESET;
        ttbr0 = ttbr1 = ttbcr = dacr = fcseidr = 0;
        prrr = nmrr = 0;
        cpacr = scr = sder = nsacr = 0;
        dfsr = ifsr = dfar = ifar = par = 0;
        vbar = mvbar = contextidr = 0;
        tpidrurw = tpidruro = tpidrprw = 0;
        csselr = 0;
        powerControl = diagnostic = powerDiagnostic = 0;
        cbar = id.a9SystemRegisters ? privatePeripheralBase : 0;
        pmu.reset();
        tlb.setAsid(0);
        tlb.flushAll();
    }

    // ---- registers other parts of the emulator read ----

    /** CPACR, for the VFP unit's enable check (cp10/cp11 access bits 23-20, ASEDIS, D32DIS). */
    public int cpacr() {
        return cpacr;
    }

    public int sctlr() {
        return sctlr;
    }

    public int dfsr() {
        return dfsr;
    }

    public int dfar() {
        return dfar;
    }

    public int ifsr() {
        return ifsr;
    }

    public int ifar() {
        return ifar;
    }

    public int par() {
        return par;
    }

    public int contextidr() {
        return contextidr;
    }

    /** Records a data abort (status register value including WnR, and fault address) before MemoryAbort.DATA is thrown. */
    public void reportDataAbort(int status, int address) {
        dfsr = status;
        dfar = address;
    }

    /** Records a prefetch abort (e.g. a BKPT debug event: {@link FaultStatus#DEBUG_EVENT}) before MemoryAbort.PREFETCH is thrown. */
    public void reportPrefetchAbort(int status, int address) {
        ifsr = status;
        ifar = address;
    }

    /** A prefetch abort the core raises itself (BKPT): IFSR/IFAR as QEMU sets them. */
    @Override
    public void recordPrefetchAbort(int ifsr, int ifar) {
        reportPrefetchAbort(ifsr, ifar);
    }

    @Override
    public boolean highVectors() {
        return (sctlr & SCTLR_V) != 0;
    }

    @Override
    public int vectorBase() {
        return vbar;
    }

    @Override
    public boolean thumbExceptions() {
        return (sctlr & SCTLR_TE) != 0;
    }

    @Override
    public boolean exceptionEndianBig() {
        return (sctlr & SCTLR_EE) != 0;
    }

    // ---- MRC / MCR ----

    private static int key(int opc1, int crn, int crm, int opc2) {
        return (opc1 << 11) | (crn << 7) | (crm << 3) | opc2;
    }

    @Override
    public int mrc(CpuState state, int opc1, int crn, int crm, int opc2) {
        boolean privileged = state.privileged();
        int key = key(opc1, crn, crm, opc2);
        switch (key) {
            case TPIDRURW:
                return tpidrurw;
            case TPIDRURO:
                return tpidruro;
            default:
                break;
        }
        if (opc1 == 0 && crn == 9 && crm >= 12) {
            return pmu.readC9(crm, opc2, privileged);
        }
        if (opc1 == 0 && crn == 14) {
            return pmu.readC14(crm, opc2, privileged);
        }
        if (!privileged) {
            throw UndefinedInstruction.INSTANCE;
        }
        switch (crn) {
            case 0:
                return readIdentification(opc1, crm, opc2);
            case 3:
                return dacr; // QEMU decodes DACR with opc1, CRm and opc2 as wildcards
            case 10:
                if (isTlbLockdown(crm)) {
                    // TLB lockdown: a no-op. QEMU leaves Rt unchanged; Coprocessor.mrc must return a value, so zero.
                    return 0;
                }
                break;
            case 15:
                if (!id.a9SystemRegisters) {
                    return 0; // the A8's implementation-defined c15 reads as zero, as QEMU's dummy c15
                }
                break;
            default:
                break;
        }
        switch (key) {
            case SCTLR:
                return sctlr;
            case ACTLR:
                return id.actlr;
            case CPACR:
                return cpacr;
            case SCR:
                return scr;
            case SDER:
                return sder;
            case NSACR:
                return nsacr;
            case TTBR0:
                return ttbr0;
            case TTBR1:
                return ttbr1;
            case TTBCR:
                return ttbcr;
            case DFSR:
                return dfsr;
            case IFSR:
                return ifsr;
            case DFAR:
                return dfar;
            case IFAR:
                return ifar;
            case PAR:
                return par;
            case PRRR:
                return prrr;
            case NMRR:
                return nmrr;
            case VBAR:
                return vbar;
            case MVBAR:
                return mvbar;
            case ISR:
                return (cpu.irqLine ? 1 << 7 : 0) | (cpu.fiqLine ? 1 << 6 : 0);
            case FCSEIDR:
                return fcseidr;
            case CONTEXTIDR:
                return contextidr;
            case TPIDRPRW:
                return tpidrprw;
            case HACTLR:
            case ADFSR:
            case AIFSR:
            case AFSR_EL3_0:
            case AFSR_EL3_1:
            case WFAR:
                return 0;
            case A8_L2_LOCKDOWN:
            case A8_L2_AUXILIARY_CONTROL:
                if (id.a9SystemRegisters) {
                    break;
                }
                return 0;
            case A9_POWER_CONTROL:
                return powerControl;
            case A9_DIAGNOSTIC:
                return diagnostic;
            case A9_POWER_DIAGNOSTIC:
                return powerDiagnostic;
            case A9_CBAR:
                return cbar;
            case A9_NEON_BUSY:
            case A9_TLB_VA:
            case A9_TLB_PA:
            case A9_TLB_ATTR:
                return 0;
            default:
                break;
        }
        throw UndefinedInstruction.INSTANCE;
    }

    private int readIdentification(int opc1, int crm, int opc2) {
        if (opc1 == 0) {
            switch (crm) {
                case 0:
                    switch (opc2) {
                        case 1:
                            return id.ctr;
                        case 2: // TCMTR: no TCMs
                        case 3: // TLBTR: unified TLB
                            return 0;
                        case 5:
                            return id.mpidr;
                        default:
                            return id.midr; // MIDR, and its aliases at opc2 4, 6 (REVIDR on QEMU) and 7
                    }
                case 1:
                    switch (opc2) {
                        case 0:
                            return id.idPfr0;
                        case 1:
                            return id.idPfr1;
                        case 2:
                            return id.idDfr0;
                        case 3:
                            return id.idAfr0;
                        default:
                            return id.idMmfr[opc2 - 4];
                    }
                case 2:
                    return opc2 < id.idIsar.length ? id.idIsar[opc2] : 0;
                default:
                    if (crm <= 7) {
                        return 0; // reserved ID space reads as zero
                    }
                    break;
            }
        } else if (opc1 == 1 && crm == 0) {
            switch (opc2) {
                case 0:
                    return csselr < id.ccsidr.length ? id.ccsidr[csselr] : 0;
                case 1:
                    return id.clidr;
                case 7:
                    return 0; // AIDR
                default:
                    break;
            }
        } else if (opc1 == 2 && crm == 0 && opc2 == 0) {
            return csselr;
        }
        throw UndefinedInstruction.INSTANCE;
    }

    private static boolean isTlbLockdown(int crm) {
        return crm == 0 || crm == 1 || crm == 4 || crm == 8;
    }

    @Override
    public void mcr(CpuState state, int opc1, int crn, int crm, int opc2, int value) {
        boolean privileged = state.privileged();
        int key = key(opc1, crn, crm, opc2);
        switch (key) {
            case TPIDRURW:
                tpidrurw = value;
                return;
            case CP15ISB:
            case CP15DSB:
            case CP15DMB:
                return; // barriers: nothing to order in this emulator
            default:
                break;
        }
        if (opc1 == 0 && crn == 9 && crm >= 12) {
            pmu.writeC9(crm, opc2, value, privileged);
            return;
        }
        if (opc1 == 0 && crn == 14) {
            pmu.writeC14(crm, opc2, value, privileged);
            return;
        }
        if (!privileged) {
            throw UndefinedInstruction.INSTANCE;
        }
        switch (crn) {
            case 3:
                writeDacr(value);
                return;
            case 7:
                if (opc1 == 0) {
                    writeC7(crm, opc2, value);
                    return;
                }
                break;
            case 8:
                if (opc1 == 0 && tlbMaintenance(crm, opc2, value)) {
                    return;
                }
                break;
            case 10:
                if (isTlbLockdown(crm)) {
                    return;
                }
                break;
            case 15:
                if (!id.a9SystemRegisters) {
                    return;
                }
                break;
            default:
                break;
        }
        switch (key) {
            case SCTLR:
                sctlr = value;
                tlb.flushAll(); // the TLB caches translations and permissions made under the old SCTLR
                return;
            case ACTLR:
            case HACTLR:
            case ADFSR:
            case AIFSR:
            case AFSR_EL3_0:
            case AFSR_EL3_1:
            case WFAR:
                return;
            case CPACR:
                writeCpacr(value);
                return;
            case SCR:
                scr = value & SCR_MASK;
                return;
            case SDER:
                sder = value;
                return;
            case NSACR:
                nsacr = value;
                return;
            case TTBR0:
                ttbr0 = value;
                return;
            case TTBR1:
                ttbr1 = value;
                return;
            case TTBCR:
                ttbcr = value & TTBCR_MASK;
                return;
            case DFSR:
                dfsr = value;
                return;
            case IFSR:
                ifsr = value;
                return;
            case DFAR:
                dfar = value;
                return;
            case IFAR:
                ifar = value;
                return;
            case PRRR:
                prrr = value;
                return;
            case NMRR:
                nmrr = value;
                return;
            case VBAR:
                vbar = value & VBAR_MASK;
                return;
            case MVBAR:
                mvbar = value & VBAR_MASK;
                return;
            case FCSEIDR:
                if (value != fcseidr) {
                    fcseidr = value;
                    tlb.flushAll(); // entries are tagged with the VA before the FCSE offset
                }
                return;
            case CONTEXTIDR:
                contextidr = value;
                tlb.setAsid(value & 0xff);
                return;
            case TPIDRURO:
                tpidruro = value;
                return;
            case TPIDRPRW:
                tpidrprw = value;
                return;
            case CSSELR:
                csselr = value & 0xf;
                return;
            case A8_L2_LOCKDOWN:
            case A8_L2_AUXILIARY_CONTROL:
                if (id.a9SystemRegisters) {
                    break;
                }
                return;
            case A9_POWER_CONTROL:
                powerControl = value;
                return;
            case A9_DIAGNOSTIC:
                diagnostic = value;
                return;
            case A9_POWER_DIAGNOSTIC:
                powerDiagnostic = value;
                return;
            case A9_CBAR:
                cbar = value;
                return;
            case A9_NEON_BUSY:
            case A9_TLB_LOCKDOWN_READ:
            case A9_TLB_LOCKDOWN_WRITE:
            case A9_TLB_VA:
            case A9_TLB_PA:
            case A9_TLB_ATTR:
                return;
            default:
                break;
        }
        throw UndefinedInstruction.INSTANCE;
    }

    private void writeDacr(int value) {
        if (value != dacr) {
            dacr = value;
            tlb.flushAll(); // cached permissions were computed for the old domain access
        }
    }

    private void writeCpacr(int value) {
        int v = value;
        if (!advancedSimd) {
            v |= CPACR_ASEDIS;
        }
        if (!thirtyTwoDoubleRegisters) {
            v |= CPACR_D32DIS;
        }
        cpacr = v & (CPACR_ASEDIS | CPACR_D32DIS | CPACR_CP10_CP11);
    }

    /**
     * c7 with opc1 0: PAR, the address translation operations, and cache and branch predictor
     * maintenance (ICIALLU, ICIMVAU, DCIMVAC, DCCSW, BPIALL, ...), which are no-ops without caches;
     * QEMU accepts every c7 encoding with opc1 0 from PL1.
     */
    private void writeC7(int crm, int opc2, int value) {
        if (crm == 4 && opc2 == 0) {
            par = value & PAR_MASK;
        } else if (crm == 8) {
            addressTranslation(opc2, value);
        }
    }

    /**
     * ATS1CPR/CPW/CUR/CUW (opc2 0-3) walk the tables for a PL1 or User read or write, without
     * touching the fault registers, and put the result in PAR (no attributes, as QEMU). The
     * Non-secure ATS12NSO* forms (opc2 4-7) translate in the Non-secure PL1&0 regime, whose
     * registers a program cannot configure here (the core never leaves the Secure state); they give
     * what QEMU gives while that regime is at its reset state: the flat mapping, marked NS.
     */
    private void addressTranslation(int opc2, int va) {
        if (opc2 >= 4) {
            par = (va & 0xfffff000) | PAR_NS;
            return;
        }
        boolean user = opc2 >= 2;
        int kind = (opc2 & 1) == 0 ? TranslationTableWalker.READ : TranslationTableWalker.WRITE;
        TranslationTableWalker w = walker;
        if (w.walk(va, kind, user)) {
            int result = w.supersection ? (w.physical & 0xff000000) | PAR_SUPERSECTION : w.physical & 0xfffff000;
            par = result | (w.nonSecure ? PAR_NS : 0);
        } else {
            par = FaultStatus.parOf(w.fault);
        }
    }

    /** c8 TLB maintenance (unified c7, instruction c5, data c6, Inner Shareable c3 with the MP extensions). */
    private boolean tlbMaintenance(int crm, int opc2, int value) {
        boolean known = crm == 7 || crm == 5 || crm == 6 || (crm == 3 && id.multiprocessing);
        if (!known || opc2 > 3 || (opc2 == 3 && (crm == 5 || crm == 6))) {
            return false;
        }
        switch (opc2) {
            case 0:
                tlb.flushAll();
                break;
            case 1:
                tlb.flushVa(value, value & 0xff);
                break;
            case 2:
                tlb.flushAsid(value & 0xff);
                break;
            default:
                tlb.flushVaAllAsids(value);
                break;
        }
        return true;
    }

    @Override
    public long mrrc(CpuState state, int opc1, int crm) {
        throw UndefinedInstruction.INSTANCE; // no 64-bit CP15 registers without LPAE
    }

    @Override
    public void mcrr(CpuState state, int opc1, int crm, long value) {
        throw UndefinedInstruction.INSTANCE;
    }
}
