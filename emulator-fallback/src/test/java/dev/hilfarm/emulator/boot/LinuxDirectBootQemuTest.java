package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.cpu.CpuState;
import dev.hilfarm.emulator.debug.QemuGdbProcess;
import dev.hilfarm.emulator.debug.RspClient;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same direct boot on qemu-system-arm 7.2 ({@code -M vexpress-a9 -m 1024M -kernel -dtb -initrd
 * -append}, held at reset by {@code -S}, read through its gdbstub) and on the emulated machine: the
 * boot stub, the kernel and initrd bytes, the dtb QEMU hands the kernel (the same tree for dtc, the
 * same header), and r0-r2, PC and CPSR at the kernel's first instruction.
 */
@Tag("qemu")
class LinuxDirectBootQemuTest {
    private static final long RAM_BASE = 0x60000000L;
    private static final int KERNEL_ENTRY = 0x60010000;
    private static final int CHUNK = 0x400;
    /** CPSR mode, T, F, I and A bits. The flags are UNKNOWN at reset (QEMU's read Z set), so they are not compared. */
    private static final int CPSR_STATE_BITS = 0x1ff;
    private static final String APPEND = "console=ttyAMA0 rdinit=/init";

    /** What QEMU showed: memory at reset, registers at the kernel's first instruction. */
    private record QemuBoot(byte[] stub, int[] atEntry, byte[] dtb, byte[] initrd, byte[] kernelHead, byte[] atags) {
    }

    private static QemuBoot runQemu(Path kernel, Optional<Path> dtb, Optional<Path> initrd, String append, int atagsLength)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-m", "1024M", "-nodefaults"));
        dtb.ifPresent(d -> arguments.addAll(List.of("-dtb", d.toString())));
        initrd.ifPresent(i -> arguments.addAll(List.of("-initrd", i.toString())));
        if (!append.isEmpty()) {
            arguments.addAll(List.of("-append", append));
        }
        try (QemuGdbProcess qemu = QemuGdbProcess.start(kernel, false, arguments, Duration.ofSeconds(30))) {
            RspClient gdb = qemu.gdb();
            gdb.setReplyTimeout(Duration.ofSeconds(60));
            gdb.handshake();
            int[] atReset = new int[17];
            gdb.readCoreRegisters(atReset);
            assertEquals((int) RAM_BASE, atReset[15], "QEMU starts the core at the boot stub");
            byte[] stub = read(gdb, RAM_BASE, BootStub.SIZE + 4);
            byte[] atags = atagsLength > 0 ? read(gdb, RAM_BASE + BootLayout.ATAGS_OFFSET, atagsLength) : new byte[0];
            gdb.insertBreakpoint(KERNEL_ENTRY, 4);
            assertTrue(gdb.resume(), "QEMU stopped at the kernel's entry:\n" + qemu.output());
            int[] atEntry = new int[17];
            gdb.readCoreRegisters(atEntry);
            gdb.removeBreakpoint(KERNEL_ENTRY, 4);
            byte[] dtbBytes = new byte[0];
            byte[] initrdBytes = new byte[0];
            if (dtb.isPresent()) {
                long dtbAddress = atEntry[2] & 0xffffffffL;
                byte[] header = read(gdb, dtbAddress, 8);
                dtbBytes = read(gdb, dtbAddress, DeviceTreeProperty.cellAt(header, 4));
                DeviceTreeNode chosen = DeviceTree.parse("QEMU's dtb", dtbBytes).node("/chosen").orElseThrow();
                Optional<Integer> start = chosen.property("linux,initrd-start").flatMap(DeviceTreeProperty::asU32);
                Optional<Integer> end = chosen.property("linux,initrd-end").flatMap(DeviceTreeProperty::asU32);
                if (start.isPresent() && end.isPresent()) {
                    initrdBytes = read(gdb, start.get() & 0xffffffffL, end.get() - start.get());
                }
            }
            byte[] kernelHead = read(gdb, KERNEL_ENTRY, 0x10000);
            return new QemuBoot(stub, atEntry, dtbBytes, initrdBytes, kernelHead, atags);
        }
    }

    private static byte[] read(RspClient gdb, long address, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        for (int done = 0; done < length; done += CHUNK) {
            int n = Math.min(CHUNK, length - done);
            byte[] chunk = gdb.readMemory((int) (address + done), n);
            assertNotNull(chunk, String.format("QEMU reads memory at 0x%08x", address + done));
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    private static void assertSameEntryState(int[] qemu, CpuState ours) {
        assertEquals(KERNEL_ENTRY, qemu[15]);
        assertEquals(qemu[15], ours.pc, "pc");
        for (int i = 0; i <= 2; i++) {
            assertEquals(qemu[i], ours.r[i], "r" + i);
        }
        assertEquals(qemu[RspClient.CPSR_INDEX] & CPSR_STATE_BITS, ours.cpsr() & CPSR_STATE_BITS,
                String.format("CPSR state bits: QEMU 0x%08x, ours 0x%08x", qemu[RspClient.CPSR_INDEX], ours.cpsr()));
    }

    @Test
    void theDebianKernelDtbAndInitrdAreLoadedAndEnteredAsQemuDoes() throws IOException {
        Path kernel = DebianImages.kernel();
        Path dtb = DebianImages.dtb(DebianImages.VEXPRESS_DTB);
        Path initrd = DebianImages.initramfs();
        QemuBoot qemu = runQemu(kernel, Optional.of(dtb), Optional.of(initrd), APPEND, 0);

        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        LinuxDirectBoot.Prepared ours = LinuxDirectBoot.load(machine, kernel, dtb, Optional.of(initrd), APPEND);
        assertArrayEquals(qemu.stub(), LinuxDirectBootTest.read(machine.bus(), RAM_BASE, BootStub.SIZE + 4), "the boot stub");
        assertArrayEquals(qemu.kernelHead(), LinuxDirectBootTest.read(machine.bus(), KERNEL_ENTRY, qemu.kernelHead().length));
        assertArrayEquals(qemu.initrd(), Files.readAllBytes(initrd), "QEMU's initrd range holds the initramfs");
        assertEquals(qemu.atEntry()[2] & 0xffffffffL, ours.layout().argsAddress(), "the dtb's address");

        byte[] ourDtb = LinuxDirectBootTest.read(machine.bus(), ours.layout().argsAddress(), ours.args().length);
        assertEquals(qemu.dtb().length, ourDtb.length, "totalsize");
        assertArrayEquals(java.util.Arrays.copyOf(qemu.dtb(), 8), java.util.Arrays.copyOf(ourDtb, 8), "magic and totalsize");
        assertArrayEquals(java.util.Arrays.copyOfRange(qemu.dtb(), 20, 32), java.util.Arrays.copyOfRange(ourDtb, 20, 32),
                "version, last compatible version, boot CPU");
        assertEquals(Dtc.dts(qemu.dtb()), Dtc.dts(ourDtb), "dtc sees the same tree");
        assertTrue(DeviceTree.parse("QEMU's dtb", qemu.dtb()).sameContentAs(DeviceTree.parse("ours", ourDtb)));

        machine.run(4);
        assertSameEntryState(qemu.atEntry(), machine.cpu().state);
    }

    @Test
    void withoutInitrdAndCommandLineTheDtbIsStillTheSame() throws IOException {
        Path kernel = DebianImages.kernel();
        Path dtb = DebianImages.dtb(DebianImages.VEXPRESS_DTB);
        QemuBoot qemu = runQemu(kernel, Optional.of(dtb), Optional.empty(), "", 0);

        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        LinuxDirectBoot.Prepared ours = LinuxDirectBoot.load(machine, kernel, dtb, Optional.empty(), "");
        assertEquals(Dtc.dts(qemu.dtb()), Dtc.dts(ours.args()));
        machine.run(4);
        assertSameEntryState(qemu.atEntry(), machine.cpu().state);
    }

    @Test
    void aDtbWithoutAGicGetsNoVirtioNodesAndTwoCellAddressesAsOnQemu() throws IOException {
        byte[] source = Dtc.compile("""
                /dts-v1/;
                /memreserve/ 0x61000000 0x1000;
                / {
                	#address-cells = <2>;
                	#size-cells = <2>;
                	model = "two cells";
                	memory { device_type = "memory"; reg = <0 0x60000000 0 0x1000>; };
                	soc { memory@1 { reg = <1>; }; };
                	memory@70000000 { device_type = "memory"; reg = <0 0x70000000 0 0x1000>; };
                };
                """);
        Path dtb = Files.createTempFile("hil-two-cells-", ".dtb");
        try {
            Files.write(dtb, source);
            Path kernel = DebianImages.kernel();
            Path initrd = DebianImages.initramfs();
            QemuBoot qemu = runQemu(kernel, Optional.of(dtb), Optional.of(initrd), "quiet", 0);
            LinuxDirectBoot.Prepared ours = LinuxDirectBoot.load(LinuxDirectBootTest.machine(), kernel, dtb, Optional.of(initrd), "quiet");
            assertEquals(Dtc.dts(qemu.dtb()), Dtc.dts(ours.args()));
            assertEquals(1, ours.warnings().size(), ours.warnings().toString());
        } finally {
            Files.delete(dtb);
        }
    }

    @Test
    void withoutADtbBothWriteTheSameAtags() throws IOException {
        Path kernel = DebianImages.kernel();
        Path initrd = DebianImages.initramfs();
        VexpressA9Machine machine = LinuxDirectBootTest.machine();
        LinuxDirectBoot.Prepared ours = LinuxDirectBoot.load(machine, KernelImage.read(kernel), Optional.empty(),
                Optional.of(BootFile.read(initrd)), APPEND);
        QemuBoot qemu = runQemu(kernel, Optional.empty(), Optional.of(initrd), APPEND, ours.args().length + 16);

        assertArrayEquals(qemu.atags(), LinuxDirectBootTest.read(machine.bus(), RAM_BASE + BootLayout.ATAGS_OFFSET, ours.args().length + 16),
                "the ATAG list and the zeros after it");
        assertArrayEquals(qemu.stub(), LinuxDirectBootTest.read(machine.bus(), RAM_BASE, BootStub.SIZE + 4));
        machine.run(4);
        assertSameEntryState(qemu.atEntry(), machine.cpu().state);
    }
}
