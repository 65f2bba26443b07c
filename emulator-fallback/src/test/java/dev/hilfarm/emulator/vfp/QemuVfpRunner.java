package dev.hilfarm.emulator.vfp;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs differential-test cases on QEMU's cortex-a9: builds the bare-metal runner (runner.S, main.c,
 * link.ld from the test resources, the cases linked in with .incbin) with Debian's
 * arm-none-eabi-gcc and runs it on {@code qemu-system-arm -M vexpress-a9 -semihosting}; each case
 * comes back as one line of hexadecimal words (the record {@link VfpCaseRunner} also produces).
 */
final class QemuVfpRunner {
    private static final String[] SOURCES = {"runner.S", "main.c", "link.ld"};

    private QemuVfpRunner() {
    }

    static List<int[]> run(List<VfpCaseGenerator.Case> cases, Path workDirectory) throws IOException {
        for (String name : SOURCES) {
            try (InputStream in = QemuVfpRunner.class.getResourceAsStream("qemu/" + name)) {
                if (in == null) {
                    throw new IOException("test resource qemu/" + name + " is missing");
                }
                Files.write(workDirectory.resolve(name), in.readAllBytes());
            }
        }
        ByteBuffer table = ByteBuffer.allocate(cases.size() * VfpCaseRunner.RECORD_IN * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (VfpCaseGenerator.Case c : cases) {
            for (int word : c.in()) {
                table.putInt(word);
            }
        }
        Files.write(workDirectory.resolve("cases.bin"), table.array());
        Path elf = workDirectory.resolve("vfp-runner.elf");
        HostCommand.of("arm-none-eabi-gcc", "-mcpu=cortex-a9", "-mfpu=vfpv3-d16", "-mfloat-abi=hard", "-marm", "-O2",
                        "-ffreestanding", "-nostdlib", "-nostartfiles", "-Wa,-I," + workDirectory,
                        "-T", workDirectory.resolve("link.ld").toString(), "-o", elf.toString(),
                        workDirectory.resolve("runner.S").toString(), workDirectory.resolve("main.c").toString())
                .providedBy("gcc-arm-none-eabi")
                .timeout(Duration.ofMinutes(2))
                .runChecked();
        HostCommand.Result result = HostCommand.of("qemu-system-arm", "-M", "vexpress-a9", "-cpu", "cortex-a9",
                        "-nodefaults", "-display", "none", "-audiodev", "none,id=none", "-monitor", "none",
                        "-serial", "none", "-semihosting", "-kernel", elf.toString())
                .providedBy("qemu-system-arm")
                .timeout(Duration.ofMinutes(2))
                .runChecked();
        // Semihosting console output goes to stderr when no serial port is configured.
        List<int[]> records = new ArrayList<>(cases.size());
        for (String line : (result.stdout() + "\n" + result.stderr()).split("\n")) {
            String[] words = line.trim().split(" ");
            if (words.length != VfpCaseRunner.RECORD_OUT || words[0].length() != 8) {
                continue;
            }
            int[] record = new int[VfpCaseRunner.RECORD_OUT];
            for (int i = 0; i < record.length; i++) {
                record[i] = Integer.parseUnsignedInt(words[i], 16);
            }
            record[18] &= Fpscr.NZCV;
            records.add(record);
        }
        if (records.size() != cases.size()) {
            throw new IOException("QEMU printed " + records.size() + " results for " + cases.size() + " cases; stderr: "
                    + result.lastErrorLine());
        }
        return records;
    }
}
