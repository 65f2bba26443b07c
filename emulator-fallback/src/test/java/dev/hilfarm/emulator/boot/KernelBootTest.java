package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.machine.InvalidImageException;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code -kernel} does with an ELF executable, a zImage and a raw binary. */
class KernelBootTest {
    private static final byte[] LOOP = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xea}; // b .

    /** A minimal ARM ELF executable: one segment of {@code code} loaded and entered at {@code address}. */
    static byte[] elf(int address, byte[] code) {
        int headerSize = 52;
        int programHeaderSize = 32;
        byte[] b = new byte[headerSize + programHeaderSize + code.length];
        System.arraycopy(KernelImageTest.elfHeader(1, 1, 40), 0, b, 0, 20);
        le(b, 20, 1); // e_version
        le(b, 24, address); // e_entry
        le(b, 28, headerSize); // e_phoff
        le(b, 36, 0x05000200); // e_flags: EABI5, hard-float
        b[40] = (byte) headerSize; // e_ehsize
        b[42] = (byte) programHeaderSize; // e_phentsize
        b[44] = 1; // e_phnum
        int ph = headerSize;
        le(b, ph, 1); // PT_LOAD
        le(b, ph + 4, headerSize + programHeaderSize); // p_offset
        le(b, ph + 8, address); // p_vaddr
        le(b, ph + 12, address); // p_paddr
        le(b, ph + 16, code.length); // p_filesz
        le(b, ph + 20, code.length); // p_memsz
        le(b, ph + 24, 5); // R+X
        le(b, ph + 28, 4);
        System.arraycopy(code, 0, b, headerSize + programHeaderSize, code.length);
        return b;
    }

    private static void le(byte[] b, int offset, int word) {
        b[offset] = (byte) word;
        b[offset + 1] = (byte) (word >>> 8);
        b[offset + 2] = (byte) (word >>> 16);
        b[offset + 3] = (byte) (word >>> 24);
    }

    private static BootFile vexpressDtb() throws IOException {
        return BootFile.read(DebianImages.dtb(DebianImages.VEXPRESS_DTB));
    }

    @Test
    void anElfAboveRamBaseGetsTheDtbAtRamBaseAndStartsAtItsEntry() throws IOException {
        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        KernelBoot.Loaded loaded = KernelBoot.load(machine, KernelImage.detect("loop.elf", elf(0x60100000, LOOP)),
                Optional.of(vexpressDtb()), Optional.empty(), "console=ttyAMA0");
        assertEquals(KernelImage.Kind.ELF, loaded.kind());
        assertEquals(Optional.of(0x60000000L), loaded.dtbAddress());
        assertEquals(0x60100000L, loaded.entry());
        assertEquals(0x60100000, machine.cpu().state.pc);
        assertEquals(0, machine.cpu().state.r[2], "an ELF image is not told where the dtb is");
        byte[] header = LinuxDirectBootTest.read(machine.bus(), 0x60000000L, 8);
        DeviceTree tree = DeviceTree.parse("dtb at RAM base",
                LinuxDirectBootTest.read(machine.bus(), 0x60000000L, DeviceTreeProperty.cellAt(header, 4)));
        assertEquals(Optional.of("console=ttyAMA0"), tree.node("/chosen").flatMap(n -> n.property("bootargs")).flatMap(DeviceTreeProperty::asString));
        machine.reset();
        assertEquals(0x60100000, machine.cpu().state.pc, "a reset restarts the ELF, not the dtb");
    }

    @Test
    void anElfCoveringRamBaseGetsTheDtbAtAddressZeroAsQemuDoes() throws IOException {
        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        KernelBoot.Loaded loaded = KernelBoot.load(machine, KernelImage.detect("low.elf", elf(0x60000000, LOOP)),
                Optional.of(vexpressDtb()), Optional.empty(), "");
        assertEquals(Optional.of(0L), loaded.dtbAddress());
        assertEquals(0xedfe0dd0, machine.bus().read32(0), "the dtb's magic, in the flash alias at 0");
        assertEquals(0xedfe0dd0, machine.bus().read32(0x40000000), "which is NOR flash 0");
        assertEquals(0x60000000, machine.cpu().state.pc);
    }

    @Test
    void anElfBelowRamGetsTheDtbAtRamBase() throws IOException {
        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        KernelBoot.Loaded loaded = KernelBoot.load(machine, KernelImage.detect("sram.elf", elf(0x48000000, LOOP)),
                Optional.of(vexpressDtb()), Optional.empty(), "");
        assertEquals(Optional.of(0x60000000L), loaded.dtbAddress());
        assertEquals(0x48000000, machine.cpu().state.pc);
    }

    @Test
    void aDtbThatDoesNotFitBelowTheElfIsRefusedRatherThanDropped() throws IOException {
        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        String message = assertThrows(InvalidImageException.class, () -> KernelBoot.load(machine,
                KernelImage.detect("near.elf", elf(0x60001000, LOOP)), Optional.of(vexpressDtb()), Optional.empty(), "")).getMessage();
        assertTrue(message.matches("dtb .*vexpress-v2p-ca9.dtb \\(48162 bytes with the loader's headroom\\) does not fit between "
                + "0x60000000 and near.elf at 0x60001000"), message);
    }

    @Test
    void anElfWithAnInitrdIsRefused() {
        String message = assertThrows(InvalidImageException.class, () -> KernelBoot.load(LinuxDirectBootTest.machine(),
                KernelImage.detect("a.elf", elf(0x60100000, LOOP)), Optional.empty(),
                Optional.of(new BootFile("rd.cpio", new byte[16])), "")).getMessage();
        assertEquals("initrd rd.cpio: a.elf is an ELF executable, and an initrd goes only with a Linux kernel image (zImage)", message);
    }

    @Test
    void aCommandLineWithoutADtbIsUselessToAnElf() {
        KernelBoot.Loaded loaded = KernelBoot.load(LinuxDirectBootTest.machine(), KernelImage.detect("a.elf", elf(0x60100000, LOOP)),
                Optional.empty(), Optional.empty(), "quiet");
        assertEquals(List.of("the kernel command line has no effect: a.elf is an ELF executable booted without a dtb"), loaded.warnings());
        assertEquals(Optional.empty(), loaded.dtbAddress());
    }

    @Test
    void aRawBinaryIsBootedLikeALinuxKernel() throws IOException {
        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        KernelBoot.Loaded loaded = KernelBoot.load(machine, KernelImage.detect("loop.bin", LOOP), Optional.empty(), Optional.empty(), "");
        assertEquals(KernelImage.Kind.RAW, loaded.kind());
        assertEquals(0x60000000L, loaded.entry());
        assertEquals(0xeafffffe, machine.bus().read32(0x60010000));
        machine.run(4);
        LinuxDirectBootTest.assertKernelEntry(machine.cpu().state, 0x60000100);
    }

    @Test
    void aZImageFromAFileBootsWithTheDtb() throws IOException {
        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        KernelBoot.Loaded loaded = KernelBoot.load(machine, DebianImages.kernel(), Optional.of(DebianImages.dtb(DebianImages.VEXPRESS_DTB)),
                Optional.of(DebianImages.initramfs()), "console=ttyAMA0");
        assertEquals(KernelImage.Kind.ZIMAGE, loaded.kind());
        long initrdEnd = 0x68000000L + Files.size(DebianImages.initramfs());
        assertEquals(Optional.of((initrdEnd + 0xfff) & ~0xfffL), loaded.dtbAddress());
        machine.run(4);
        LinuxDirectBootTest.assertKernelEntry(machine.cpu().state, (int) (long) loaded.dtbAddress().orElseThrow());
    }

    @Test
    void aFileThatIsNotAnArmImageIsRefused() throws IOException {
        java.nio.file.Path script = Files.createTempFile("hil-kernel-", ".sh");
        try {
            Files.writeString(script, "#!/bin/sh\nexit 0\n");
            String message = assertThrows(InvalidImageException.class, () -> KernelBoot.load(LinuxDirectBootTest.machine(), script,
                    Optional.empty(), Optional.empty(), "")).getMessage();
            assertEquals("not an ARM image: " + script + ": a text file, not a binary image", message);
        } finally {
            Files.delete(script);
        }
    }
}
