package dev.hilfarm.emulator.system;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** SYS_HEAPINFO's placement: the largest gap in RAM between the loaded images, as QEMU chooses it. */
class SemihostingHeapTest {
    @Test
    void qemusChoiceForABareMetalElf() {
        // What QEMU 7.2 answered for an ELF with segments 0x60010000+0x8fd and 0x60210000+0x234 in 128 MiB.
        long[] gap = SemihostingHeap.largestGap(0x60000000L, 128 << 20,
                new long[][] {{0x60210000L, 0x234}, {0x60010000L, 0x8fd}});
        assertArrayEquals(new long[] {0x60210234L, 0x68000000L}, gap);
    }

    @Test
    void gapBeforeTheImagesWhenItIsLarger() {
        long[] gap = SemihostingHeap.largestGap(0, 0x1000, new long[][] {{0xc00, 0x100}});
        assertArrayEquals(new long[] {0, 0xc00}, gap);
    }

    @Test
    void imagesOutsideRamAreIgnoredAndFullRamHasNoGap() {
        assertArrayEquals(new long[] {0x1000, 0x2000},
                SemihostingHeap.largestGap(0x1000, 0x1000, new long[][] {{0, 0x800}, {0x3000, 0x100}}));
        assertArrayEquals(new long[] {0, 0},
                SemihostingHeap.largestGap(0x1000, 0x1000, new long[][] {{0x800, 0x1000}, {0x1800, 0x1000}}));
    }
}
