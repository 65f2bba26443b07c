package dev.hilfarm.emulator.system;

import dev.hilfarm.board.CpuModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole MRC/MCR encoding space of CP15 and CP14, from PL1 and User mode, against what QEMU 7.2
 * reports: the probe's output recorded on QEMU (cp15-probe-cortex-a9.txt, -a8.txt) must equal the
 * replay of the same sequence on {@link Cp15} and {@link Cp14Debug}, line for line. That covers
 * which encodings exist from which privilege, identity and reset values, write masks and the
 * effects of writes (PMU set/clear pairs, OS lock, aliases).
 *
 * <p>One known difference is normalised: on QEMU an MRC of a no-op register (TLB lockdown c10,
 * DBGDCCINT, DBGVCR) leaves Rt unchanged, which the probe prints as "unchanged" (or its canary
 * 5a5a5a5a); {@link dev.hilfarm.emulator.cpu.Coprocessor#mrc} must return a value, so here they read zero.
 */
class Cp15ProbeTest {
    private static final Pattern VBAR_LINE = Pattern.compile("read pl1 p15 0 c12 c0 0 = ([0-9a-f]{8})");

    @Test
    void cortexA9MatchesQemu() {
        assertReplayMatches(CpuModel.CORTEX_A9, 0x1e000000, "cp15-probe-cortex-a9.txt");
    }

    @Test
    void cortexA8MatchesQemu() {
        assertReplayMatches(CpuModel.CORTEX_A8, 0, "cp15-probe-cortex-a8.txt");
    }

    /** The recordings are QEMU's truth: the probe run on QEMU now must print them again. */
    @Test
    @Tag("qemu")
    void recordingsAreWhatQemuPrints(@TempDir Path a9, @TempDir Path a8) {
        assertEquals(QemuBareMetal.resource("cp15-probe-cortex-a9.txt"), QemuBareMetal.run(
                QemuBareMetal.build(a9, QemuBareMetal.Board.VEXPRESS_A9, "cp15-probe.c", Map.of()),
                QemuBareMetal.Board.VEXPRESS_A9));
        assertEquals(QemuBareMetal.resource("cp15-probe-cortex-a8.txt"), QemuBareMetal.run(
                QemuBareMetal.build(a8, QemuBareMetal.Board.CUBIEBOARD_A8, "cp15-probe.c", Map.of()),
                QemuBareMetal.Board.CUBIEBOARD_A8));
    }

    private static void assertReplayMatches(CpuModel model, int cbar, String recording) {
        String expected = QemuBareMetal.resource(recording)
                .replace("= unchanged", "= 00000000")
                .replace("5a5a5a5a", "00000000");
        Matcher vbar = VBAR_LINE.matcher(expected);
        if (!vbar.find()) {
            throw new IllegalStateException(recording + " has no VBAR line");
        }
        String actual = new Cp15ProbeReplay(model, cbar, Integer.parseUnsignedInt(vbar.group(1), 16)).run();
        assertLinesEqual(expected, actual);
    }

    /** Like assertEquals, but the failure names the first differing line. */
    static void assertLinesEqual(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            assertEquals(e[i], a[i], "line " + (i + 1));
        }
        assertEquals(e.length, a.length, "number of lines");
    }
}
