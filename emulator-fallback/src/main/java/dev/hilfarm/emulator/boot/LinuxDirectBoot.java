package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.emulator.machine.InvalidImageException;
import dev.hilfarm.emulator.machine.Machine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Boots a 32-bit Linux kernel directly, as QEMU 7.2's {@code -kernel} does on vexpress-a9
 * (hw/arm/boot.c): the kernel, initrd and edited dtb (or ATAGs) are placed by {@link BootLayout}
 * and {@link BootDeviceTree}, and a {@link BootStub} at the RAM base, where the core starts after
 * every reset, enters the kernel with r0 = 0, r1 = the board ID (0x8e0 on vexpress), r2 = the dtb's
 * address, in SVC mode with interrupts masked and the MMU and caches off.
 *
 * <p>Everything is placed as machine images, so a guest reboot puts back the pristine kernel,
 * initrd, dtb and stub and restarts at the stub, as QEMU restores its ROM blobs and sets the PC
 * to the loader on reset. QEMU's vexpress-a9 enters the kernel in Secure SVC (the board has the
 * Security Extensions by default); this emulator has none, so plain SVC is the same state.
 *
 * <p>With one CPU QEMU writes no secondary-CPU stub, and vexpress-a9 has no board-setup code, so
 * the stub is all there is. Differences from QEMU: a U-Boot-wrapped kernel or ramdisk is refused
 * rather than unwrapped; the dtb blob is the same tree as QEMU's but without the NOP tokens libfdt
 * leaves where it deleted the old memory node (same {@code totalsize}, same dtc output).
 */
public final class LinuxDirectBoot {
    /** The Versatile Express machine number QEMU passes in r1 (VEXPRESS_BOARD_ID), dtb or not. */
    public static final int VEXPRESS_BOARD_ID = 0x8e0;
    /** libfdt's headroom: QEMU loads a dtb into a buffer of (file size + 10000) * 2 bytes and passes all of it. */
    static final int DTB_HEADROOM = 10000;
    private static final int UIMAGE_MAGIC = 0x27051956;

    private LinuxDirectBoot() {
    }

    /**
     * What a direct boot puts in memory, before it goes there.
     *
     * @param layout   the addresses
     * @param kernel   the kernel image, at {@code layout.kernelAddress()}
     * @param initrd   the initrd's bytes (empty for none), at {@code layout.initrdAddress()}
     * @param args     the dtb blob or the ATAG list, at {@code layout.argsAddress()}
     * @param tree     the edited device tree, when booting with one
     * @param stub     the boot stub, at {@code layout.loaderStart()}
     * @param warnings what QEMU would have warned about (a dtb without a GIC gets no virtio nodes)
     */
    public record Prepared(BootLayout layout, KernelImage kernel, byte[] initrd, byte[] args,
                           Optional<DeviceTree> tree, byte[] stub, List<String> warnings) {
        public Prepared {
            warnings = List.copyOf(warnings);
        }

        /** Places every piece in the machine and makes the stub the reset entry point. */
        public void placeInto(Machine machine) {
            machine.loadRaw(kernel.name(), kernel.bytes(), (int) layout.kernelAddress());
            if (initrd.length > 0) {
                machine.loadRaw("initrd", initrd, (int) layout.initrdAddress());
            }
            machine.loadRaw(tree.isPresent() ? "dtb" : "ATAGs", args, (int) layout.argsAddress());
            machine.loadRaw("boot stub", stub, (int) layout.loaderStart());
            machine.setEntry((int) layout.loaderStart());
        }
    }

    /**
     * Loads a zImage, a dtb and optionally an initrd into the machine and sets it to boot them,
     * now and after every reset. Refuses a kernel file that is not a zImage.
     */
    public static Prepared load(Machine machine, Path zImage, Path dtb, Optional<Path> initrd, String bootargs)
            throws IOException {
        KernelImage kernel = KernelImage.read(zImage);
        if (kernel.kind() != KernelImage.Kind.ZIMAGE) {
            throw new InvalidImageException(String.format("%s is not a Linux zImage (no magic 0x%08x at offset 0x%x): it is %s",
                    zImage, KernelImage.ZIMAGE_MAGIC, KernelImage.ZIMAGE_MAGIC_OFFSET,
                    kernel.kind() == KernelImage.Kind.ELF ? "an ELF executable" : "a raw binary"));
        }
        Optional<BootFile> initrdFile = initrd.isPresent() ? Optional.of(BootFile.read(initrd.get())) : Optional.empty();
        return load(machine, kernel, Optional.of(BootFile.read(dtb)), initrdFile, bootargs);
    }

    /** Loads a zImage or raw kernel, with or without a dtb (ATAGs then) and initrd, as QEMU's -kernel does. */
    public static Prepared load(Machine machine, KernelImage kernel, Optional<BootFile> dtb,
                                Optional<BootFile> initrd, String bootargs) {
        long ramBase = machine.ram().base() & 0xffffffffL;
        Prepared prepared = prepare(ramBase, machine.ram().size(), machine.linuxBoot().boardId(), machine.linuxBoot().virtioTransports(), kernel, dtb, initrd, bootargs);
        prepared.placeInto(machine);
        return prepared;
    }

    /**
     * Plans a boot without placing it: layout, edited dtb or ATAGs, stub.
     *
     * @param vexpress add vexpress's virtio-mmio nodes to the dtb, as QEMU's vexpress boards do
     */
    public static Prepared prepare(long ramBase, long ramSize, int boardId, boolean vexpress, KernelImage kernel,
                                   Optional<BootFile> dtb, Optional<BootFile> initrd, String bootargs) {
        if (kernel.kind() == KernelImage.Kind.ELF) {
            throw new InvalidImageException(kernel.name() + " is an ELF executable; it boots at its entry point, not as a Linux kernel");
        }
        byte[] initrdBytes = initrd.map(BootFile::bytes).orElse(new byte[0]);
        if (initrdBytes.length >= 4 && Integer.reverseBytes(KernelImage.le32(initrdBytes, 0)) == UIMAGE_MAGIC) {
            throw new InvalidImageException("initrd " + initrd.get().name() + " is a U-Boot legacy image; give the initramfs inside it "
                    + "(drop its first 64 bytes)");
        }
        String initrdName = initrd.map(BootFile::name).orElse("");
        BootLayout layout = BootLayout.plan(ramBase, ramSize, kernel.name(), kernel.size(), initrdName, initrdBytes.length, dtb.isPresent());
        List<String> warnings = new ArrayList<>();
        byte[] args;
        Optional<DeviceTree> tree;
        if (dtb.isPresent()) {
            DeviceTree edited = DeviceTree.parse(dtb.get().name(), dtb.get().bytes());
            BootDeviceTree.applyLoaderEdits(edited, dtb.get().name(), ramBase, ramSize, bootargs,
                    layout.initrdAddress(), layout.initrdSize());
            if (vexpress) {
                BootDeviceTree.addVexpressVirtioTransports(edited, dtb.get().name()).ifPresent(warnings::add);
            }
            args = edited.toDtb(qemuDtbSize(dtb.get()));
            if (layout.argsAddress() + args.length > layout.ramEnd()) {
                throw new InvalidImageException(String.format("dtb %s (%d bytes with the loader's headroom) does not fit in RAM at 0x%08x (RAM ends at 0x%08x)",
                        dtb.get().name(), args.length, layout.argsAddress(), layout.ramEnd()));
            }
            tree = Optional.of(edited);
        } else {
            args = Atags.list(ramBase, ramSize, layout.initrdAddress(), layout.initrdSize(), bootargs);
            tree = Optional.empty();
        }
        byte[] stub = BootStub.code(boardId, (int) layout.argsAddress(), (int) layout.kernelAddress());
        return new Prepared(layout, kernel, initrdBytes, args, tree, stub, warnings);
    }

    /** The size QEMU gives a dtb file: its buffer of (size + 10000) * 2 bytes, all of it passed to the guest. */
    static int qemuDtbSize(BootFile dtb) {
        long size = (dtb.bytes().length + (long) DTB_HEADROOM) * 2;
        if (size > Integer.MAX_VALUE) {
            throw new InvalidImageException("dtb " + dtb.name() + " is too large (" + dtb.bytes().length + " bytes)");
        }
        return (int) size;
    }
}
