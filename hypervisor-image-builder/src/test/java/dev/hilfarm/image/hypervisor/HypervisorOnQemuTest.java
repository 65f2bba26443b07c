package dev.hilfarm.image.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.exec.HostCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference hypervisor on QEMU's vexpress-a9: the console must show every promise of the
 * reference recipe ({@link HypervisorTranscript#problems}). Run twice: with -icount, where time is
 * the instruction count (as in hilfarm's emulator) and the output is the same every time, and on
 * QEMU's real-time clock, where the order of lines varies but every promise must still hold.
 */
@Tag("qemu")
class HypervisorOnQemuTest {
    @TempDir
    static Path tmp;

    static BoardProfile board;
    static HypervisorImage image;

    @BeforeAll
    static void build() {
        board = BoardProfiles.load(Optional.empty()).find("vexpress-a9").orElseThrow();
        image = new HypervisorBuilder().build(board, HypervisorRecipe.reference(), tmp.resolve("vexpress"));
    }

    static String runOnQemu(Path elf, boolean icount) {
        List<String> argv = new ArrayList<>(List.of("qemu-system-arm", "-M", "vexpress-a9", "-m", "1G", "-nographic",
                "-audiodev", "none,id=a", "-kernel", elf.toString()));
        if (icount) {
            argv.addAll(List.of("-icount", "shift=0"));
        }
        HostCommand.Result result = HostCommand.of(argv).providedBy("qemu-system-arm").timeout(Duration.ofMinutes(1)).runChecked();
        return result.stdout();
    }

    @Test
    void everyPromiseHoldsWithInstructionCountedTime() {
        String console = runOnQemu(image.elf(), true);
        assertEquals(List.of(), HypervisorTranscript.parse(console).problems(board), console);
    }

    @Test
    void everyPromiseHoldsOnTheRealTimeClock() {
        String console = runOnQemu(image.elf(), false);
        assertEquals(List.of(), HypervisorTranscript.parse(console).problems(board), console);
    }

    @Test
    void everyPromiseHoldsWithThumbGuests() {
        HypervisorImage thumb = new HypervisorBuilder().build(board,
                HypervisorRecipe.reference().withGuestCode(HypervisorRecipe.GuestCode.THUMB), tmp.resolve("thumb"));
        String console = runOnQemu(thumb.elf(), true);
        assertEquals(List.of(), HypervisorTranscript.parse(console).problems(board), console);
        assertTrue(console.contains("kind=hypercall(unknown nr=255,no-such-hypercall)"), "Thumb SVC immediates are 8 bits");
    }

    /** Without a restart allowance the probe's first trapped attempt stops it for good; the rest run to the end. */
    @Test
    void crashedGuestStaysStoppedAndTheOthersFinish() {
        HypervisorRecipe reference = HypervisorRecipe.reference();
        List<HypervisorRecipe.Guest> guests = reference.guests().stream()
                .map(g -> new HypervisorRecipe.Guest(g.name(), g.program(), 0)).toList();
        HypervisorImage once = new HypervisorBuilder().build(board,
                new HypervisorRecipe(guests, reference.channels(), reference.tickHz()), tmp.resolve("no-restart"));
        String console = runOnQemu(once.elf(), true).replace("\r", "");
        HypervisorTranscript transcript = HypervisorTranscript.parse(console);
        assertEquals(1, transcript.faults().size(), console);
        assertEquals("probe", transcript.faults().get(0).guest());
        assertTrue(console.contains("hv: guest=probe stopped (fault)\n"), console);
        assertTrue(!console.contains("restarted"), console);
        for (String guest : List.of("work", "personal", "drm-service")) {
            assertTrue(console.contains("hv: guest=" + guest + " exited status=0\n"), guest + "\n" + console);
        }
        assertTrue(transcript.textOf("personal").stream().anyMatch(t -> t.endsWith(" intact")), console);
        assertTrue(console.endsWith("hv: all guests stopped\n"), console);
    }

    @Test
    void instructionCountedRunsPrintTheSameBytes() {
        assertEquals(runOnQemu(image.elf(), true), runOnQemu(image.elf(), true));
    }

    /** The checker itself: a good run with one promise broken at a time must be caught, in words. */
    @Test
    void transcriptCheckCatchesEachBrokenPromise() {
        String good = runOnQemu(image.elf(), true).replace("\r", "");
        assertEquals(List.of(), HypervisorTranscript.parse(good).problems(board));
        assertCaught(good.replaceFirst("\\[work\\] progress 3/6\n", "[work] progr[personal] ess 3/6\n"), "mixes two sources");
        assertCaught(good.replaceFirst("hv: fault guest=probe [^\n]*kind=data-abort\\(permission\\) access=write[^\n]*\n", ""),
                "was not reported as a fault");
        assertCaught(good.replaceFirst("checksum after=[0-9a-f]{8}", "checksum after=00000000"), "the victim's data changed");
        assertCaught(good.replaceFirst("\\[work\\] progress 4/6\n", ""), "guest work progress lines");
        assertCaught(good.replaceFirst("rejected-hypercalls=280", "rejected-hypercalls=279"), "count of rejected hypercalls");
        assertCaught(good.replaceFirst("hv: all guests stopped\n", ""), "did not end with");
        assertCaught(good.replaceFirst("mode still usr", "mode now svc"), "did not show that this changed nothing");
    }

    private static void assertCaught(String broken, String expectedProblem) {
        List<String> problems = HypervisorTranscript.parse(broken).problems(board);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expectedProblem)), expectedProblem + " not in " + problems);
    }

    /** hv.bin is what U-Boot loads and jumps to: loaded raw at its load address, it must run exactly as the ELF. */
    @Test
    void rawBinaryAtTheLoadAddressRunsLikeTheElf() {
        String address = String.format("0x%08x", image.loadAddress());
        String raw = HostCommand.of("qemu-system-arm", "-M", "vexpress-a9", "-m", "1G", "-nographic", "-audiodev", "none,id=a",
                        "-icount", "shift=0", "-device", "loader,file=" + image.binary() + ",addr=" + address + ",force-raw=on",
                        "-device", "loader,addr=" + address + ",cpu-num=0")
                .providedBy("qemu-system-arm").timeout(Duration.ofMinutes(1)).runChecked().stdout();
        assertEquals(runOnQemu(image.elf(), true), raw);
    }
}
