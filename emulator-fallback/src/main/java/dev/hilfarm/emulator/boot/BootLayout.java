package dev.hilfarm.emulator.boot;

import dev.hilfarm.emulator.machine.InvalidImageException;

/**
 * Where a direct Linux boot puts things in RAM, by QEMU 7.2's rules (hw/arm/boot.c,
 * {@code arm_setup_direct_kernel_boot}) for a 32-bit kernel:
 * <ul>
 * <li>the boot stub at the RAM base ({@code loader_start});</li>
 * <li>the kernel at RAM base + 0x10000 ({@code KERNEL_LOAD_ADDR});</li>
 * <li>the initrd at RAM base + min(RAM / 2, 128 MiB), raised to the kernel's end if the kernel
 *     reaches further, rounded up to a 4 KiB page;</li>
 * <li>the dtb at the initrd's end rounded up to 4 KiB (because some 32-bit kernels trash the
 *     rest of the page the initrd ends in); without an initrd, where the initrd would have gone;</li>
 * <li>without a dtb, ATAGs at RAM base + 0x100 instead ({@code KERNEL_ARGS_ADDR}).</li>
 * </ul>
 * All addresses are physical, as unsigned 32-bit values in longs.
 *
 * @param loaderStart   RAM base: the boot stub, and the first instruction after reset
 * @param ramSize       bytes of RAM
 * @param kernelAddress where the kernel image starts (its entry point)
 * @param kernelSize    bytes of kernel image
 * @param initrdAddress where the initrd goes (also computed when there is none)
 * @param initrdSize    bytes of initrd, 0 for none
 * @param argsAddress   what r2 holds at kernel entry: the dtb's address, or the ATAG list's
 */
public record BootLayout(long loaderStart, long ramSize, long kernelAddress, long kernelSize,
                         long initrdAddress, long initrdSize, long argsAddress) {
    public static final long KERNEL_OFFSET = 0x10000;
    public static final long ATAGS_OFFSET = 0x100;
    public static final long INITRD_OFFSET_LIMIT = 128L << 20;
    public static final long PAGE_SIZE = 4096;
    public static final long DTB_ALIGNMENT = 4096;

    /**
     * Plans a boot with a device tree (the dtb after the initrd) or without one (ATAGs). Refuses,
     * with QEMU's reasons, a kernel larger than RAM and an initrd or dtb that does not fit.
     */
    public static BootLayout plan(long ramBase, long ramSize, String kernelName, long kernelSize,
                                  String initrdName, long initrdSize, boolean withDtb) {
        long ramEnd = ramBase + ramSize;
        long kernelAddress = ramBase + KERNEL_OFFSET;
        if (kernelSize > ramSize) {
            throw new InvalidImageException(String.format("kernel %s is too large to fit in RAM (kernel size %d, RAM size %d)",
                    kernelName, kernelSize, ramSize));
        }
        if (kernelAddress + kernelSize > ramEnd) {
            throw new InvalidImageException(String.format("kernel %s (%d bytes) does not fit in RAM at 0x%08x (RAM ends at 0x%08x)",
                    kernelName, kernelSize, kernelAddress, ramEnd));
        }
        long initrdAddress = ramBase + Math.min(ramSize / 2, INITRD_OFFSET_LIMIT);
        initrdAddress = Math.max(initrdAddress, kernelAddress + kernelSize);
        initrdAddress = alignUp(initrdAddress, PAGE_SIZE);
        if (initrdSize > 0) {
            if (initrdAddress >= ramEnd) {
                throw new InvalidImageException("not enough space after kernel " + kernelName + " to load initrd " + initrdName);
            }
            if (initrdAddress + initrdSize > ramEnd) {
                throw new InvalidImageException(String.format("could not load initrd %s: too big to fit into RAM after the kernel "
                        + "(%d bytes at 0x%08x, RAM ends at 0x%08x)", initrdName, initrdSize, initrdAddress, ramEnd));
            }
        }
        long argsAddress;
        if (withDtb) {
            argsAddress = alignUp(initrdAddress + initrdSize, DTB_ALIGNMENT);
            if (argsAddress >= ramEnd) {
                throw new InvalidImageException(String.format("not enough space for the dtb after the kernel and initrd (it would go at 0x%08x, RAM ends at 0x%08x)",
                        argsAddress, ramEnd));
            }
        } else {
            argsAddress = ramBase + ATAGS_OFFSET;
        }
        return new BootLayout(ramBase, ramSize, kernelAddress, kernelSize, initrdAddress, initrdSize, argsAddress);
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    public long ramEnd() {
        return loaderStart + ramSize;
    }
}
