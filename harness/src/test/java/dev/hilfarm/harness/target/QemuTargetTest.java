package dev.hilfarm.harness.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.session.TargetSession;
import dev.hilfarm.harness.testboard.TestBoards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QemuTarget booting Debian's armhf kernel and the busybox initramfs from the image cache on QEMU's
 * vexpress-a9: power, console, transcript and process lifecycle.
 */
@Tag("qemu")
class QemuTargetTest {
    /** Bounds: a boot takes a few seconds; these only stop a hung QEMU from hanging the build. */
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final String BOOT_LINE = "Booting Linux on physical CPU";

    private static BoardProfile vexpress;
    private static LinuxImages images;
    private static Pattern prompt;

    @TempDir
    Path work;

    @BeforeAll
    static void images() {
        vexpress = TestBoards.vexpressA9();
        images = TargetSession.directBootImages(vexpress);
        prompt = Pattern.compile(vexpress.linux().shellPrompt());
    }

    private QemuTarget target(LinuxImages linux, Transcript transcript) {
        return new QemuTarget(vexpress, linux, work.resolve("qemu"), ConsoleSettings.defaults().withShellPrompt(prompt),
                transcript, 1);
    }

    @Test
    void bootsToAShellPowersOffCleanlyAndBootsAgainOnTheSameConsole() throws Exception {
        Path transcriptFile = work.resolve("console.log");
        Transcript transcript = Transcript.toFile(transcriptFile);
        try (QemuTarget target = target(images, transcript)) {
            Console console = target.console();
            assertThrows(TargetPoweredOffException.class, () -> console.run("true", COMMAND), "not powered yet");

            target.powerOn();
            QemuProcess first = target.process();
            assertNotNull(first);
            long firstPid = first.pid();
            assertTrue(firstPid > 0, "QEMU's pid among this JVM's descendants");
            String firstPty = first.ptyPath();
            assertTrue(firstPty.startsWith("/dev/pts/"), firstPty);
            console.expect(prompt, BOOT);
            CommandResult uname = console.run("uname -m", COMMAND);
            assertEquals(0, uname.exitStatus());
            assertEquals("armv7l", uname.output().strip());

            target.powerOff();
            assertNull(target.process());
            assertFalse(first.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false),
                    "QEMU (pid " + firstPid + ") must be gone once powerOff returns");
            TargetPoweredOffException off = assertThrows(TargetPoweredOffException.class,
                    () -> console.run("uname -m", COMMAND));
            assertInstanceOf(InfrastructureException.class, off);
            assertTrue(off.getMessage().contains("qemu:vexpress-a9"), off.getMessage());
            assertThrows(TargetPoweredOffException.class, () -> console.sendLine("true"));
            assertTrue(console.isLost());
            target.powerOff(); // idempotent

            target.powerOn();
            QemuProcess second = target.process();
            assertNotNull(second);
            assertNotEquals(first, second);
            assertNotEquals(firstPid, second.pid(), "a new QEMU process");
            assertSame(console, target.console(), "tests keep one Console reference across restarts");
            console.expect(prompt, BOOT);
            assertEquals("armv7l", console.run("uname -m", COMMAND).output().strip());
            assertEquals("Linux", console.run("uname -s", COMMAND).output().strip());

            String all = transcript.since(0);
            List<Integer> boots = positions(all, BOOT_LINE);
            List<Integer> unames = positions(all, "> " + "printf"); // every run() typed a line
            assertEquals(2, boots.size(), "both boots in one transcript:\n" + all);
            assertTrue(unames.size() >= 3, all);
            assertTrue(boots.get(0) < unames.get(0) && unames.get(0) < boots.get(1) && boots.get(1) < unames.get(1),
                    "first boot, its command, second boot, its commands, in that order");
        } finally {
            transcript.close();
        }
        String file = Files.readString(transcriptFile);
        assertEquals(2, positions(file, BOOT_LINE).size(), "the transcript file holds both boots too");
    }

    @Test
    void aMissingKernelOrDtbIsAnInfrastructureFailureNamingThePath() {
        Path missing = work.resolve("no-such-vmlinuz");
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> new LinuxImages(missing, images.dtb(), images.initramfs(), "test"));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Path missingDtb = work.resolve("no-such.dtb");
        e = assertThrows(InfrastructureException.class,
                () -> new LinuxImages(images.kernel(), missingDtb, images.initramfs(), "test"));
        assertTrue(e.getMessage().contains(missingDtb.toString()), e.getMessage());
    }

    @Test
    void aKernelThatDisappearsBeforePowerOnFailsNamingThePathAndLeavesNothingRunning() throws Exception {
        Set<Long> qemusBefore = qemuDescendants();
        Path kernel = Files.copy(images.kernel(), work.resolve("vmlinuz-copy"));
        LinuxImages linux = new LinuxImages(kernel, images.dtb(), images.initramfs(), "copy");
        Files.delete(kernel);
        try (QemuTarget target = target(linux, Transcript.inMemory())) {
            InfrastructureException e = assertThrows(InfrastructureException.class, target::powerOn);
            assertTrue(e.getMessage().contains(kernel.toString()), e.getMessage());
            assertNull(target.process());
            assertThrows(TargetPoweredOffException.class, () -> target.console().run("true", COMMAND));
        }
        assertEquals(qemusBefore, qemuDescendants(), "no QEMU left running");
    }

    @Test
    void aDtbThatDisappearsBeforePowerOnFailsNamingThePathAndLeavesNothingRunning() throws Exception {
        Set<Long> qemusBefore = qemuDescendants();
        Path dtb = Files.copy(images.dtb(), work.resolve("board-copy.dtb"));
        LinuxImages linux = new LinuxImages(images.kernel(), dtb, images.initramfs(), "copy");
        Files.delete(dtb);
        try (QemuTarget target = target(linux, Transcript.inMemory())) {
            InfrastructureException e = assertThrows(InfrastructureException.class, target::powerOn);
            assertTrue(e.getMessage().contains(dtb.toString()), e.getMessage());
            assertNull(target.process());
        }
        assertEquals(qemusBefore, qemuDescendants(), "no QEMU left running");
    }

    @Test
    void aBoardWithoutAQemuMachineIsRejected() {
        BoardProfile noQemu = TestBoards.scriptedUBoot();
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> new QemuTarget(noQemu, images,
                work, ConsoleSettings.defaults(), Transcript.inMemory(), 1));
        assertEquals("board scripted-uboot has no QEMU machine in its profile", e.getMessage());
    }

    static Set<Long> qemuDescendants() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith(QemuProcess.BINARY)).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static List<Integer> positions(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        List<Integer> at = new java.util.ArrayList<>();
        while (m.find()) {
            at.add(m.start());
        }
        return at;
    }
}
