package dev.hilfarm.image.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.emulator.machine.EmulatedBoard;
import dev.hilfarm.emulator.machine.MachineOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference hypervisor's ELF on hilfarm's own emulator: the same promises as on QEMU
 * ({@link HypervisorTranscript#problems}), and - since both count time in instructions (QEMU
 * with -icount shift=0, the emulator by default: 1 ns per instruction) - the very same console
 * bytes as QEMU. A difference is an emulator bug; the failure names the first differing line.
 */
@Tag("qemu")
class HypervisorOnEmulatorTest {
    @TempDir
    static Path tmp;

    static BoardProfile board;
    static HypervisorImage image;
    static String emulated;

    @BeforeAll
    static void buildAndRunOnTheEmulator() throws Exception {
        board = BoardProfiles.load(Optional.empty()).find("vexpress-a9").orElseThrow();
        image = new HypervisorBuilder().build(board, HypervisorRecipe.reference(), tmp.resolve("hv"));
        emulated = runOnEmulator(image.elf());
    }

    static String runOnEmulator(Path elf) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (EmulatedBoard emulator = EmulatedBoard.create(board, MachineOptions.defaults(), null)) {
            emulator.machine().console().output(console::write);
            emulator.machine().loadElf(elf);
            emulator.start();
            EmulatedBoard.Exit exit = emulator.await(Duration.ofSeconds(90));
            String text = console.toString(StandardCharsets.UTF_8);
            assertEquals(EmulatedBoard.Exit.Kind.POWER_OFF, exit.kind(), exit.detail() + "\n" + text);
            return text;
        }
    }

    static String runOnQemu(Path elf) {
        return HostCommand.of("qemu-system-arm", "-M", "vexpress-a9", "-m", "1G", "-nographic", "-audiodev", "none,id=a",
                        "-icount", "shift=0", "-kernel", elf.toString())
                .providedBy("qemu-system-arm").timeout(Duration.ofMinutes(1)).runChecked().stdout();
    }

    static void assertSameConsole(String qemu, String emulator) {
        List<String> q = qemu.replace("\r", "").lines().toList();
        List<String> e = emulator.replace("\r", "").lines().toList();
        for (int i = 0; i < Math.max(q.size(), e.size()); i++) {
            String ql = i < q.size() ? q.get(i) : "<end of output>";
            String el = i < e.size() ? e.get(i) : "<end of output>";
            if (!ql.equals(el)) {
                fail("emulator and QEMU diverge at console line " + (i + 1) + ":\n  qemu:     " + ql + "\n  emulator: " + el
                        + "\n--- qemu ---\n" + qemu + "\n--- emulator ---\n" + emulator);
            }
        }
    }

    @Test
    void everyPromiseHoldsOnTheEmulator() {
        assertEquals(List.of(), HypervisorTranscript.parse(emulated).problems(board), emulated);
    }

    @Test
    void emulatorPrintsWhatQemuPrints() {
        assertSameConsole(runOnQemu(image.elf()), emulated);
    }

    /** Thumb guests: Thumb SVC immediates, Thumb undefined-instruction returns and RFE into Thumb state. */
    @Test
    void thumbGuestsBehaveTheSameOnBoth() throws Exception {
        HypervisorImage thumb = new HypervisorBuilder().build(board,
                HypervisorRecipe.reference().withGuestCode(HypervisorRecipe.GuestCode.THUMB), tmp.resolve("thumb"));
        String onEmulator = runOnEmulator(thumb.elf());
        assertEquals(List.of(), HypervisorTranscript.parse(onEmulator).problems(board), onEmulator);
        assertSameConsole(runOnQemu(thumb.elf()), onEmulator);
    }

    /**
     * The PandaBoard's tick source, the Cortex-A9 private timer (PPI 29, 100 MHz on QEMU's
     * vexpress-a9), on a vexpress profile whose platform section names it instead of the SP804.
     */
    @Test
    void a9PrivateTimerBehavesTheSameOnBoth() throws Exception {
        BoardProfile.Platform platform = board.platform().orElseThrow();
        BoardProfile withPrivateTimer = new BoardProfile(board.name(), board.description(), board.soc(), board.cpu(), board.ram(),
                board.console(), board.usb(), board.bootloader(), board.linux(), board.qemu(), board.power(),
                Optional.of(new BoardProfile.Platform(platform.interruptController(),
                        new BoardProfile.TickTimer(BoardProfile.TimerKind.A9_PRIVATE, 0x1e000600L, 29, 100_000_000L),
                        platform.powerOff())),
                board.source());
        HypervisorImage ptimer = new HypervisorBuilder().build(withPrivateTimer, HypervisorRecipe.reference(), tmp.resolve("ptimer"));
        String onEmulator = runOnEmulator(ptimer.elf());
        assertEquals(List.of(), HypervisorTranscript.parse(onEmulator).problems(board), onEmulator);
        assertSameConsole(runOnQemu(ptimer.elf()), onEmulator);
    }

    @Test
    void hilEmulateRunsItToPowerOff() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.hilfarm.harness.cli.Hil", "emulate", "--kernel",
                image.elf().toString(), "--timeout", "60s");
        Path out = tmp.resolve("hil-out.txt");
        Path err = tmp.resolve("hil-err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("hil emulate did not finish");
        }
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEquals(emulated, Files.readString(out), "hil emulate prints what the in-process emulator printed");
    }
}
