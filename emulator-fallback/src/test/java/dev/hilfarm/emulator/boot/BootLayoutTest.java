package dev.hilfarm.emulator.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hilfarm.emulator.machine.InvalidImageException;
import org.junit.jupiter.api.Test;

/** QEMU's placement rules for a 32-bit direct Linux boot, in numbers. */
class BootLayoutTest {
    private static final long BASE = 0x60000000L;
    private static final long MIB = 1L << 20;

    @Test
    void withPlentyOfRamTheInitrdGoesAt128MibAndTheDtbOnTheNextPageAfterIt() {
        BootLayout layout = BootLayout.plan(BASE, 1024 * MIB, "zImage", 5_448_192, "initrd", 882_044, true);
        assertEquals(0x60000000L, layout.loaderStart());
        assertEquals(0x60010000L, layout.kernelAddress());
        assertEquals(0x68000000L, layout.initrdAddress());
        assertEquals(0x680d8000L, layout.argsAddress(), "0x68000000 + 0xd757c rounded up to 4 KiB");
        assertEquals(0xa0000000L, layout.ramEnd());
    }

    @Test
    void withLittleRamTheInitrdGoesHalfWay() {
        BootLayout layout = BootLayout.plan(BASE, 128 * MIB, "zImage", 5_448_192, "initrd", 4096, true);
        assertEquals(BASE + 64 * MIB, layout.initrdAddress());
        assertEquals(BASE + 64 * MIB + 4096, layout.argsAddress(), "a page-sized initrd ends on a page boundary");
    }

    @Test
    void aKernelReachingPastTheInitrdPushesItUpToThePageAfterTheKernel() {
        BootLayout layout = BootLayout.plan(BASE, 16 * MIB, "big", 9 * MIB + 1, "initrd", 100, true);
        assertEquals(BASE + 0x10000 + 9 * MIB + 4096, layout.initrdAddress());
        assertEquals(layout.initrdAddress() + 4096, layout.argsAddress());
    }

    @Test
    void withoutAnInitrdTheDtbGoesWhereTheInitrdWouldHaveGone() {
        BootLayout layout = BootLayout.plan(BASE, 1024 * MIB, "zImage", 5_448_192, "", 0, true);
        assertEquals(0x68000000L, layout.argsAddress());
        assertEquals(0, layout.initrdSize());
    }

    @Test
    void withoutADtbTheAtagsGoAtRamBasePlus0x100() {
        BootLayout layout = BootLayout.plan(BASE, 1024 * MIB, "zImage", 5_448_192, "initrd", 1000, false);
        assertEquals(0x60000100L, layout.argsAddress());
        assertEquals(0x68000000L, layout.initrdAddress());
    }

    @Test
    void imagesThatDoNotFitAreRefusedWithQemusReasons() {
        assertEquals("kernel big is too large to fit in RAM (kernel size 134217729, RAM size 134217728)",
                assertThrows(InvalidImageException.class,
                        () -> BootLayout.plan(BASE, 128 * MIB, "big", 128 * MIB + 1, "", 0, true)).getMessage());
        assertEquals("kernel big (134217728 bytes) does not fit in RAM at 0x60010000 (RAM ends at 0x68000000)",
                assertThrows(InvalidImageException.class,
                        () -> BootLayout.plan(BASE, 128 * MIB, "big", 128 * MIB, "", 0, true)).getMessage());
        assertEquals("could not load initrd huge: too big to fit into RAM after the kernel (67108865 bytes at 0x64000000, RAM ends at 0x68000000)",
                assertThrows(InvalidImageException.class,
                        () -> BootLayout.plan(BASE, 128 * MIB, "zImage", 1000, "huge", 64 * MIB + 1, true)).getMessage());
        assertEquals("not enough space after kernel k to load initrd i",
                assertThrows(InvalidImageException.class,
                        () -> BootLayout.plan(BASE, 16 * MIB, "k", 16 * MIB - 0x10000, "i", 1, true)).getMessage());
        assertEquals("not enough space for the dtb after the kernel and initrd (it would go at 0x68000000, RAM ends at 0x68000000)",
                assertThrows(InvalidImageException.class,
                        () -> BootLayout.plan(BASE, 128 * MIB, "zImage", 1000, "full", 64 * MIB, true)).getMessage());
    }
}
