package dev.hilfarm.harness.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.UsbId;
import dev.hilfarm.harness.detect.LabScan;
import dev.hilfarm.harness.detect.SerialAdapter;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.testboard.TestBoards;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Resolving --target auto against what a lab scan found (scans built from test data). */
class TargetSelectorTest {
    private static final BoardProfile VEXPRESS = TestBoards.vexpressA9();
    private static final BoardProfile NO_QEMU = TestBoards.scriptedUBoot();
    private static final BoardProfile CUBIEBOARD = BoardProfiles.standard().get("cubieboard");

    private static final SerialAdapter FTDI = new SerialAdapter("/dev/ttyUSB0", "FT232R USB UART",
            Optional.of(new UsbId(0x0403, 0x6001)));
    private static final SerialAdapter CP210X = new SerialAdapter("/dev/ttyUSB1", "CP2102 USB to UART Bridge Controller",
            Optional.of(new UsbId(0x10c4, 0xea60)));
    private static final SerialAdapter ACM_WITHOUT_IDS = new SerialAdapter("/dev/ttyACM0", "USB ACM", Optional.empty());
    private static final SerialAdapter BUILT_IN_UART = new SerialAdapter("/dev/ttyS0", "Physical Port S0", Optional.empty());

    private final AtomicInteger scans = new AtomicInteger();

    private Supplier<LabScan> lab(SerialAdapter... adapters) {
        return () -> {
            scans.incrementAndGet();
            return new LabScan(List.of(), List.of(adapters), null);
        };
    }

    @Test
    void autoWithoutUsbAdaptersFallsBackToTheEmulatorSayingSoInOneLine() {
        TargetSelector.Selection s = new TargetSelector(lab()).select(new TargetSpec.Auto(), VEXPRESS);
        assertEquals(new TargetSpec.Emulator(), s.spec());
        assertEquals("hil: no board attached (no USB serial adapter found); falling back to the emulator"
                + " (vexpress-a9, in-process)", s.notice());
        assertEquals(1, scans.get());
    }

    @Test
    void aBoardTheEmulatorCannotBootFallsBackToQemu() {
        TargetSelector.Selection s = new TargetSelector(lab()).select(new TargetSpec.Auto(), CUBIEBOARD);
        assertEquals(new TargetSpec.Qemu(), s.spec());
        assertEquals("hil: no board attached (no USB serial adapter found); falling back to QEMU cubieboard"
                + " (the emulator cannot boot Linux on cubieboard yet)", s.notice());
    }

    @Test
    void builtInSerialPortsAreNotBoards() {
        TargetSelector.Selection s = new TargetSelector(lab(BUILT_IN_UART)).select(new TargetSpec.Auto(), VEXPRESS);
        assertEquals(new TargetSpec.Emulator(), s.spec());
        assertTrue(s.notice().contains("falling back to the emulator"), s.notice());
    }

    @Test
    void autoWithOneAdapterUsesTheBoardOnIt() {
        TargetSelector.Selection s = new TargetSelector(lab(BUILT_IN_UART, FTDI)).select(new TargetSpec.Auto(), VEXPRESS);
        assertEquals(new TargetSpec.Serial("/dev/ttyUSB0"), s.spec());
        assertEquals("hil: using the board on /dev/ttyUSB0 (FT232R USB UART)", s.notice());
    }

    @Test
    void anAcmDeviceCountsAsAnAdapterEvenWithoutUsbIds() {
        TargetSelector.Selection s = new TargetSelector(lab(ACM_WITHOUT_IDS)).select(new TargetSpec.Auto(), NO_QEMU);
        assertEquals(new TargetSpec.Serial("/dev/ttyACM0"), s.spec());
    }

    @Test
    void autoWithTwoAdaptersIsAmbiguousAndListsThem() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> new TargetSelector(lab(FTDI, BUILT_IN_UART, CP210X)).select(new TargetSpec.Auto(), VEXPRESS));
        assertEquals("several serial adapters attached (/dev/ttyUSB0, /dev/ttyUSB1): choose one with --target serial:DEVICE",
                e.getMessage());
    }

    @Test
    void aBoardWithoutQemuMachineAndNoAdapterIsAClearError() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> new TargetSelector(lab(BUILT_IN_UART)).select(new TargetSpec.Auto(), NO_QEMU));
        assertTrue(e.getMessage().contains("no scripted-uboot attached"), e.getMessage());
        assertTrue(e.getMessage().contains("the emulator cannot boot Linux on scripted-uboot and it has no QEMU machine"),
                e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
    }

    @Test
    void explicitTargetsAreTakenAsGivenWithoutScanning() {
        TargetSelector selector = new TargetSelector(lab(FTDI, CP210X));
        TargetSelector.Selection qemu = selector.select(new TargetSpec.Qemu(), VEXPRESS);
        assertEquals(new TargetSpec.Qemu(), qemu.spec());
        assertNull(qemu.notice());
        TargetSelector.Selection serial = selector.select(new TargetSpec.Serial("/dev/ttyUSB1"), NO_QEMU);
        assertEquals(new TargetSpec.Serial("/dev/ttyUSB1"), serial.spec());
        assertNull(serial.notice());
        assertEquals(0, scans.get(), "an explicit target needs no lab scan");
    }
}
