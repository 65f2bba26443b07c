package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.memory.Memory;

/**
 * Translated-access speed, not a test: nanoseconds per read32/write32 through {@link MmuMemory}
 * on TLB hits, with the MMU on (1 MiB sections) and off, through the machine's {@link PhysicalBus}
 * and through the direct RAM path, over 64 KiB (16 pages) and over 4 MiB (1024 pages, the TLB's reach). Run from the
 * test classpath: {@code java -cp ... dev.hilfarm.emulator.system.MmuBenchmark [accesses]}.
 */
public final class MmuBenchmark {
    private static final int RAM = 0x60000000;
    private static final int L1 = 0x60004000;

    private MmuBenchmark() {
    }

    /**
     * Arguments: number of accesses, then optionally one configuration ({@code on|off bus|direct KiB})
     * to measure alone, which gives steadier numbers than several in one JVM.
     */
    public static void main(String[] args) {
        long accesses = args.length > 0 ? Long.parseLong(args[0]) : 200_000_000L;
        boolean[] mmus = args.length > 1 ? new boolean[] {args[1].equals("on")} : new boolean[] {true, false};
        boolean[] directs = args.length > 2 ? new boolean[] {args[2].equals("direct")} : new boolean[] {false, true};
        int[] spans = args.length > 3 ? new int[] {Integer.parseInt(args[3]) << 10} : new int[] {64 << 10, 4 << 20};
        for (boolean mmu : mmus) {
            for (boolean direct : directs) {
                for (int span : spans) {
                    Memory memory = setUp(mmu, direct);
                    measure(memory, span, accesses / 10); // warm up the JIT
                    double ns = measure(memory, span, accesses);
                    System.out.printf("MMU %-3s %-6s %5d KiB: %.2f ns per access%n", mmu ? "on" : "off",
                            direct ? "direct" : "bus", span >> 10, ns);
                }
            }
        }
    }

    private static Memory setUp(boolean mmu, boolean direct) {
        Cpu cpu = new Cpu();
        PhysicalBus bus = new PhysicalBus();
        bus.mapRam("ram", RAM, 16 << 20);
        Cp15 cp15 = new Cp15(cpu, CpuModel.CORTEX_A9, 0x1e000000, bus);
        if (direct) {
            cp15.tlb().setDirectRam(new DirectRam() {
                @Override
                public byte[] array(int physicalPage) {
                    return bus.pageForWrite(physicalPage);
                }

                @Override
                public int offset(int physicalPage) {
                    return physicalPage & (PhysicalBus.PAGE_SIZE - 1);
                }
            });
        }
        for (int mb = 0; mb < 16; mb++) {
            bus.write32(L1 + (((RAM >>> 20) + mb) << 2), (RAM + (mb << 20)) | 0xc0e | 2);
        }
        cp15.mcr(cpu.state, 0, 2, 0, 0, L1);
        cp15.mcr(cpu.state, 0, 3, 0, 0, 0x55555555);
        cp15.mcr(cpu.state, 0, 1, 0, 0, Cp15.SCTLR_RESET | (mmu ? Cp15.SCTLR_M : 0));
        return new MmuMemory(cp15, cpu.state);
    }

    /** Alternating reads and writes walking {@code span} bytes from 0x60800000 in a scattered word order. */
    private static double measure(Memory memory, int span, long accesses) {
        int base = 0x60800000;
        int mask = span - 4;
        int offset = 0;
        int sum = 0;
        long start = System.nanoTime();
        for (long i = 0; i < accesses; i += 2) {
            offset = (offset + 0x1004 + 4 * (sum & 1)) & mask;
            sum += memory.read32(base + offset);
            memory.write32(base + (offset ^ 0x800), sum);
        }
        long elapsed = System.nanoTime() - start;
        if (sum == 42) {
            System.out.print("");
        }
        return (double) elapsed / accesses;
    }
}
