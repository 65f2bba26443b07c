package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hil images uboot}: bad input is one line and exit status 2, before anything is fetched or built. */
class ImagesUBootCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFragmentWithATypoNamesFileAndLine() throws Exception {
        Path fragment = dir.resolve("fit.config");
        Files.writeString(fragment, "CONFIG_FIT=y\nFIT_SIGNATURE=y\n");

        Run run = hil("images", "uboot", "--board", "vexpress-a9", "--fragment", fragment.toString());

        assertEquals(Hil.EXIT_INFRASTRUCTURE, run.status());
        assertEquals("hil: " + fragment + ":2: not a Kconfig setting: 'FIT_SIGNATURE=y' (expected CONFIG_NAME=value "
                + "or # CONFIG_NAME is not set)\n", run.err());
    }

    @Test
    void aTypoInTheSecondOfTwoFragmentsIsNamed() throws Exception {
        Path fit = dir.resolve("fit.config");
        Files.writeString(fit, "CONFIG_FIT=y\n");
        Path usb = dir.resolve("usb.config");
        Files.writeString(usb, "# USB gadgets\nCONFIG_CMD_DFU=yes please\nCMD_FASTBOOT=y\n");

        Run run = hil("images", "uboot", "--board", "beaglebone-black", "--fragment", fit.toString(),
                "--fragment", usb.toString());

        assertEquals(Hil.EXIT_INFRASTRUCTURE, run.status());
        assertTrue(run.err().startsWith("hil: " + usb + ":3: not a Kconfig setting: 'CMD_FASTBOOT=y'"), run.err());
    }

    @Test
    void aMissingFragmentFileIsNamed() {
        Run run = hil("images", "uboot", "--board", "vexpress-a9", "--fragment", dir.resolve("none.config").toString());

        assertEquals(Hil.EXIT_INFRASTRUCTURE, run.status());
        assertTrue(run.err().startsWith("hil: cannot read the fragment " + dir.resolve("none.config")), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void aDefconfigThatCouldBeAMakeOptionIsRefused() {
        Run run = hil("images", "uboot", "--board", "vexpress-a9", "--defconfig", "-j64");

        assertEquals(Hil.EXIT_INFRASTRUCTURE, run.status());
        assertEquals("hil: '-j64' is not a U-Boot defconfig name (like vexpress_ca9x4, without _defconfig)\n", run.err());
    }

    @Test
    void anUnknownBoardListsTheKnownOnes() {
        Run run = hil("images", "uboot", "--board", "raspberry");

        assertEquals(Hil.EXIT_INFRASTRUCTURE, run.status());
        assertTrue(run.err().startsWith("hil: ") && run.err().contains("vexpress-a9"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    private record Run(int status, String err) {
    }

    private static Run hil(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Hil.execute(args);
            return new Run(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
