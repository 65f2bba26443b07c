package dev.hilfarm.emulator.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Randomized comparison with QEMU in the style of Linaro's risu: generated data-processing,
 * multiply, saturating, parallel, extend/pack/reverse and bit-field sequences, and load/store
 * sequences on a scratch buffer, in ARM and Thumb state with condition codes and IT blocks, from
 * random register and flag values. One program holds all cases; it runs once on
 * {@code qemu-system-arm -M vexpress-a9} and once on the emulator, and the register files (and a
 * hash of each scratch buffer) printed after every case must match exactly.
 *
 * <p>The seed is fixed so that CI is reproducible; {@code -Disa.diff.seed=N -Disa.diff.cases=N}
 * run other or longer batches on demand; {@code -Disa.diff.keep=true} keeps the program's sources.
 */
@Tag("qemu")
class QemuDifferentialTest {
    private static final long SEED = Long.getLong("isa.diff.seed", 0x5eed_a9L);
    private static final int CASES_PER_STATE = Integer.getInteger("isa.diff.cases", 2000);
    private static final int MAX_LENGTH = 8;
    private static final int MAX_REPORTED = 8;

    @Test
    void registerFilesMatchQemuAfterEveryCase() throws IOException {
        DifferentialProgram program = DifferentialProgram.generate(SEED, CASES_PER_STATE, CASES_PER_STATE, MAX_LENGTH);
        Path dir = Toolchain.tempDirectory();
        try {
            byte[] elf = program.build(dir);
            List<String> qemu = runQemu(dir).lines().toList();
            List<String> ours = runEmulator(elf).lines().toList();
            int total = program.cases().size();
            assertEquals(total, qemu.size(), "QEMU printed one line per case");
            StringBuilder report = new StringBuilder();
            int mismatches = 0;
            for (int i = 0; i < total; i++) {
                String expected = qemu.get(i);
                String actual = i < ours.size() ? ours.get(i) : "(missing)";
                if (!expected.equals(actual)) {
                    if (++mismatches <= MAX_REPORTED) {
                        report.append(program.cases().get(i).describe()).append('\n')
                                .append("  qemu: ").append(expected).append('\n')
                                .append("  ours: ").append(actual).append('\n')
                                .append("        ").append(differences(expected, actual)).append('\n');
                    }
                }
            }
            System.out.println("isa differential: " + total + " cases compared with QEMU (seed " + SEED + "), "
                    + mismatches + " mismatches");
            if (mismatches > 0) {
                fail(mismatches + " of " + total + " cases differ from QEMU (seed " + SEED + "):\n" + report);
            }
        } finally {
            if (Boolean.getBoolean("isa.diff.keep")) {
                System.out.println("isa differential: program kept in " + dir);
            } else {
                Toolchain.deleteRecursively(dir);
            }
        }
    }

    private static String runQemu(Path dir) throws IOException {
        Path out = dir.resolve("qemu.txt");
        HostCommand.of("qemu-system-arm", "-M", "vexpress-a9", "-cpu", "cortex-a9", "-m", "128M",
                        "-display", "none", "-monitor", "none", "-serial", "null",
                        "-audiodev", "none,id=noaudio", "-global", "pl041.audiodev=noaudio",
                        "-chardev", "file,id=semihosting,path=" + out,
                        "-semihosting-config", "enable=on,target=native,chardev=semihosting",
                        "-kernel", dir.resolve("prog.elf").toString())
                .timeout(Duration.ofMinutes(2)).providedBy("qemu-system-arm").runChecked();
        return Files.readString(out);
    }

    private static String runEmulator(byte[] elf) {
        TestMachine machine = TestMachine.fromElf(ElfImage.parse(elf));
        machine.cpu.run(50_000_000L);
        assertTrue(machine.semihosting.exited, "the program ran to SYS_EXIT on the emulator; pc="
                + TestMachine.hex(machine.s.pc) + " near " + machine.nearestSymbol(machine.s.pc));
        return machine.semihosting.output.toString();
    }

    /** Names the words that differ: r0-r12 and psr. */
    private static String differences(String expected, String actual) {
        String[] e = expected.split(" ");
        String[] a = actual.split(" ");
        StringBuilder b = new StringBuilder("differs in:");
        for (int i = 1; i < Math.min(e.length, a.length); i++) {
            if (!e[i].equals(a[i])) {
                b.append(i == 14 ? " psr" : i == 15 ? " memory" : " r" + (i - 1));
            }
        }
        return b.toString();
    }
}
