package dev.hilfarm.emulator.debug;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.HostCommandException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Disassembles single instructions for divergence reports with binutils' arm-none-eabi-objdump
 * (Debian package binutils-arm-none-eabi, which gcc-arm-none-eabi pulls in). The instruction's
 * bytes are disassembled at their own address, so branch targets come out right.
 */
public final class Disassembler {
    public static final String BINARY = "arm-none-eabi-objdump";
    public static final String DEBIAN_PACKAGE = "binutils-arm-none-eabi";

    private Disassembler() {
    }

    public static boolean available() {
        return HostCommand.ToolLocator.find(BINARY).isPresent();
    }

    /**
     * The disassembly of the instruction in {@code bytes} (2 or 4, little-endian as in memory) at
     * {@code pc}, e.g. {@code "add r2, r0, r1"}; throws when objdump is missing or fails.
     */
    public static String disassemble(int pc, boolean thumb, byte[] bytes) {
        Path file = null;
        try {
            file = Files.createTempFile("hilfarm-insn", ".bin");
            Files.write(file, bytes);
            HostCommand command = thumb
                    ? HostCommand.of(BINARY, "-D", "-b", "binary", "-m", "arm", "-M", "force-thumb",
                            "--adjust-vma=0x" + Integer.toHexString(pc), file.toString())
                    : HostCommand.of(BINARY, "-D", "-b", "binary", "-m", "arm",
                            "--adjust-vma=0x" + Integer.toHexString(pc), file.toString());
            String out = command.providedBy(DEBIAN_PACKAGE).timeout(Duration.ofSeconds(30)).runChecked().stdout();
            String prefix = Integer.toHexString(pc) + ":\t";
            for (String line : out.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith(prefix)) {
                    String[] columns = trimmed.split("\t");
                    StringBuilder text = new StringBuilder();
                    for (int i = 2; i < columns.length; i++) {
                        text.append(i > 2 ? " " : "").append(columns[i].strip());
                    }
                    return text.toString();
                }
            }
            throw new HostCommandException(BINARY + " printed no instruction at 0x" + Integer.toHexString(pc) + ": " + out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Size of the Thumb instruction whose first halfword is {@code first}: 4 for the 32-bit encodings. */
    public static int thumbSize(int first) {
        int top5 = (first >>> 11) & 0x1f;
        return top5 == 0x1d || top5 == 0x1e || top5 == 0x1f ? 4 : 2;
    }
}
