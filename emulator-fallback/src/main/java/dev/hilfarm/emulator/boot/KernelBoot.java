package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.emulator.machine.InvalidImageException;
import dev.hilfarm.emulator.machine.LoadedImage;
import dev.hilfarm.emulator.machine.Machine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code -kernel FILE [-dtb F] [-initrd F] [-append S]} does, for {@code hil emulate}: an ARM
 * ELF executable is loaded by its program headers and started at its entry point (the way QEMU
 * boots bare-metal programs); a zImage or any other binary is booted as a Linux kernel by
 * {@link LinuxDirectBoot}. Files that are not ARM images are refused by {@link KernelImage}.
 *
 * <p>With an ELF image QEMU still loads a given dtb (with the same edits) at the RAM base when
 * the image leaves it free, or at address 0 (the flash alias) when the image covers it, and leaves
 * r0-r2 at their reset values. Two cases QEMU passes over in silence are refused here: an initrd
 * (QEMU ignores it for ELF images) and a dtb too large for the gap below the image (QEMU drops it).
 */
public final class KernelBoot {
    private KernelBoot() {
    }

    /**
     * What was loaded.
     *
     * @param kind        the kernel's kind
     * @param entry       where the core starts after reset (the boot stub for Linux)
     * @param linux       the Linux boot's layout and pieces, for zImage and raw kernels
     * @param dtbAddress  where the dtb went, if one was given
     * @param warnings    notes for the user
     */
    public record Loaded(KernelImage.Kind kind, long entry, Optional<LinuxDirectBoot.Prepared> linux,
                         Optional<Long> dtbAddress, List<String> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    public static Loaded load(Machine machine, Path kernel, Optional<Path> dtb, Optional<Path> initrd, String append)
            throws IOException {
        KernelImage image = KernelImage.read(kernel);
        Optional<BootFile> dtbFile = dtb.isPresent() ? Optional.of(BootFile.read(dtb.get())) : Optional.empty();
        Optional<BootFile> initrdFile = initrd.isPresent() ? Optional.of(BootFile.read(initrd.get())) : Optional.empty();
        return load(machine, image, dtbFile, initrdFile, append);
    }

    public static Loaded load(Machine machine, KernelImage image, Optional<BootFile> dtb, Optional<BootFile> initrd,
                              String append) {
        if (image.kind() != KernelImage.Kind.ELF) {
            LinuxDirectBoot.Prepared prepared = LinuxDirectBoot.load(machine, image, dtb, initrd, append);
            Optional<Long> dtbAddress = dtb.isPresent() ? Optional.of(prepared.layout().argsAddress()) : Optional.empty();
            return new Loaded(image.kind(), prepared.layout().loaderStart(), Optional.of(prepared), dtbAddress, prepared.warnings());
        }
        if (initrd.isPresent()) {
            throw new InvalidImageException("initrd " + initrd.get().name() + ": " + image.name()
                    + " is an ELF executable, and an initrd goes only with a Linux kernel image (zImage)");
        }
        List<String> warnings = new ArrayList<>();
        if (dtb.isEmpty() && append != null && !append.isEmpty()) {
            warnings.add("the kernel command line has no effect: " + image.name() + " is an ELF executable booted without a dtb");
        }
        LoadedImage elf = machine.loadElf(image.name(), image.bytes());
        Optional<Long> dtbAddress = Optional.empty();
        if (dtb.isPresent()) {
            dtbAddress = Optional.of(placeDtbBesideElf(machine, elf, dtb.get(), append, warnings));
            machine.setEntry(elf.entry());
        }
        return new Loaded(KernelImage.Kind.ELF, elf.entry() & 0xffffffffL, Optional.empty(), dtbAddress, warnings);
    }

    /** QEMU's rule: the dtb goes at the RAM base unless the image covers it, then at address 0. */
    private static long placeDtbBesideElf(Machine machine, LoadedImage elf, BootFile dtb, String append, List<String> warnings) {
        long ramBase = machine.ram().base() & 0xffffffffL;
        long ramSize = machine.ram().size();
        long low = Long.MAX_VALUE;
        long high = 0;
        for (LoadedImage.Piece piece : elf.pieces()) {
            long start = piece.address() & 0xffffffffL;
            low = Math.min(low, start);
            high = Math.max(high, start + piece.length() + piece.zeros());
        }
        long address;
        long limit;
        if (low > ramBase || high < ramBase) {
            address = ramBase;
            limit = low < ramBase ? 0 : low;
        } else {
            address = 0;
            limit = 0;
        }
        DeviceTree tree = DeviceTree.parse(dtb.name(), dtb.bytes());
        BootDeviceTree.applyLoaderEdits(tree, dtb.name(), ramBase, ramSize, append, 0, 0);
        if (machine.linuxBoot().virtioTransports()) {
            BootDeviceTree.addVexpressVirtioTransports(tree, dtb.name()).ifPresent(warnings::add);
        }
        byte[] blob = tree.toDtb(LinuxDirectBoot.qemuDtbSize(dtb));
        if (limit > address && blob.length > limit - address) {
            throw new InvalidImageException(String.format("dtb %s (%d bytes with the loader's headroom) does not fit between 0x%08x and %s at 0x%08x",
                    dtb.name(), blob.length, address, elf.name(), limit));
        }
        machine.loadRaw("dtb", blob, (int) address);
        return address;
    }
}
