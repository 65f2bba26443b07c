package dev.hilfarm.emulator.system;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Where SYS_HEAPINFO puts the heap, as QEMU's system emulation does: the largest stretch of RAM not
 * covered by any loaded image segment (ELF segments at their memory size, raw images, dtb, initrd),
 * its start as heap base and stack limit, its end as heap limit and stack base.
 */
public final class SemihostingHeap {
    private SemihostingHeap() {
    }

    /**
     * The largest gap in RAM {@code [ramBase, ramBase + ramSize)} between the loaded ranges, each
     * {@code {address, size}}. Returns {@code {start, end}} (end exclusive), or {@code {0, 0}} when
     * the images cover all of RAM.
     */
    public static long[] largestGap(long ramBase, long ramSize, long[][] loaded) {
        long[][] sorted = loaded.clone();
        Arrays.sort(sorted, Comparator.comparingLong(range -> range[0]));
        long end = ramBase + ramSize;
        long gapStart = ramBase;
        long bestStart = 0;
        long bestSize = 0;
        for (long[] range : sorted) {
            long start = range[0];
            long stop = range[0] + range[1];
            if (stop <= ramBase) {
                continue;
            }
            if (start >= end) {
                break;
            }
            if (start > gapStart && start - gapStart > bestSize) {
                bestStart = gapStart;
                bestSize = start - gapStart;
            }
            gapStart = Math.max(gapStart, stop);
        }
        if (end > gapStart && end - gapStart > bestSize) {
            bestStart = gapStart;
            bestSize = end - gapStart;
        }
        return new long[] {bestStart, bestStart + bestSize};
    }
}
