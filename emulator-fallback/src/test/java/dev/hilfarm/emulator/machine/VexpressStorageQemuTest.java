package dev.hilfarm.emulator.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * storage.c drives the PL181 with an SD card and both CFI flashes; on qemu-system-arm and on the
 * emulated machine, each with its own copy of the same SD and flash images, UART0 must carry the
 * same bytes and the images must end up identical.
 */
@Tag("qemu")
class VexpressStorageQemuTest {
    @TempDir
    Path dir;

    private static void makeImages(Path into) throws IOException {
        Files.createDirectories(into);
        byte[] sd = new byte[1 << 20];
        for (int i = 0; i < sd.length; i++) {
            sd[i] = (byte) (i * 13 + (i >> 9));
        }
        Files.write(into.resolve("sd.img"), sd);
        for (String flash : List.of("flash0.img", "flash1.img")) {
            try (RandomAccessFile f = new RandomAccessFile(into.resolve(flash).toFile(), "rw")) {
                f.setLength(64L << 20);
                f.seek(0x44000); // flash 1, sector 1: something for the erase to remove
                f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
                f.seek(255L * 0x40000);
                f.write(new byte[] {9, 10, 11, 12});
            }
        }
    }

    @Test
    void theMachineDrivesSdAndFlashAsQemuDoes() throws IOException {
        byte[] elf = BareMetalBuild.build("storage.c", false);
        Path qemu = dir.resolve("qemu");
        Path emulator = dir.resolve("emulator");
        makeImages(qemu);
        makeImages(emulator);

        String expected = BareMetalBuild.runOnQemu(elf,
                "-drive", "if=sd,format=raw,file=" + qemu.resolve("sd.img"),
                "-drive", "if=pflash,format=raw,file=" + qemu.resolve("flash0.img"),
                "-drive", "if=pflash,format=raw,file=" + qemu.resolve("flash1.img"));
        assertTrue(expected.endsWith("done\n"), "QEMU ran the program to its end:\n" + expected);

        MachineOptions options = MachineOptions.defaults().withSdCard(emulator.resolve("sd.img"))
                .withFlashImages(List.of(emulator.resolve("flash0.img"), emulator.resolve("flash1.img")));
        VexpressA9Machine machine = VexpressA9Machine.create(VexpressA9MachineTest.VEXPRESS, options);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        machine.console().output(console::write);
        machine.loadElf("storage.elf", elf);
        RunResult result = machine.run(10_000_000_000L);
        assertEquals(expected, console.toString(StandardCharsets.ISO_8859_1));
        assertEquals(RunResult.Reason.POWER_OFF, result.reason(), result.toString());
        for (String image : List.of("sd.img", "flash0.img", "flash1.img")) {
            assertArrayEquals(Files.readAllBytes(qemu.resolve(image)), Files.readAllBytes(emulator.resolve(image)),
                    image + " after the run");
        }
    }
}
