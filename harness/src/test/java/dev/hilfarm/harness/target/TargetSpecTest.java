package dev.hilfarm.harness.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.testboard.TestBoards;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing --target. */
class TargetSpecTest {

    @Test
    void parsesTheThreeForms() {
        assertInstanceOf(TargetSpec.Auto.class, TargetSpec.parse("auto"));
        assertInstanceOf(TargetSpec.Qemu.class, TargetSpec.parse("qemu"));
        assertEquals(new TargetSpec.Serial("/dev/ttyUSB0"), TargetSpec.parse("serial:/dev/ttyUSB0"));
        assertEquals(new TargetSpec.Serial("/dev/serial/by-id/usb-FTDI_FT232R-if00-port0"),
                TargetSpec.parse(" serial:/dev/serial/by-id/usb-FTDI_FT232R-if00-port0 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "qemu", "serial:/dev/ttyUSB0", "serial:/dev/ttyACM1"})
    void printsAsItIsWritten(String text) {
        assertEquals(text, TargetSpec.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "serial:", "serial", "/dev/ttyUSB0", "QEMU", "qemu-system-arm", "board", "auto,qemu"})
    void rejectsAnythingElseNamingTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetSpec.parse(text));
        assertEquals("--target '" + text + "': expected auto, qemu, emulator or serial:DEVICE (e.g. serial:/dev/ttyUSB0)",
                e.getMessage());
    }

    @Test
    void parsesTheEmulator() {
        assertEquals(new TargetSpec.Emulator(), TargetSpec.parse("emulator"));
        assertEquals("emulator", TargetSpec.parse(" emulator ").toString());
    }

    @Test
    void autoMustBeResolvedBeforeOpening() {
        TargetOptions options = new TargetOptions(TestBoards.vexpressA9(), Path.of("work"), Transcript.inMemory(),
                Map.of(), () -> {
                    throw new AssertionError("no images for an unresolved target");
                }, 1);
        assertThrows(IllegalStateException.class, () -> new TargetSpec.Auto().open(options));
    }

    @Test
    void serialOpensASerialTargetOnTheDeviceWithoutTouchingImages() {
        TargetOptions options = new TargetOptions(TestBoards.vexpressA9(), Path.of("work"), Transcript.inMemory(),
                Map.of("outlet", "2"), () -> {
                    throw new AssertionError("a hardware run must not fetch kernels");
                }, 1);
        try (Target target = new TargetSpec.Serial("/dev/ttyUSB7").open(options)) {
            assertInstanceOf(SerialTarget.class, target);
            assertEquals("serial:/dev/ttyUSB7", target.id());
            assertEquals(TargetBackend.HARDWARE, target.backend());
            assertTrue(target.powerControllable(), "vexpress-a9's power commands with outlet given");
            assertEquals("sispmctl -o 2", target.describe().get("power"));
        }
    }
}
