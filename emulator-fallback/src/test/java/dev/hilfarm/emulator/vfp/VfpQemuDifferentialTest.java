package dev.hilfarm.emulator.vfp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs tens of thousands of generated VFP cases on QEMU's cortex-a9 and on {@link VfpUnit} and
 * demands the same FPSCR, s0-s15, r0-r3, memory window, FPEXC, APSR flags and
 * UNDEFINED-ness, bit for bit. The seed is fixed so
 * that CI is reproducible; {@code -Dvfp.seed=N -Dvfp.cases=M} runs other or longer samples.
 */
@Tag("qemu")
class VfpQemuDifferentialTest {
    private static final int MAX_REPORTED = 25;

    @Test
    void everyGeneratedCaseMatchesQemuBitForBit(@TempDir Path work) throws Exception {
        long seed = Long.getLong("vfp.seed", 0x5eed_a9L);
        int perOperation = Integer.getInteger("vfp.cases", 600);
        List<VfpCaseGenerator.Case> cases = new VfpCaseGenerator(seed).generate(perOperation);
        List<int[]> expected = QemuVfpRunner.run(cases, work);
        VfpCaseRunner unit = new VfpCaseRunner();
        StringBuilder report = new StringBuilder();
        Map<String, Integer> mismatchesByOperation = new TreeMap<>();
        int mismatches = 0;
        for (int i = 0; i < cases.size(); i++) {
            VfpCaseGenerator.Case c = cases.get(i);
            int[] actual = unit.run(c.in());
            if (!java.util.Arrays.equals(expected.get(i), actual)) {
                mismatches++;
                mismatchesByOperation.merge(c.label(), 1, Integer::sum);
                if (mismatches <= MAX_REPORTED) {
                    report.append(describe(c, expected.get(i), actual));
                }
            }
        }
        System.out.printf("VFP differential test: %d cases compared with QEMU (seed %#x), %d mismatches%n",
                cases.size(), seed, mismatches);
        assertTrue(cases.size() > 20_000, "too few cases generated");
        assertEquals(0, mismatches, () -> "mismatches by operation: " + mismatchesByOperation + "\n" + report);
    }

    private static String describe(VfpCaseGenerator.Case c, int[] qemu, int[] ours) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s %08x fpscr=%08x in:", c.label(), c.in()[0], c.in()[1]));
        for (int i = 2; i < c.in().length; i++) {
            b.append(String.format(" %08x", c.in()[i]));
        }
        b.append("\n  qemu:");
        for (int w : qemu) {
            b.append(String.format(" %08x", w));
        }
        b.append("\n  ours:");
        for (int w : ours) {
            b.append(String.format(" %08x", w));
        }
        return b.append('\n').toString();
    }
}
