package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.emulator.pty.PseudoTerminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hil CLI as a user runs it: a separate JVM, real exit status, real output. Covers a whole
 * smoke run with its report, and every kind of bad input the foundation promises one clear line
 * and exit status 2 for.
 */
@Tag("qemu")
class HilCommandLineTest {

    record Outcome(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @TempDir
    Path tmp;

    private Outcome hil(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.hilfarm.harness.cli.Hil"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("hil " + String.join(" ", args) + " did not finish within 5 minutes");
        }
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Outcome hil(String... args) throws Exception {
        return hil(Map.of(), args);
    }

    @Test
    void smokeRunPassesAndWritesTheReport() throws Exception {
        Outcome run = hil("run", "smoke", "--report-dir", tmp.resolve("reports").toString());
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("falling back to the emulator (vexpress-a9, in-process)"), run.out());
        assertEquals(6, run.out().lines().filter(l -> l.startsWith("  PASS ")).count(), run.out());
        assertTrue(run.out().contains("smoke: 6 passed, 0 failed, 0 broken, 0 skipped"), run.out());

        Path folder = onlyRunFolder(tmp.resolve("reports"));
        assertTrue(Files.isRegularFile(folder.resolve("allure-report/index.html")));
        String xml = Files.readString(folder.resolve("junit/TEST-junit-jupiter.xml"));
        assertTrue(xml.contains("tests=\"6\"") && xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""), xml);

        List<String> results = allureResults(folder);
        assertEquals(6, results.size());
        for (String result : results) {
            assertTrue(result.contains("\"status\":\"passed\"") || result.contains("\"status\" : \"passed\""), result);
            assertTrue(result.matches("(?s).*\"name\"\\s*:\\s*\"board\",\\s*\"value\"\\s*:\\s*\"vexpress-a9\".*"), result);
            assertTrue(result.contains("console transcript"), "transcript attached: " + result);
            assertTrue(result.contains("run: "), "console steps: " + result);
        }
        String transcript = Files.readString(folder.resolve("work/console-vexpress-a9.log"));
        assertTrue(transcript.contains("Booting Linux"), "transcript starts at the first kernel line");
    }

    @Test
    void unreachableBoardIsAnInfrastructureFailureForEveryTest() throws Exception {
        Outcome run = hil("run", "smoke", "--target", "serial:/dev/hil-no-such-adapter",
                "--report-dir", tmp.resolve("reports").toString());
        assertEquals(2, run.exit(), run.all());
        assertTrue(run.out().contains("smoke: 0 passed, 0 failed, 6 broken"), run.out());
        assertTrue(run.out().contains("/dev/hil-no-such-adapter"), run.out());
        Path folder = onlyRunFolder(tmp.resolve("reports"));
        for (String result : allureResults(folder)) {
            assertTrue(result.matches("(?s).*\"status\"\\s*:\\s*\"broken\".*"), result);
        }
    }

    @Test
    void udevRulesAreWrittenAtomicallyAndABadGroupIsOneLine() throws Exception {
        Path rules = tmp.resolve("70-hilfarm.rules");
        Outcome written = hil("udev-rules", "--out", rules.toString(), "--group", "lab");
        assertEquals(0, written.exit(), written.all());
        String text = Files.readString(rules);
        assertTrue(text.contains("ATTR{idVendor}==\"1f3a\", ATTR{idProduct}==\"efe8\", MODE=\"0660\", GROUP=\"lab\""), text);
        assertTrue(written.out().contains("hil: wrote " + rules), written.out());
        Outcome bad = hil("udev-rules", "--group", "lab; rm -rf /");
        assertEquals(2, bad.exit());
        assertOneLine(bad, "hil: --group lab; rm -rf /: not a group name");
    }

    /**
     * hil image build with a bundled recipe, twice: the second build keeps everything; a recipe
     * file with a mistake is one line naming the file, line and field. hil run hypervisor with
     * --build boots that build (through U-Boot, from the SD card and flash) and passes.
     */
    @Test
    void imageBuildIsIncrementalAndTheHypervisorSuiteBootsTheBuild() throws Exception {
        Path out = tmp.resolve("build");
        Outcome first = hil("image", "build", "vexpress-a9-hypervisor", "--out", out.toString());
        assertEquals(0, first.exit(), first.all());
        assertTrue(first.out().contains("boot from sd (sd.img): fatload mmc 0:1 0x62000000 hypervisor.itb; bootm 0x62000000"),
                first.out());
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        Outcome second = hil("image", "build", "vexpress-a9-hypervisor", "--out", out.toString());
        assertEquals(0, second.exit(), second.all());
        assertTrue(second.out().contains(": 0 built, 10 unchanged"), second.out());

        Outcome run = hil("run", "hypervisor", "--target", "qemu", "--build", out.toString(),
                "--report-dir", tmp.resolve("reports").toString());
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().contains("hypervisor: 13 passed, 0 failed, 0 broken, 0 skipped"), run.out());

        // hil flash: the build's SD card and flash images into an emulated board's storage through its
        // fastboot gadget, read back, then the board boots the hypervisor from the flashed card.
        Path storage = tmp.resolve("storage");
        Outcome flashed = hil("flash", "--build", out.toString(), "--storage", storage.toString());
        assertEquals(0, flashed.exit(), flashed.all());
        assertTrue(flashed.out().contains("hil: sd <- " + out.resolve("sd.img") + ": 67108864 bytes in 1 download"), flashed.out());
        assertTrue(flashed.out().contains("verified: read back 67108864 bytes, all equal"), flashed.out());
        assertTrue(flashed.out().contains("hil: booted vexpress-a9-hypervisor from sd"), flashed.out());
        assertArrayEquals(Files.readAllBytes(out.resolve("flash1.img")), Files.readAllBytes(storage.resolve("flash1.img")));
        Outcome again = hil("flash", "--storage", storage.toString(), "--no-boot", "sd=" + out.resolve("sd.simg"));
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("hil: sd <- " + out.resolve("sd.simg") + ": 53416 bytes in 1 download"), again.out());
        // The same through the emulated board's DFU gadget (DETACH, blocks, manifestation reset, UPLOAD read-back).
        Path small = tmp.resolve("small.img");
        byte[] bytes = new byte[300_000];
        new java.util.Random(4).nextBytes(bytes);
        Files.write(small, bytes);
        Outcome dfu = hil("flash", "--protocol", "dfu", "--storage", storage.toString(), "--no-boot", "flash0=" + small);
        assertEquals(0, dfu.exit(), dfu.all());
        assertTrue(dfu.out().contains("through its dfu gadget"), dfu.out());
        assertTrue(dfu.out().contains("verified: read back 300000 bytes, all equal"), dfu.out());
        assertArrayEquals(bytes, java.util.Arrays.copyOf(Files.readAllBytes(storage.resolve("flash0.img")), bytes.length));

        Path recipe = tmp.resolve("bad.yaml");
        Files.writeString(recipe, "board: vexpress-a9\nhypervisor:\n  guests: [{name: work, colour: red}]\n");
        Outcome bad = hil("image", "build", recipe.toString(), "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.exit(), bad.all());
        assertOneLine(bad, "hil: " + recipe + ":3: hypervisor.guests[0].colour: unknown field");
        Outcome listed = hil("image", "recipes");
        assertTrue(listed.out().contains("pandaboard-hypervisor") && listed.out().contains("vexpress-a9"), listed.out());
    }

    /** A fastboot device that vanishes mid-download: hil flash says interrupted, exit 3, never success. */
    @Test
    void anInterruptedFlashIsReportedAsInterrupted() throws Exception {
        Path image = tmp.resolve("big.img");
        Files.write(image, new byte[4 << 20]);
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread device = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    dev.hilfarm.board.flash.FastbootTcpLink link = dev.hilfarm.board.flash.FastbootTcpLink.device(s);
                    byte[] message = new byte[64];
                    link.readMessage(message);   // getvar:max-download-size
                    byte[] max = "OKAY0x01000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    link.write(max, 0, max.length);
                    link.readMessage(message);   // download:00400000
                    byte[] data = "DATA00400000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    link.write(data, 0, data.length);
                    s.getInputStream().readNBytes(1 << 20);   // a quarter of it, then the device is gone
                } catch (java.io.IOException ignored) {
                    // gone is all the test needs
                }
            });
            device.start();
            Outcome run = hil("flash", "--target", "tcp:127.0.0.1:" + server.getLocalPort(), "sd=" + image);
            device.join(10_000);
            assertEquals(3, run.exit(), run.all());
            assertTrue(run.err().contains("hil: flash of sd interrupted after "), run.err());
            assertTrue(run.err().contains("sd is not verified, run the same command again"), run.err());
            assertFalse(run.out().contains("verified: read back"), run.out());
        }
    }

    @Test
    void unknownBoardIsOneLineAndExit2() throws Exception {
        Outcome run = hil("run", "smoke", "--board", "raspberry-pi");
        assertEquals(2, run.exit());
        assertOneLine(run, "hil: unknown board 'raspberry-pi' (known boards: beagleboard-xm");
        Outcome show = hil("boards", "show", "raspberry-pi");
        assertEquals(2, show.exit());
    }

    @Test
    void unknownSuiteNamesTheKnownOnes() throws Exception {
        Outcome run = hil("run", "no-such-suite");
        assertEquals(2, run.exit());
        assertOneLine(run, "hil: unknown suite 'no-such-suite' (known suites: console, health, hypervisor, smoke, userland)");
    }

    @Test
    void malformedProfileNamesFileLineAndField() throws Exception {
        Path boards = Files.createDirectory(tmp.resolve("boards"));
        String vexpress = new String(getClass().getClassLoader().getResourceAsStream("boards/vexpress-a9.yaml")
                .readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(boards.resolve("broken.yaml"), vexpress.replace("name: vexpress-a9", "name: broken")
                .replace("size: 1GiB", "size: lots"));
        Outcome run = hil(Map.of("HIL_BOARDS", boards.toString()), "boards");
        assertEquals(2, run.exit());
        int line = lineOf(Files.readString(boards.resolve("broken.yaml")), "size: lots");
        assertOneLine(run, "hil: " + boards.resolve("broken.yaml") + ":" + line + ": ram.size: expected a size");
    }

    @Test
    void missingQemuIsOneLineNamingThePackage() throws Exception {
        Path emptyPath = Files.createDirectory(tmp.resolve("bin"));
        Outcome run = hil(Map.of("PATH", emptyPath.toString(), "HIL_NO_INSTALL", "1"), "run", "smoke", "--target", "qemu");
        assertEquals(2, run.exit(), run.all());
        assertOneLine(run, "hil: qemu-system-arm not found on PATH; install the Debian package qemu-system-arm");
    }

    @Test
    void missingImageIsOneLineNamingThePath() throws Exception {
        Path missing = tmp.resolve("no-such-zImage");
        Outcome run = hil("run", "smoke", "--target", "qemu", "--kernel", missing.toString(),
                "--dtb", missing.toString(), "--initramfs", missing.toString());
        assertEquals(2, run.exit(), run.all());
        assertOneLine(run, "hil: image not found: " + missing);
    }

    @Test
    void portInUseIsReportedAndNothingIsLeftRunning() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open();
             var holder = dev.hilfarm.harness.serial.JSerialCommLink.open(pty.slavePath(), 115200)) {
            Outcome run = hil("run", "smoke", "--target", "serial:" + pty.slavePath(),
                    "--report-dir", tmp.resolve("reports").toString());
            assertEquals(2, run.exit(), run.all());
            assertTrue(run.out().contains(pty.slavePath()), run.out());
            assertTrue(run.out().toLowerCase().contains("in use") || run.out().toLowerCase().contains("busy"), run.out());
        }
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false)
                && p.info().command().map(c -> c.contains("qemu")).orElse(false)));
    }

    private static void assertOneLine(Outcome run, String prefix) {
        List<String> errLines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, errLines.size(), "exactly one line on stderr: " + run.err());
        assertTrue(errLines.get(0).startsWith(prefix), errLines.get(0));
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in text");
    }

    private static Path onlyRunFolder(Path reports) throws IOException {
        try (Stream<Path> s = Files.list(reports)) {
            List<Path> folders = s.filter(Files::isDirectory).toList();
            assertEquals(1, folders.size(), folders.toString());
            return folders.get(0);
        }
    }

    private static List<String> allureResults(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder.resolve("allure-results"))) {
            List<String> out = new ArrayList<>();
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                out.add(Files.readString(p));
            }
            return out;
        }
    }
}
