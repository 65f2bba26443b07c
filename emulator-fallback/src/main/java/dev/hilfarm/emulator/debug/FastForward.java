package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.CpuState;
import java.io.IOException;

/**
 * Brings QEMU to the state before a given instruction number N without single-stepping it N
 * times. A scouting run of the emulator counts how often each address executes; among the last
 * {@link #WINDOW} instructions before N it picks the one that is cheapest to reach: QEMU continues
 * to a breakpoint there as many times as the address had executed before (about five exchanges
 * each), then single-steps the remaining distance to N (one exchange each).
 */
final class FastForward {
    /** How far before N the sync point may lie. */
    static final int WINDOW = 20_000;
    /** Exchanges with QEMU per breakpoint arrival (read registers, remove, step, insert, continue). */
    private static final int EXCHANGES_PER_ARRIVAL = 5;

    /**
     * Where QEMU meets the emulator: before instruction {@code instruction + 1}, at {@code pc},
     * which has executed {@code priorExecutions} times before.
     */
    record SyncPoint(long instruction, int pc, boolean thumb, int priorExecutions) {
    }

    private FastForward() {
    }

    /**
     * Runs {@code scout} (a fresh emulator on the same image) for up to {@code target}
     * instructions and chooses the sync point. If the scout's program ends earlier, the sync point
     * is its last instruction, and the run will then report where the program ended.
     */
    static SyncPoint choose(DebugTarget scout, long target) {
        Cpu cpu = scout.cpu();
        CpuState state = cpu.state;
        PcCounts totals = new PcCounts();
        int window = (int) Math.min(WINDOW, target);
        int[] recent = new int[Math.max(1, window)];
        long executed = 0;
        while (executed < target && !scout.guestExited()) {
            int key = key(state.pc, state.thumb);
            totals.increment(key);
            recent[(int) (executed % recent.length)] = key;
            cpu.step();
            executed++;
        }
        int lastKey = key(state.pc, state.thumb);
        long bestInstruction = executed;
        int bestKey = lastKey;
        int bestPrior = totals.get(lastKey);
        long bestCost = (long) EXCHANGES_PER_ARRIVAL * (bestPrior + 1);
        PcCounts later = new PcCounts();
        for (long j = executed - 1; j >= Math.max(0, executed - window); j--) {
            int key = recent[(int) (j % recent.length)];
            int prior = totals.get(key) - later.get(key) - 1;
            long cost = (long) EXCHANGES_PER_ARRIVAL * (prior + 1) + (executed - j);
            if (cost < bestCost) {
                bestCost = cost;
                bestInstruction = j;
                bestKey = key;
                bestPrior = prior;
            }
            later.increment(key);
        }
        return new SyncPoint(bestInstruction, bestKey & ~1, (bestKey & 1) != 0, bestPrior);
    }

    /**
     * Continues QEMU to the sync point: the (priorExecutions + 1)-th arrival at its PC. Returns
     * false when QEMU's program ends first. {@code registers} is scratch space for 'g' replies.
     */
    static boolean bringQemuTo(RspClient gdb, SyncPoint sync, int[] registers) throws IOException {
        int kind = sync.thumb() ? 2 : 4;
        gdb.insertBreakpoint(sync.pc(), kind);
        int arrivals = 0;
        while (true) {
            gdb.readCoreRegisters(registers);
            if (registers[15] == sync.pc()) {
                arrivals++;
                if (arrivals == sync.priorExecutions() + 1) {
                    break;
                }
                // Step over the breakpoint with it removed, as GDB does.
                gdb.removeBreakpoint(sync.pc(), kind);
                boolean running = gdb.step();
                if (!running) {
                    return false;
                }
                gdb.insertBreakpoint(sync.pc(), kind);
            } else if (!gdb.resume()) {
                return false;
            }
        }
        gdb.removeBreakpoint(sync.pc(), kind);
        return true;
    }

    private static int key(int pc, boolean thumb) {
        return thumb ? pc | 1 : pc;
    }
}
