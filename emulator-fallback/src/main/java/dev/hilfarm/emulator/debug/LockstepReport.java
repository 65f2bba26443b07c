package dev.hilfarm.emulator.debug;

import java.time.Duration;
import java.util.List;

/**
 * The result of a lockstep run.
 *
 * @param instructionsCompared instructions after which both register files were compared and agreed
 * @param firstCompared        1-based number of the first compared instruction (compareFrom + 1)
 * @param divergence           the first disagreement, or null when there was none
 * @param end                  why the run ended
 * @param wallTime             how long it took, QEMU's start included
 * @param notes                adjustments made before comparing (reset values QEMU leaves UNKNOWN differently)
 * @param qemuOutput           what QEMU printed (the guest's UART output)
 */
public record LockstepReport(long instructionsCompared, long firstCompared, Divergence divergence, End end,
                             Duration wallTime, List<String> notes, String qemuOutput) {

    public enum End {
        /** maxInstructions reached with no disagreement. */
        LIMIT_REACHED,
        /** The program ended on both sides at the same instruction with the same status. */
        PROGRAM_EXITED,
        /** The sides disagreed: see {@link #divergence()}. */
        DIVERGED,
        /**
         * The next instruction is a WFI whose condition passes: QEMU would halt on it until an
         * interrupt, which lockstep steps never take, so the comparison ends before it.
         */
        WAITING_FOR_INTERRUPT
    }

    public boolean agreed() {
        return divergence == null;
    }

    /** Compared instructions per second of wall time. */
    public double instructionsPerSecond() {
        double seconds = wallTime.toNanos() / 1e9;
        return seconds <= 0 ? 0 : instructionsCompared / seconds;
    }

    /** A one-line summary, followed by the divergence report when there is one. */
    public String describe() {
        StringBuilder out = new StringBuilder(String.format("lockstep: %s after %d compared instructions (from instruction %d) in %.1f s, %.0f instructions/s%n",
                end, instructionsCompared, firstCompared, wallTime.toNanos() / 1e9, instructionsPerSecond()));
        for (String note : notes) {
            out.append("note: ").append(note).append('\n');
        }
        if (divergence != null) {
            out.append(divergence.describe());
        }
        return out.toString();
    }
}
