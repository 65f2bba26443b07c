package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;

/**
 * The identification and implementation-defined values a core reports through CP15 and CP14.
 * The values are those QEMU 7.2 reports for its cortex-a9 and cortex-a8 models, read back from
 * QEMU by a bare-metal probe (see the probe records among this package's test resources): the
 * emulator must be indistinguishable from QEMU to software that reads them.
 */
public final class CpuIdentity {
    final CpuModel model;
    final int midr;
    final int ctr;
    /** MPIDR: the A9 has the multiprocessing extensions (bit 31, CPU 0, not uniprocessor); the A8 reads zero. */
    final int mpidr;
    final int idPfr0;
    final int idPfr1;
    final int idDfr0;
    final int idAfr0;
    final int[] idMmfr;
    /** ID_ISAR0-ID_ISAR5. */
    final int[] idIsar;
    final int clidr;
    /** CCSIDR by CSSELR value (level and I/D bit); selections past the end read zero. */
    final int[] ccsidr;
    /** ACTLR reads this constant and ignores writes, as on QEMU. */
    final int actlr;
    /** PMCR reset value: implementer, ID code and the number of event counters (N, bits 15-11). */
    final int pmcrReset;
    final int dbgdidr;
    /** Multiprocessing extensions: the Inner Shareable TLB operations exist. */
    final boolean multiprocessing;
    /** The A9's implementation-defined c15 registers (power control, CBAR, TLB lockdown); otherwise c15 reads as zero. */
    final boolean a9SystemRegisters;

    private CpuIdentity(CpuModel model, int midr, int ctr, int mpidr, int idPfr0, int idPfr1, int idDfr0,
                        int[] idMmfr, int[] idIsar, int clidr, int[] ccsidr, int actlr, int pmcrReset, int dbgdidr,
                        boolean multiprocessing, boolean a9SystemRegisters) {
        this.model = model;
        this.midr = midr;
        this.ctr = ctr;
        this.mpidr = mpidr;
        this.idPfr0 = idPfr0;
        this.idPfr1 = idPfr1;
        this.idDfr0 = idDfr0;
        this.idAfr0 = 0;
        this.idMmfr = idMmfr;
        this.idIsar = idIsar;
        this.clidr = clidr;
        this.ccsidr = ccsidr;
        this.actlr = actlr;
        this.pmcrReset = pmcrReset;
        this.dbgdidr = dbgdidr;
        this.multiprocessing = multiprocessing;
        this.a9SystemRegisters = a9SystemRegisters;
    }

    public static CpuIdentity of(CpuModel model) {
        switch (model) {
            case CORTEX_A9:
                return new CpuIdentity(model, 0x410fc090, 0x80038003, 0x80000000, 0x1031, 0x11, 0,
                        new int[] {0x00100103, 0x20000000, 0x01230000, 0x00002111},
                        new int[] {0x00101111, 0x13112111, 0x21232041, 0x11112131, 0x00111142, 0},
                        (1 << 27) | (1 << 24) | 3, new int[] {0xe00fe019, 0x200fe019}, 0, 0x41093000, 0x35141000,
                        true, true);
            case CORTEX_A8:
                return new CpuIdentity(model, 0x410fc080, 0x82048004, 0, 0x1031, 0x11, 0x400,
                        new int[] {0x31100003, 0x20000000, 0x01202000, 0x00000011},
                        new int[] {0x00101111, 0x12112111, 0x21232031, 0x11112131, 0x00111142, 0},
                        (1 << 27) | (2 << 24) | 3, new int[] {0xe007e01a, 0x2007e01a, 0xf0000000}, 2, 0x41002000, 0x15141000,
                        false, false);
            default:
                throw new IllegalArgumentException("no identity for " + model);
        }
    }

    public CpuModel model() {
        return model;
    }

    public int midr() {
        return midr;
    }

    /** Event counters of the performance monitors (PMCR.N). */
    public int pmuCounters() {
        return (pmcrReset >>> 11) & 0x1f;
    }

    /** Breakpoint register pairs (DBGDIDR.BRPs + 1). */
    public int breakpoints() {
        return ((dbgdidr >>> 24) & 0xf) + 1;
    }

    /** Watchpoint register pairs (DBGDIDR.WRPs + 1). */
    public int watchpoints() {
        return ((dbgdidr >>> 28) & 0xf) + 1;
    }
}
