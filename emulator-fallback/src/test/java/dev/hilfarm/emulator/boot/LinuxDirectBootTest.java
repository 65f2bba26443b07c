package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeFormatException;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.machine.InvalidImageException;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.RunResult;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Debian kernel, vexpress dtb and initramfs placed in the emulated vexpress-a9, and the stub run to the kernel's first instruction. */
class LinuxDirectBootTest {
    static final String BOOTARGS = "console=ttyAMA0 rdinit=/init";

    static VexpressA9Machine machine() {
        return VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"), MachineOptions.defaults());
    }

    static byte[] read(PhysicalBus bus, long address, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) bus.read8((int) address + i);
        }
        return bytes;
    }

    @Test
    void kernelInitrdAndDtbGoWhereQemuPutsThem() throws IOException {
        VexpressA9Machine machine = machine();
        LinuxDirectBoot.Prepared boot = LinuxDirectBoot.load(machine, DebianImages.kernel(),
                DebianImages.dtb(DebianImages.VEXPRESS_DTB), Optional.of(DebianImages.initramfs()), BOOTARGS);
        byte[] kernel = Files.readAllBytes(DebianImages.kernel());
        byte[] initrd = Files.readAllBytes(DebianImages.initramfs());
        long dtbAddress = (0x68000000L + initrd.length + 0xfff) & ~0xfffL;

        BootLayout layout = boot.layout();
        assertEquals(0x60010000L, layout.kernelAddress());
        assertEquals(0x68000000L, layout.initrdAddress());
        assertEquals(dtbAddress, layout.argsAddress());
        PhysicalBus bus = machine.bus();
        assertArrayEquals(kernel, read(bus, 0x60010000L, kernel.length));
        assertArrayEquals(initrd, read(bus, 0x68000000L, initrd.length));
        byte[] dtb = read(bus, dtbAddress, boot.args().length);
        assertArrayEquals(boot.args(), dtb);
        assertEquals((Files.size(DebianImages.dtb(DebianImages.VEXPRESS_DTB)) + 10000) * 2, dtb.length,
                "the dtb carries libfdt's headroom, as QEMU passes it");

        DeviceTree tree = DeviceTree.parse("loaded dtb", dtb);
        DeviceTreeNode chosen = tree.node("/chosen").orElseThrow();
        assertEquals(Optional.of(BOOTARGS), chosen.property("bootargs").flatMap(DeviceTreeProperty::asString));
        assertEquals(Optional.of(0x68000000), chosen.property("linux,initrd-start").flatMap(DeviceTreeProperty::asU32));
        assertEquals(Optional.of(0x68000000 + initrd.length), chosen.property("linux,initrd-end").flatMap(DeviceTreeProperty::asU32));
        DeviceTreeNode memory = tree.node("/memory").orElseThrow();
        assertEquals("memory@60000000", memory.name());
        assertArrayEquals(new int[] {0x60000000, 0x40000000}, memory.property("reg").orElseThrow().asCells().orElseThrow());
        assertEquals("memory@60000000", tree.root().children().get(4).name(), "the new memory node follows the four virtio-mmio nodes");
        assertEquals("virtio_mmio@10013000", tree.root().children().get(0).name());
        assertTrue(boot.warnings().isEmpty(), boot.warnings().toString());
    }

    @Test
    void theStubEntersTheKernelWithTheBootProtocolsRegisters() throws IOException {
        VexpressA9Machine machine = machine();
        LinuxDirectBoot.Prepared boot = LinuxDirectBoot.load(machine, DebianImages.kernel(),
                DebianImages.dtb(DebianImages.VEXPRESS_DTB), Optional.of(DebianImages.initramfs()), BOOTARGS);
        CpuState state = machine.cpu().state;
        assertEquals(0x60000000, state.pc, "the core starts at the stub in RAM");
        assertEquals(0xe3a00000, machine.bus().read32(0x60000000));
        assertEquals(0x8e0, machine.bus().read32(0x60000010));
        assertEquals((int) boot.layout().argsAddress(), machine.bus().read32(0x60000014));
        assertEquals(0x60010000, machine.bus().read32(0x60000018));

        RunResult result = machine.run(4);
        assertEquals(4, result.instructions());
        assertKernelEntry(state, (int) boot.layout().argsAddress());
    }

    static void assertKernelEntry(CpuState state, int r2) {
        assertEquals(0x60010000, state.pc);
        assertEquals(0, state.r[0]);
        assertEquals(0x8e0, state.r[1]);
        assertEquals(r2, state.r[2]);
        assertEquals(Mode.SVC, state.mode());
        assertFalse(state.thumb);
        assertTrue(state.maskI && state.maskF && state.maskA, "IRQ, FIQ and asynchronous aborts masked");
    }

    @Test
    void aResetPutsBackTheImagesAndEntersTheKernelAgain() throws IOException {
        VexpressA9Machine machine = machine();
        LinuxDirectBoot.Prepared boot = LinuxDirectBoot.load(machine, DebianImages.kernel(),
                DebianImages.dtb(DebianImages.VEXPRESS_DTB), Optional.of(DebianImages.initramfs()), BOOTARGS);
        machine.run(4);
        int dtb = (int) boot.layout().argsAddress();
        // What a running kernel does to the boot images: overwrites them.
        machine.bus().write32(dtb, 0x12345678);
        machine.bus().write32(0x60000004, 0);
        machine.bus().write32(0x68000000, 0);
        machine.bus().write32(0x60010000, 0);
        machine.cpu().state.r[2] = 0;

        machine.reset();
        assertEquals(0x60000000, machine.cpu().state.pc);
        assertArrayEquals(boot.args(), read(machine.bus(), dtb, boot.args().length));
        assertArrayEquals(boot.stub(), read(machine.bus(), 0x60000000L, BootStub.SIZE));
        assertArrayEquals(java.util.Arrays.copyOf(boot.initrd(), 64), read(machine.bus(), 0x68000000L, 64));
        assertArrayEquals(java.util.Arrays.copyOf(boot.kernel().bytes(), 64), read(machine.bus(), 0x60010000L, 64));
        machine.run(4);
        assertKernelEntry(machine.cpu().state, dtb);
    }

    @Test
    void withoutAnInitrdOrCommandLineTheChosenNodeIsLeftAlone() throws IOException {
        VexpressA9Machine machine = machine();
        LinuxDirectBoot.Prepared boot = LinuxDirectBoot.load(machine, DebianImages.kernel(),
                DebianImages.dtb(DebianImages.VEXPRESS_DTB), Optional.empty(), "");
        assertEquals(0x68000000L, boot.layout().argsAddress());
        DeviceTreeNode chosen = boot.tree().orElseThrow().node("/chosen").orElseThrow();
        assertEquals(List.of(), chosen.properties());
        machine.run(4);
        assertKernelEntry(machine.cpu().state, 0x68000000);
    }

    @Test
    void withoutADtbTheKernelGetsAtags() throws IOException {
        VexpressA9Machine machine = machine();
        KernelImage kernel = KernelImage.read(DebianImages.kernel());
        LinuxDirectBoot.Prepared boot = LinuxDirectBoot.load(machine, kernel, Optional.empty(),
                Optional.of(new BootFile("initrd", new byte[5000])), "console=ttyAMA0");
        assertEquals(0x60000100L, boot.layout().argsAddress());
        int[] expected = {
            5, 0x54410001, 1, 0x1000, 0, // CORE
            4, 0x54410002, 0x40000000, 0x60000000, // MEM
            4, 0x54420005, 0x68000000, 5000, // INITRD2
            6, 0x54410009, 0x736e6f63, 0x3d656c6f, 0x41797474, 0x0030414d, // CMDLINE "console=ttyAMA0"
            0, 0}; // END
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], machine.bus().read32(0x60000100 + 4 * i), "ATAG word " + i);
        }
        machine.run(4);
        assertKernelEntry(machine.cpu().state, 0x60000100);
    }

    @Test
    void aFileThatIsNotAZImageIsRefused() {
        VexpressA9Machine machine = machine();
        java.nio.file.Path dtb = DebianImages.dtb(DebianImages.VEXPRESS_DTB);
        String message = assertThrows(InvalidImageException.class,
                () -> LinuxDirectBoot.load(machine, DebianImages.initramfs(), dtb, Optional.empty(), "")).getMessage();
        assertEquals("not an ARM image: " + DebianImages.initramfs()
                + ": gzip-compressed data; a 32-bit ARM kernel is booted as a zImage, which decompresses itself", message);
        String dtbAsKernel = assertThrows(InvalidImageException.class,
                () -> LinuxDirectBoot.load(machine, dtb, dtb, Optional.empty(), "")).getMessage();
        assertEquals(dtb + " is not a Linux zImage (no magic 0x016f2818 at offset 0x24): it is a raw binary", dtbAsKernel);
    }

    @Test
    void aBadDtbIsRefusedBeforeAnythingIsLoaded() throws IOException {
        VexpressA9Machine machine = machine();
        KernelImage kernel = KernelImage.read(DebianImages.kernel());
        DeviceTreeFormatException e = assertThrows(DeviceTreeFormatException.class, () -> LinuxDirectBoot.load(machine, kernel,
                Optional.of(new BootFile("kernel-as-dtb", kernel.bytes())), Optional.empty(), ""));
        assertTrue(e.getMessage().startsWith("kernel-as-dtb: byte offset 0x0 (0): bad magic"), e.getMessage());
        assertEquals(0, machine.bus().read32(0x60010000), "nothing was placed");

        DeviceTree noCells = DeviceTree.empty();
        String message = assertThrows(InvalidImageException.class, () -> LinuxDirectBoot.load(machine, kernel,
                Optional.of(new BootFile("empty.dtb", noCells.toDtb())), Optional.empty(), "")).getMessage();
        assertEquals("empty.dtb: the root node has no #address-cells property, which the loader needs to write /memory", message);
    }

    @Test
    void aUBootRamdiskIsRefused() throws IOException {
        byte[] wrapped = new byte[128];
        wrapped[0] = 0x27;
        wrapped[1] = 0x05;
        wrapped[2] = 0x19;
        wrapped[3] = 0x56;
        KernelImage kernel = KernelImage.read(DebianImages.kernel());
        String message = assertThrows(InvalidImageException.class, () -> LinuxDirectBoot.load(machine(), kernel, Optional.empty(),
                Optional.of(new BootFile("uInitrd", wrapped)), "")).getMessage();
        assertEquals("initrd uInitrd is a U-Boot legacy image; give the initramfs inside it (drop its first 64 bytes)", message);
    }
}
